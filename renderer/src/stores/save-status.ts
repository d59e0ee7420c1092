import { create } from 'zustand';

interface SaveState {
  pending: number;
  lastSavedAt: number | null;
  failed: boolean;
}

export const useSaveStatus = create<SaveState>(() => ({ pending: 0, lastSavedAt: null, failed: false }));

/** Wraps every write to the studio so the header can say "Saving…", "Saved" or "Not saved". */
export async function saving<T>(write: () => Promise<T>): Promise<T> {
  useSaveStatus.setState((s) => ({ pending: s.pending + 1 }));
  try {
    const result = await write();
    useSaveStatus.setState((s) => ({ pending: s.pending - 1, lastSavedAt: Date.now(), failed: false }));
    return result;
  } catch (error) {
    useSaveStatus.setState((s) => ({ pending: s.pending - 1, failed: true }));
    throw error;
  }
}
