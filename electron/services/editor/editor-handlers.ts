import type { editorMethods } from '../../../shared/api/editor';
import type { EventBus } from '../api/event-bus';
import type { Handlers } from '../api/handlers';
import type { MediaStore } from '../media/media-store';
import type { BundledMusic } from './bundled-music';
import type { createClipTrimmer } from './clip-trim';
import type { createEditorView } from './editor-view';
import type { ExportService } from './export-service';
import { importMusicPath, previewBundledTrack } from './music-import';
import type { TimelineSettingsRepository } from './timeline-settings';

export interface EditorHandlerDeps {
  events: EventBus;
  open: ReturnType<typeof createEditorView>;
  settings: TimelineSettingsRepository;
  trim: ReturnType<typeof createClipTrimmer>;
  music: BundledMusic;
  store: MediaStore;
  exports: ExportService;
}

export function editorHandlers(deps: EditorHandlerDeps) {
  return {
    'editor.open': ({ projectId }) => deps.open(projectId),
    'timeline.update': ({ projectId, ...patch }) => {
      const settings = deps.settings.update(projectId, patch);
      deps.events.emit({ type: 'projects.changed', payload: { projectId } });
      return settings;
    },
    'clips.trim': ({ clipId, inS, outS }) => {
      const { projectId, ...trimmed } = deps.trim(clipId, inS, outS);
      deps.events.emit({ type: 'clips.changed', payload: { projectId } });
      return trimmed;
    },
    'music.list': () => deps.music.list(),
    'music.preview': ({ trackId }) => previewBundledTrack(deps.store, deps.music, trackId),
    'music.importPath': ({ path }) => importMusicPath(deps.store, path),
    'exports.start': ({ projectId }) => deps.exports.start(projectId),
    'exports.cancel': ({ exportId }) => deps.exports.cancel(exportId),
    'exports.saveAs': ({ exportId }) => deps.exports.saveAs(exportId),
    'exports.showInFolder': ({ exportId }) => deps.exports.showInFolder(exportId),
  } satisfies Pick<Handlers, keyof typeof editorMethods>;
}
