// Auto-update inside the studio: the updater (updater.ts) following the channel in Settings, its
// status pushed to the renderer (update.status event), "Restart to update" refused while an export
// or a generation runs, and the release notes of the version this run was updated to. Without
// the shell's update options (the bridge, the CLI, a build without an update host), disabled.
import { join } from 'node:path';
import type { UpdateStatus } from '../../../shared/contract/update';
import { StudioError } from '../../../shared/contract/errors';
import type { EventBus } from '../rpc/event-bus';
import type { Log } from '../log/logger';
import type { AppSettingsStore } from '../system/app-settings';
import { createUpdater, UpdateBusyError, type UpdaterOptions } from './updater';

/** What the Electron shell gives: where releases live and how to install one. */
export interface UpdateOptions {
  /** The generic HTTPS host's folder (electron-builder publish url). */
  feedUrl: string;
  platform: NodeJS.Platform;
  install: UpdaterOptions['install'];
  fetch?: typeof fetch;
  intervalMs?: number;
}

export interface UpdateServiceDeps {
  dataDir: string;
  version: string;
  settings: AppSettingsStore;
  events: EventBus;
  /** what stops a restart now, or null */
  busy: () => string | null;
  log: Log;
}

export function createUpdateService(deps: UpdateServiceDeps, options: UpdateOptions | undefined) {
  let updatedTo: UpdateStatus['updatedTo'] = null;
  let closed = false;
  const updater = options
    ? createUpdater({
        feedUrl: options.feedUrl,
        currentVersion: deps.version,
        platform: options.platform,
        dir: join(deps.dataDir, 'updates'),
        channel: () => deps.settings.get().updateChannel,
        busy: deps.busy,
        install: options.install,
        fetch: options.fetch,
        intervalMs: options.intervalMs,
        log: deps.log,
        onChange: () => emit(),
      })
    : null;

  const status = (): UpdateStatus => {
    if (!updater) {
      return {
        enabled: false,
        phase: 'idle',
        currentVersion: deps.version,
        channel: deps.settings.get().updateChannel,
        version: null,
        releaseNotes: null,
        canRestart: false,
        blockedBy: null,
        message: 'Updates come with the desktop app.',
        checkedAt: null,
        updatedTo,
      };
    }
    return { enabled: true, ...updater.status(), updatedTo };
  };
  const emit = () => {
    // a check still under way when the studio closed reports to no one
    if (!closed) deps.events.emit({ type: 'update.status', payload: status() });
  };

  return {
    status,
    async check(): Promise<UpdateStatus> {
      if (updater) await updater.check();
      return status();
    },
    restart(): { restarting: true } {
      if (!updater) throw new StudioError('UNAVAILABLE', 'Updates come with the desktop app.');
      try {
        updater.restartToUpdate();
      } catch (error) {
        if (error instanceof UpdateBusyError) throw new StudioError('CONFLICT', error.message);
        throw error;
      }
      return { restarting: true };
    },
    dismissNotes(): UpdateStatus {
      updatedTo = null;
      return status();
    },
    /** The release notes of this version if it was just installed, then a check now and every 6 hours. */
    async start(): Promise<void> {
      if (!updater) return;
      updatedTo = await updater.justUpdated().catch(() => null);
      if (updatedTo) deps.log.info(`updated to ${updatedTo.version}`);
      updater.start();
    },
    /** A job or export ended: "Restart to update" may now be offered. */
    busyChanged: () => {
      // after the turn in which the export or job ended: it is no longer counted as running then
      setImmediate(() => {
        if (!closed && updater?.status().phase === 'ready') emit();
      });
    },
    close: () => {
      closed = true;
      updater?.close();
    },
  };
}
export type UpdateService = ReturnType<typeof createUpdateService>;
