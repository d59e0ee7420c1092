import { join } from 'node:path';
import type { AppInfo } from '../../shared/api/system';
import type { Handlers } from './api/handlers';
import { createEventBus, type EventBus } from './api/event-bus';
import { openDatabase, type Db } from './db/database';
import { projectHandlers } from './projects/project-handlers';
import { createProjectRepository } from './projects/project-repository';
import { clipHandlers } from './clips/clip-handlers';
import { createClipRepository } from './clips/clip-repository';
import { mediaHandlers } from './media/media-handlers';
import { createMediaLibrary, type MediaLibrary } from './media/media-library';
import { generateHandlers } from './generate/generate-handlers';
import { createEditor } from './editor/editor';
import { defaultResourcesDir } from './resources-dir';
import { createAppSettings } from './system/app-settings';
import { systemHandlers } from './system/system-handlers';
import { reportDiskFull } from './system/disk-full';
import type { ExportService, ShellActions } from './editor/export-service';
import { createGenerationService, type GenerationOptions, type GenerationService } from './generate/generation-service';
import { createCloudService, type CloudOptions, type CloudService } from './cloud/cloud-service';
import { cloudHandlers } from './cloud/cloud-handlers';

export interface StudioOptions {
  /** The user's data folder: the database and the media store live under it. */
  dataDir: string;
  transport: AppInfo['transport'];
  version: string;
  /** Extra providers, concurrency and retry settings for clip generation. */
  generation?: GenerationOptions;
  /** The Echoes cloud (Supabase): build config, secret store and browser opener injected by the shell; absent = local-only. */
  cloud?: CloudOptions;
  /** Folder holding music/ and samples/: resources/ in development, the app's resources when packaged. */
  resourcesDir?: string;
  /** Desktop-only actions (Save As dialog, Show in folder); absent on the bridge and the CLI. */
  shell?: ShellActions;
  /** The folder named when the disk is full (default: the data folder; the CLI names its temp folder's parent). */
  spaceFolder?: string;
}

export interface Studio {
  handlers: Handlers;
  events: EventBus;
  db: Db;
  /** Media store, importer and collector (the media protocol and the bridge serve from its store). */
  media: MediaLibrary;
  /** Clip generation: provider registry and the persisted job queue (started here, stopped by close). */
  generation: GenerationService;
  exports: ExportService;
  /** Sign-in, credits, the runway provider; local-only when no cloud options were given. */
  cloud: CloudService;
  close(): void;
}

/** Builds the whole studio from plain Node parts; the Electron shell and the bridge both wrap this. */
export function createStudio(options: StudioOptions): Studio {
  const db = openDatabase(join(options.dataDir, 'studio.db'));
  const spaceFolder = options.spaceFolder ?? options.dataDir;
  const events = createEventBus();
  const projects = createProjectRepository(db);
  projects.purgeTrash();
  const clips = createClipRepository(db);
  // Undo does not outlive a session: clips left in the trash go for good now, with their takes
  // (the media library's first collection frees their files).
  clips.purgeTrash();
  const media = createMediaLibrary({ db, events, clips, root: join(options.dataDir, 'media'), spaceFolder });
  const cloud = createCloudService({ db, events, dataDir: options.dataDir }, options.cloud);
  const generation = createGenerationService(
    { db, events, media: media.store, spaceFolder },
    options.cloud ? { ...options.generation, providers: [...(options.generation?.providers ?? []), cloud.provider] } : options.generation,
  );

  const appSettings = createAppSettings(options.dataDir);
  const editor = createEditor({ db, events, projects, clips, generation, store: media.store, encoder: () => appSettings.get().encoder, resourcesDir: options.resourcesDir ?? defaultResourcesDir(), shell: options.shell ?? {}, spaceFolder });

  const handlers: Handlers = reportDiskFull({
    ...systemHandlers({
      info: { name: 'Echoes Studio', version: options.version, transport: options.transport, dataDir: options.dataDir },
      db,
      media,
      projects,
      settings: appSettings,
      events,
    }),
    ...projectHandlers(projects, events),
    ...clipHandlers(clips, events),
    ...mediaHandlers(media),
    ...generateHandlers(generation, events),
    ...editor.handlers,
    ...cloudHandlers(cloud),
  }, spaceFolder);
  generation.start();

  return {
    handlers,
    events,
    db,
    media,
    generation,
    exports: editor.exports,
    cloud,
    close: () => {
      void editor.exports.stop();
      void generation.stop();
      cloud.close();
      media.close();
      db.close();
    },
  };
}
