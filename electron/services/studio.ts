import { mkdirSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { journalModeForFolder } from './system/library-location';
import { ffmpegRecordFolder, reapLeftoverFfmpeg, setFfmpegRecordFolder } from './ffmpeg/reaper';
import type { AppInfo } from '../../shared/contract/system';
import type { Handlers } from './rpc/handlers';
import { createEventBus, type EventBus } from './rpc/event-bus';
import { openDatabase, type Db } from './db/database';
import { projectHandlers } from './projects/project-handlers';
import { createProjectLength, withPlannedLength } from './projects/project-length';
import { createProjectRepository } from './projects/project-repository';
import { clipHandlers } from './clips/clip-handlers';
import { createClipRepository } from './clips/clip-repository';
import { mediaHandlers } from './media/media-handlers';
import { createMediaLibrary, type MediaLibrary } from './media/media-library';
import { createMediaRepository } from './media/media-repository';
import { createPosterService } from './export/posters';
import { generateHandlers } from './generate/generate-handlers';
import { createEditorView } from './editor/editor-view';
import { editorHandlers } from './editor/editor-handlers';
import { exportHandlers } from './export/export-handlers';
import { createExportRepository } from './export/export-repository';
import { createExportService, type ExportService, type ShellActions } from './export/export-service';
import { createExportSegmentCache } from './export/export-segment-cache';
import { createBundledMusic } from './timeline/bundled-music';
import { timelineHandlers } from './timeline/timeline-handlers';
import { createBeatService } from './timeline/beats/beat-service';
import { createBeatRepository } from './timeline/beats/beat-repository';
import { createTimelineSettingsRepository } from './timeline/timeline-settings-repository';
import { defaultResourcesDir } from './resources-dir';
import { textFontsProblem } from './export/compile/text-fonts';

import { createAppSettings } from './system/app-settings';
import { systemHandlers } from './system/system-handlers';
import { reportDiskFull } from './system/disk-full';
import { createGenerationService, type GenerationOptions, type GenerationService } from './generate/generation-service';
import { createUpdateService, type UpdateOptions, type UpdateService } from './update/update-service';
import { updateHandlers } from './update/update-handlers';
import { createTelemetry, type Telemetry } from './telemetry/recorder';
import { unsentReportsFile } from './telemetry/spool';
import { telemetryHandlers } from './telemetry/telemetry-handlers';
import { exportRealtime } from './telemetry/kpis';
import { createLogger, logDirOf, logLevelFromEnv, setProcessLog, type Logger } from './log/logger';
import { createCloudService, type CloudOptions, type CloudService } from './cloud/cloud-service';
import { cloudHandlers } from './cloud/cloud-handlers';
import { createCloudLibrary } from './cloud/library';
import { cloudLibraryHandlers } from './cloud/library-handlers';
import { createPreviewCacheRepository, SEGMENT_CACHE_BYTES } from './preview/preview-cache-repository';
import { previewHandlers } from './preview/preview-handlers';
import { createPreviewService, type PreviewService } from './preview/preview-service';

/** Whether titles and captions can be drawn: the bundled fonts in `<resources>/fonts` (the CLI asks before a render with text). */
export { textFontsProblem };

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
  /** The preview cache's size limit in bytes (default 1 GiB). */
  previewBudgetBytes?: number;
  /** Auto-update (the Electron shell: the update host and how to install); absent = disabled. */
  update?: UpdateOptions;
  /** The log (default: logs/echoes.log in the data folder, level from ECHOES_LOG_LEVEL). */
  logger?: Logger;
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
  /** The live preview's pieces and their cache. */
  preview: PreviewService;
  /** Sign-in, credits, the runway provider; local-only when no cloud options were given. */
  cloud: CloudService;
  update: UpdateService;
  /** Opt-in reports: the shell records unhandled errors here. */
  telemetry: Telemetry;
  logger: Logger;
  close(): void;
}

/** Builds the whole studio from plain Node parts; the Electron shell and the bridge both wrap this. */
export function createStudio(options: StudioOptions): Studio {
  mkdirSync(options.dataDir, { recursive: true });
  // the log file of this data folder (logs/echoes.log): services, FFmpeg command lines, cloud calls
  const logger = options.logger ?? createLogger({ dir: logDirOf(options.dataDir), dataDir: options.dataDir, level: logLevelFromEnv(process.env) });
  setProcessLog(logger);
  logger.scope('studio').info(`Echoes Studio ${options.version} (${options.transport}, ${process.platform} ${process.arch}) opened its data folder`);
  // FFmpeg left running by a session of this library that crashed is killed now; this one's are recorded.
  const ffmpegRecords = join(options.dataDir, 'ffmpeg-running');
  const reaped = reapLeftoverFfmpeg(ffmpegRecords);
  if (reaped.killed.length) console.warn(`stopped ${reaped.killed.length} FFmpeg process(es) left running by a session that ended abruptly`);
  setFfmpegRecordFolder(ffmpegRecords);
  const journal = journalModeForFolder(options.dataDir);
  if (journal.reason) console.warn(`${journal.reason}: the library uses SQLite's rollback journal instead of WAL, which needs a local disk`);
  const db = openDatabase(join(options.dataDir, 'studio.db'), { journalMode: journal.mode });
  const spaceFolder = options.spaceFolder ?? options.dataDir;
  const events = createEventBus();
  const projectRows = createProjectRepository(db);
  projectRows.purgeTrash();
  const clips = createClipRepository(db);
  // Undo does not outlive a session: clips left in the trash go for good now, with their takes
  // (the media library's first collection frees their files).
  clips.purgeTrash();
  const media = createMediaLibrary({ db, events, clips, root: join(options.dataDir, 'media'), spaceFolder });
  // The Runway provider asks for a job's attempt only while the queue runs it, after `generation` exists.
  const cloud = createCloudService(
    { clips, jobAttempt: (jobId) => generation.jobs.attempt(jobId), events, dataDir: options.dataDir, kpi: (name, value) => telemetry.kpi(name, value), projectName: (id) => projectRows.get(id).name },
    options.cloud,
  );
  const generation: GenerationService = createGenerationService(
    { db, events, media: media.store, spaceFolder },
    options.cloud ? { ...options.generation, providers: [...(options.generation?.providers ?? []), cloud.provider] } : options.generation,
  );

  const appSettings = createAppSettings(options.dataDir);
  const timeline = createTimelineSettingsRepository(db);
  const resourcesDir = options.resourcesDir ?? defaultResourcesDir();
  const music = createBundledMusic(join(resourcesDir, 'music'));
  // Titles and captions need the bundled fonts: said once at start (exports without text still work).
  const fontsDir = join(resourcesDir, 'fonts');
  const fontsProblem = textFontsProblem(fontsDir);
  if (fontsProblem) logger.scope('studio').error(fontsProblem);
  const beats = createBeatService({ beats: createBeatRepository(db), settings: timeline, music, store: media.store });
  // Every summary says the length the export will have (planned, transitions overlapping, fitted to the beat).
  const projects = withPlannedLength(projectRows, createProjectLength({ clips, settings: timeline, beats }));
  const exportRepository = createExportRepository(db);
  const segmentCacheRows = createPreviewCacheRepository(db);
  const exports = createExportService({
    clips,
    projects,
    events,
    store: media.store,
    settings: timeline,
    music,
    exports: exportRepository,
    shell: options.shell ?? {},
    encoder: () => appSettings.get().encoder,
    spaceFolder,
    namedCopiesDir: join(options.dataDir, 'exports'),
    segmentCache: createExportSegmentCache({
      store: media.store,
      cache: segmentCacheRows,
      collect: (ids) => media.collectGarbage(ids),
      budgetBytes: options.previewBudgetBytes ?? SEGMENT_CACHE_BYTES,
    }),
    fontsDir,
    beats,
  });
  const telemetry = createTelemetry({
    consented: () => appSettings.get().reports === 'on',
    sender: { send: (batch) => cloud.sendTelemetry(batch) },
    appVersion: options.version,
    os: `${process.platform} ${release()} ${process.arch}`,
    redactor: logger.redactor,
    // what is still unsent at quit is sent by the next start (<data>/reports/unsent.json)
    spoolFile: unsentReportsFile(options.dataDir),
    log: logger.scope('telemetry'),
  });
  const update = createUpdateService(
    {
      dataDir: options.dataDir,
      version: options.version,
      settings: appSettings,
      events,
      log: logger.scope('update'),
      // never restart under an export or a generation
      busy: () => (exports.active() ? 'an export is running' : generation.jobs.hasActive() ? 'clips are being generated' : null),
    },
    options.update,
  );
  events.subscribe((event) => {
    if (event.type === 'export.progress' && event.payload.state !== 'running') update.busyChanged();
    if (event.type === 'job.updated' && (event.payload.state === 'succeeded' || event.payload.state === 'failed' || event.payload.state === 'cancelled')) update.busyChanged();
    // the export KPI: seconds of video per second of compile
    if (event.type === 'export.progress' && event.payload.state === 'succeeded') {
      const kpi = exportRealtime(event.payload);
      if (kpi !== null) telemetry.kpi('export_x_realtime', kpi);
    }
  });
  const preview = createPreviewService({
    clips,
    settings: timeline,
    music,
    store: media.store,
    cache: segmentCacheRows,
    collect: (ids) => media.collectGarbage(ids),
    events,
    fontsDir,
    beats,
    ...(options.previewBudgetBytes !== undefined ? { budgetBytes: options.previewBudgetBytes } : {}),
  });
  void exports.pruneNamedCopies();
  const posters = createPosterService({ clips, settings: timeline, store: media.store, media: createMediaRepository(db) });
  // the cloud library (issue 22): cloud projects, takes, backups and the music catalogue
  const cloudLibrary = createCloudLibrary({
    access: cloud.access,
    dataDir: options.dataDir,
    events,
    store: media.store,
    importer: media.importer,
    projects: projectRows,
    clips,
    takes: generation.takes,
    exports: exportRepository,
    timeline,
    log: (message, error) => logger.scope('cloud-library').warn(message, error),
  });
  const openEditor = createEditorView({ projects, clips, generation, settings: timeline, exports: exportRepository, beats });

  const handlers: Handlers = reportDiskFull({
    ...systemHandlers({
      info: { name: 'Echoes Studio', version: options.version, transport: options.transport, dataDir: options.dataDir, logDir: logDirOf(options.dataDir) },
      openFolder: options.shell?.openFolder,
      db,
      media,
      projects,
      settings: appSettings,
      events,
    }),
    ...projectHandlers(projects, events),
    ...clipHandlers(clips, events, (projectId) => posters.posters(projectId)),
    ...mediaHandlers(media),
    ...generateHandlers(generation, events),
    ...timelineHandlers({ events, settings: timeline, music, store: media.store, beats }),
    ...exportHandlers(exports),
    ...editorHandlers(openEditor),
    ...previewHandlers(preview),
    ...cloudHandlers(cloud),
    ...cloudLibraryHandlers(cloudLibrary),
    ...updateHandlers(update),
    ...telemetryHandlers(telemetry),
  }, spaceFolder);
  generation.start();
  void update.start();

  return {
    handlers,
    events,
    db,
    media,
    generation,
    exports,
    preview,
    cloud,
    update,
    telemetry,
    logger,
    close: () => {
      update.close();
      void telemetry.close();
      void exports.stop();
      void preview.stop();
      void generation.stop();
      cloud.close();
      media.close();
      db.close();
      if (ffmpegRecordFolder() === ffmpegRecords) setFfmpegRecordFolder(null);
    },
  };
}
