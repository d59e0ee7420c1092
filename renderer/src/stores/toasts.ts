import { create } from 'zustand';

export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'success';
  message: string;
  action?: { label: string; run: () => void };
}

interface ToastState {
  toasts: Toast[];
  push(toast: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  push(toast) {
    const id = nextId++;
    set({ toasts: [...get().toasts, { ...toast, id }] });
    setTimeout(() => get().dismiss(id), toast.kind === 'error' ? 8000 : 4000);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function toastError(error: unknown): void {
  useToasts.getState().push({ kind: 'error', message: errorMessage(error) });
}
