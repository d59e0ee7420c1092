import type { editorMethods } from '../../../shared/contract/editor';
import type { Handlers } from '../rpc/handlers';
import type { createEditorView } from './editor-view';

export function editorHandlers(open: ReturnType<typeof createEditorView>) {
  return {
    'editor.open': ({ projectId }) => open(projectId),
  } satisfies Pick<Handlers, keyof typeof editorMethods>;
}
