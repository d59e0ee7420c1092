import type { timelineMethods } from '../../../shared/contract/timeline';
import type { MediaStore } from '../media/media-store';
import type { EventBus } from '../rpc/event-bus';
import type { Handlers } from '../rpc/handlers';
import type { BundledMusic } from './bundled-music';
import { importMusicPath, previewBundledTrack } from './music-import';
import type { TimelineSettingsRepository } from './timeline-settings-repository';

export interface TimelineHandlerDeps {
  events: EventBus;
  settings: TimelineSettingsRepository;
  music: BundledMusic;
  store: MediaStore;
}

/** The project's transition, music and output settings, and the music to choose from. */
export function timelineHandlers(deps: TimelineHandlerDeps) {
  return {
    'timeline.update': ({ projectId, ...patch }) => {
      const settings = deps.settings.update(projectId, patch);
      deps.events.emit({ type: 'projects.changed', payload: { projectId } });
      return settings;
    },
    'music.list': () => deps.music.list(),
    'music.preview': ({ trackId }) => previewBundledTrack(deps.store, deps.music, trackId),
    'music.importPath': ({ path }) => importMusicPath(deps.store, path),
  } satisfies Pick<Handlers, keyof typeof timelineMethods>;
}
