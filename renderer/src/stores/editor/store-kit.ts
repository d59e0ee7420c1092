import type { EditorView } from '../../../../shared/contract';
import { StudioError } from '../../../../shared/contract/errors';
import { projectScope, useHistory, type Edit } from '../history';
import type { EditorState } from './index';

export type EditorSet = (partial: Partial<EditorState>) => void;
export type EditorGet = () => EditorState;
/** A slice of the editor store: its own fields and actions, with the whole store to read and write. */
export type Slice<T> = (set: EditorSet, get: EditorGet) => T;

/** The open project and its view; throws when none is open (an action was called too early). */
export function current(get: EditorGet): { view: EditorView; projectId: string } {
  const { view, projectId } = get();
  if (!view || !projectId) throw new Error('No project is open');
  return { view, projectId };
}

/** The view, if it still shows `projectId` (an answer can arrive after the creator opened another project). */
export function viewOf(get: EditorGet, projectId: string): EditorView | null {
  const { view } = get();
  return view && view.project.id === projectId ? view : null;
}

/** Records an edit in its project's own history, so undo never touches another project. */
export function record(projectId: string, edit: Omit<Edit, 'scope'>): Edit {
  const recorded = { ...edit, scope: projectScope(projectId) };
  useHistory.getState().record(recorded);
  return recorded;
}

/**
 * Records an edit as soon as it starts, for edits whose save takes a while (removals, approvals):
 * Ctrl+Z pressed before the save has answered waits for it and then undoes it, instead of finding
 * nothing to undo (or undoing the edit before). Answers once the edit's own save has. A save the
 * studio refuses as given (INVALID_INPUT: nothing was written) takes its edit off the history again;
 * other failures keep it, since part of the edit may have been saved (undo puts it back).
 */
export async function recordWhileSaving(projectId: string, edit: Omit<Edit, 'scope'>, work: Promise<unknown>): Promise<void> {
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  const recorded = record(projectId, { ...edit, undo: () => settled.then(edit.undo) });
  try {
    await work;
  } catch (error) {
    if (error instanceof StudioError && error.code === 'INVALID_INPUT') useHistory.getState().forget(recorded);
    throw error;
  }
}
