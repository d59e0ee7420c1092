import { create } from 'zustand';
import { errorMessage, useToasts } from './toasts';

/** The dashboard's history (create, rename, duplicate, delete projects). */
export const PROJECTS_SCOPE = 'projects';

/** A project editor's history: its edits can only ever be undone while that project is open. */
export const projectScope = (projectId: string) => `project:${projectId}`;

/** One undoable edit: both directions talk to the studio, so undo survives nothing but the session. */
export interface Edit {
  label: string;
  /** Where the edit was made (PROJECTS_SCOPE or projectScope(id)); undo and redo only act within the current scope. */
  scope: string;
  undo(): Promise<unknown>;
  redo(): Promise<unknown>;
}

interface Stack {
  past: Edit[];
  future: Edit[];
}

interface HistoryState {
  /** The screen the creator is on: Ctrl+Z only undoes edits made there. */
  scope: string;
  /** Every scope's edits, the most recently used scopes first. */
  stacks: Record<string, Stack>;
  /** The current scope's edits (what Ctrl+Z and Shift+Ctrl+Z walk). */
  past: Edit[];
  future: Edit[];
  busy: boolean;
  /** Switches to a screen's history (an editor calls it with projectScope(id) when its project opens). */
  enter(scope: string): void;
  record(edit: Edit): void;
  /** Undoes the newest edit of `scope` (the current one by default). */
  undo(scope?: string): Promise<void>;
  redo(scope?: string): Promise<void>;
  /** Forgets `scope`'s edits, or every scope's. */
  clear(scope?: string): void;
  /** Takes one edit off its scope's lists (an edit recorded while saving whose save was refused). */
  forget(edit: Edit): void;
}

/** Edits kept per scope. */
export const HISTORY_LIMIT = 200;
/** Scopes whose edits are kept; the ones left longest ago are forgotten first. */
export const HISTORY_SCOPES = 8;

const EMPTY: Stack = { past: [], future: [] };

export const useHistory = create<HistoryState>((set, get) => {
  /** Writes one scope's stack, keeping the current scope's copy in `past` / `future`. */
  function write(scope: string, stack: Stack) {
    const { [scope]: _old, ...others } = get().stacks;
    const ordered: Record<string, Stack> = { [scope]: stack, ...others };
    const stacks = Object.fromEntries(Object.entries(ordered).slice(0, HISTORY_SCOPES));
    const current = stacks[get().scope] ?? EMPTY;
    set({ stacks, past: current.past, future: current.future });
  }
  const stackOf = (scope: string) => get().stacks[scope] ?? EMPTY;

  /**
   * Steps run one after another: a quick second Ctrl+Z waits for the first instead of being lost.
   * With none running, a step starts at once, on the edit that is newest when it is pressed.
   */
  let running: Promise<void> | null = null;
  function step(from: 'past' | 'future', scope: string): Promise<void> {
    const next: Promise<void> = running ? running.then(() => stepNow(from, scope)) : stepNow(from, scope);
    running = next;
    void next.finally(() => {
      if (running === next) running = null;
    });
    return next;
  }

  async function stepNow(from: 'past' | 'future', scope: string) {
    const edit = stackOf(scope)[from].at(-1);
    if (!edit) return;
    set({ busy: true });
    try {
      const future = stackOf(scope).future;
      await (from === 'past' ? edit.undo() : edit.redo());
      // Read the stack again: an edit may have been recorded while this one ran. A new edit ends
      // the redo path (record() empties `future`), so an edit undone meanwhile must not join it.
      const now = stackOf(scope);
      const superseded = now.future !== future && now.future.length === 0;
      write(
        scope,
        from === 'past'
          ? { past: now.past.filter((e) => e !== edit), future: superseded ? [] : [...now.future, edit] }
          : { past: [...now.past, edit], future: now.future.filter((e) => e !== edit) },
      );
    } catch (error) {
      // Whatever made it fail (the clip is gone, the project was emptied from the trash) will not go
      // away by pressing Ctrl+Z again: drop the edit so the next one can be undone.
      const now = stackOf(scope);
      write(scope, { past: now.past.filter((e) => e !== edit), future: now.future.filter((e) => e !== edit) });
      useToasts.getState().push({
        kind: 'error',
        message: `Could not ${from === 'past' ? 'undo' : 'redo'} “${edit.label}”: ${errorMessage(error)} It was taken off the undo list.`,
      });
    } finally {
      set({ busy: false });
    }
  }

  return {
    scope: PROJECTS_SCOPE,
    stacks: {},
    past: [],
    future: [],
    busy: false,
    enter(scope) {
      if (scope === get().scope) return;
      set({ scope });
      write(scope, stackOf(scope));
    },
    record(edit) {
      write(edit.scope, { past: [...stackOf(edit.scope).past, edit].slice(-HISTORY_LIMIT), future: [] });
    },
    forget(edit) {
      const now = stackOf(edit.scope);
      if (now.past.includes(edit) || now.future.includes(edit)) {
        write(edit.scope, { past: now.past.filter((e) => e !== edit), future: now.future.filter((e) => e !== edit) });
      }
    },
    undo: (scope) => step('past', scope ?? get().scope),
    redo: (scope) => step('future', scope ?? get().scope),
    clear(scope) {
      if (scope === undefined) {
        set({ stacks: {}, past: [], future: [] });
        return;
      }
      const { [scope]: _gone, ...rest } = get().stacks;
      const current = rest[get().scope] ?? EMPTY;
      set({ stacks: rest, past: current.past, future: current.future });
    },
  };
});
