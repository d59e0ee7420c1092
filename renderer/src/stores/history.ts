import { create } from 'zustand';
import { toastError } from './toasts';

/** One undoable edit: both directions talk to the studio, so undo survives nothing but the session. */
export interface Edit {
  label: string;
  undo(): Promise<unknown>;
  redo(): Promise<unknown>;
}

interface HistoryState {
  past: Edit[];
  future: Edit[];
  busy: boolean;
  record(edit: Edit): void;
  undo(): Promise<void>;
  redo(): Promise<void>;
  clear(): void;
}

const LIMIT = 200;

export const useHistory = create<HistoryState>((set, get) => {
  async function step(from: 'past' | 'future') {
    const state = get();
    const edit = state[from].at(-1);
    if (!edit || state.busy) return;
    set({ busy: true });
    try {
      await (from === 'past' ? edit.undo() : edit.redo());
      const moved = from === 'past' ? { past: state.past.slice(0, -1), future: [...state.future, edit] } : { future: state.future.slice(0, -1), past: [...state.past, edit] };
      set(moved);
    } catch (error) {
      toastError(error);
    } finally {
      set({ busy: false });
    }
  }
  return {
    past: [],
    future: [],
    busy: false,
    record(edit) {
      set({ past: [...get().past, edit].slice(-LIMIT), future: [] });
    },
    undo: () => step('past'),
    redo: () => step('future'),
    clear: () => set({ past: [], future: [] }),
  };
});
