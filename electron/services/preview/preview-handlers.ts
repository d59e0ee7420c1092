import type { previewMethods } from '../../../shared/contract/preview';
import type { Handlers } from '../rpc/handlers';
import type { PreviewService } from './preview-service';

export function previewHandlers(preview: PreviewService) {
  return {
    'preview.open': ({ projectId, focusS }) => preview.open(projectId, focusS ?? 0),
  } satisfies Pick<Handlers, keyof typeof previewMethods>;
}
