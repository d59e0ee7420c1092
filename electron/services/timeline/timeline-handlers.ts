import type { timelineMethods } from '../../../shared/contract/timeline';
import type { MediaStore } from '../media/media-store';
import type { EventBus } from '../rpc/event-bus';
import type { Handlers } from '../rpc/handlers';
import type { BundledMusic } from './bundled-music';
import { importMusicPath, previewBundledTrack } from './music-import';
import type { TimelineSettingsRepository } from './timeline-settings-repository';
import type { BeatService } from './beats/beat-service';

export interface TimelineHandlerDeps {
  events: EventBus;
  settings: TimelineSettingsRepository;
  music: BundledMusic;
  store: MediaStore;
  beats: BeatService;
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
    'music.beats': async ({ projectId }) => {
      const found = await deps.beats.forProject(projectId);
      if (!found) return { status: 'no-music', beats: [], strong: [], tempoBpm: null, durationS: 0, message: null };
      const { track: _track, ...analysis } = found;
      return analysis;
    },
  } satisfies Pick<Handlers, keyof typeof timelineMethods>;
}
