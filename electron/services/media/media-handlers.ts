import { isAbsolute } from 'node:path';
import type { mediaMethods } from '../../../shared/contract';
import { StudioError } from '../../../shared/contract/errors';
import type { Handlers } from '../rpc/handlers';
import { displayName } from './file-name';
import type { MediaLibrary } from './media-library';

type MediaMethod = Extract<keyof typeof mediaMethods, `media.${string}`>;

export function mediaHandlers(library: MediaLibrary) {
  return {
    'media.importPaths': ({ projectId, paths, batchId }) => {
      const relative = paths.find((path) => !isAbsolute(path));
      if (relative !== undefined) throw new StudioError('INVALID_INPUT', `Paths must be absolute: "${relative.slice(0, 200)}"`);
      return library.importer.importFiles({
        projectId,
        files: paths.map((path) => ({ path, name: displayName(path) })),
        ...(batchId ? { batchId } : {}),
      });
    },
  } satisfies Pick<Handlers, MediaMethod>;
}
