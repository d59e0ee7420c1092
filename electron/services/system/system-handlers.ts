import { mkdir } from 'node:fs/promises';
import type { AppInfo, systemMethods } from '../../../shared/contract/system';
import type { EventBus } from '../rpc/event-bus';
import type { Handlers } from '../rpc/handlers';
import type { Db } from '../db/database';
import { detectHardwareEncoders, FfmpegNotFoundError, locateFfmpeg } from '../ffmpeg';
import type { MediaLibrary } from '../media/media-library';
import type { ProjectRepository } from '../projects/project-repository';
import type { AppSettingsStore } from './app-settings';
import { folderSize } from './storage';

export interface SystemDeps {
  info: AppInfo;
  db: Db;
  media: MediaLibrary;
  projects: ProjectRepository;
  settings: AppSettingsStore;
  events: EventBus;
  /** The desktop shell's file manager (absent on the bridge and the CLI). */
  openFolder?: (path: string) => Promise<boolean>;
}

export function systemHandlers(deps: SystemDeps) {
  /** Runs a clean-up and answers how many bytes of the data folder it freed. */
  async function freeing(work: () => Promise<void>): Promise<{ freedBytes: number }> {
    const before = await folderSize(deps.info.dataDir);
    await work();
    deps.db.pragma('wal_checkpoint(TRUNCATE)');
    return { freedBytes: Math.max(0, before - (await folderSize(deps.info.dataDir))) };
  }
  return {
    'system.info': () => deps.info,
    'system.storage': async () => ({
      dataDir: deps.info.dataDir,
      logDir: deps.info.logDir,
      totalBytes: await folderSize(deps.info.dataDir),
      mediaBytes: await folderSize(deps.media.store.root),
      trashProjects: deps.projects.trashCount(),
    }),
    'system.clearCache': () =>
      freeing(async () => {
        await deps.media.store.sweepTemp(0);
        await deps.media.collectGarbage();
      }),
    'system.emptyTrash': async () => {
      let deletedProjects = 0;
      const { freedBytes } = await freeing(async () => {
        deletedProjects = deps.projects.purgeTrash(0);
        // Jobs of purged projects stop at once instead of running to the end to be dropped.
        if (deletedProjects > 0) deps.events.emit({ type: 'projects.changed', payload: {} });
        await deps.media.collectGarbage();
      });
      return { deletedProjects, freedBytes };
    },
    'system.encoders': async () => {
      try {
        const ffmpeg = await locateFfmpeg();
        return { ffmpeg: { path: ffmpeg.ffmpegPath, version: ffmpeg.version }, problem: null, hardware: await detectHardwareEncoders(ffmpeg.ffmpegPath) };
      } catch (error) {
        if (error instanceof FfmpegNotFoundError) return { ffmpeg: null, problem: error.message, hardware: [] };
        throw error;
      }
    },
    'system.openLogFolder': async () => {
      await mkdir(deps.info.logDir, { recursive: true });
      return { opened: deps.openFolder ? await deps.openFolder(deps.info.logDir) : false, path: deps.info.logDir };
    },
    'settings.get': () => deps.settings.get(),
    'settings.update': (patch) => deps.settings.update(patch),
  } satisfies Pick<Handlers, keyof typeof systemMethods>;
}
