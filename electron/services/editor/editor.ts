import { join } from 'node:path';
import type { EncoderSetting } from '../../../shared/compile';
import type { EventBus } from '../api/event-bus';
import type { ClipRepository } from '../clips/clip-repository';
import type { Db } from '../db/database';
import type { GenerationService } from '../generate/generation-service';
import type { LocalMediaStore } from '../media/media-store';
import type { ProjectRepository } from '../projects/project-repository';
import { createBundledMusic } from './bundled-music';
import { createClipTrimmer } from './clip-trim';
import { editorHandlers } from './editor-handlers';
import { createEditorView } from './editor-view';
import { createExportRepository } from './export-repository';
import { createExportService, type ShellActions } from './export-service';
import { createTimelineSettingsRepository } from './timeline-settings';

export interface EditorDeps {
  db: Db;
  events: EventBus;
  projects: ProjectRepository;
  clips: ClipRepository;
  generation: GenerationService;
  store: LocalMediaStore;
  resourcesDir: string;
  shell: ShellActions;
  /** The app-wide encoder preference, applied to every export. */
  encoder: () => EncoderSetting;
  /** The folder a full disk is reported for (the data folder). */
  spaceFolder: string;
}

/** The timeline, music and export side of the studio. */
export function createEditor(deps: EditorDeps) {
  const settings = createTimelineSettingsRepository(deps.db);
  const music = createBundledMusic(join(deps.resourcesDir, 'music'));
  const exportRepository = createExportRepository(deps.db);
  const exports = createExportService({ db: deps.db, events: deps.events, store: deps.store, settings, music, exports: exportRepository, shell: deps.shell, encoder: deps.encoder, spaceFolder: deps.spaceFolder });
  const open = createEditorView({ ...deps, settings, exports: exportRepository });
  const handlers = editorHandlers({ events: deps.events, open, settings, trim: createClipTrimmer(deps.db), music, store: deps.store, exports });
  return { handlers, exports, music, settings };
}
