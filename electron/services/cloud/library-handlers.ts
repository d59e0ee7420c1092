import type { cloudLibraryMethods } from '../../../shared/contract/cloud';
import type { Handlers } from '../rpc/handlers';
import type { CloudLibrary } from './library';

export function cloudLibraryHandlers(library: CloudLibrary) {
  return {
    'library.list': ({ cursor }) => library.list(cursor),
    'library.thumbs': async ({ takeIds }) => ({ thumbs: await library.thumbs(takeIds) }),
    'library.import': ({ projectId, takeIds, operationId }) => library.importProject(projectId, takeIds, operationId),
    'library.backup': ({ exportId, operationId }) => library.backup(exportId, operationId),
    'library.cancel': ({ operationId }) => ({ cancelled: library.cancel(operationId) }),
    'library.share': ({ videoId, lifetimeS }) => library.share(videoId, lifetimeS),
    'library.deleteVideo': ({ videoId }) => library.deleteVideo(videoId),
    'library.music': () => library.music(),
    'library.musicTrack': ({ trackId }) => library.musicTrack(trackId),
  } satisfies Pick<Handlers, keyof typeof cloudLibraryMethods>;
}
