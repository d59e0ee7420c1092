import { create } from 'zustand';
import { fixesForError } from './fixes';

export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'success';
  message: string;
  /** What fixes it (or follows from it), as buttons on the toast. */
  actions?: ToastAction[];
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
    // A toast with a button (a fix, an Undo) stays long enough to reach it.
    setTimeout(() => get().dismiss(id), toast.actions?.length ? 12_000 : toast.kind === 'error' ? 8000 : 4000);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An error as a toast, with the action that fixes it when there is one (`retry` for what may work a second time). */
export function toastError(error: unknown, options: { retry?: () => void } = {}): void {
  const actions = fixesForError(error, options.retry);
  useToasts.getState().push({ kind: 'error', message: errorMessage(error), ...(actions.length ? { actions } : {}) });
}
