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
    'admin.music': ({ password }) => library.adminMusic(password, null),
    'admin.musicAdd': ({ password, ...input }) => library.adminMusicAdd(password, input),
    'admin.musicUpdate': ({ password, id, title, artist }) =>
      library.adminMusic(password, { music: 'update', id, ...(title !== undefined ? { title } : {}), ...(artist !== undefined ? { artist } : {}) }),
    'admin.musicOrder': ({ password, ids }) => library.adminMusic(password, { music: 'order', ids }),
    'admin.musicRemove': ({ password, id }) => library.adminMusic(password, { music: 'remove', id }),
  } satisfies Pick<Handlers, keyof typeof cloudLibraryMethods>;
}
