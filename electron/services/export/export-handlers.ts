import type { exportMethods } from '../../../shared/contract/export';
import type { Handlers } from '../rpc/handlers';
import type { ExportService } from './export-service';

export function exportHandlers(exports: ExportService) {
  return {
    'exports.start': ({ projectId }) => exports.start(projectId),
    'exports.cancel': ({ exportId }) => exports.cancel(exportId),
    'exports.saveAs': ({ exportId }) => exports.saveAs(exportId),
    'exports.showInFolder': ({ exportId }) => exports.showInFolder(exportId),
    'exports.startDrag': ({ exportId }) => exports.startDrag(exportId),
  } satisfies Pick<Handlers, keyof typeof exportMethods>;
}
