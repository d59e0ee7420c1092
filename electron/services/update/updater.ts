// Auto-update from a generic HTTPS host (electron-builder's publish: generic): a check at start
// and every 6 hours, the download in the background (resumable, sha512-checked), then "Restart
// to update" once nothing would be lost: never while an export or a generation runs. A feed
// whose version is not newer than the running one is refused (no downgrade, beta included).
// After the restart, the new version shows its release notes once. Plain Node: the shell injects
// how to install (Electron quits and runs the installer) and what counts as busy.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Log } from '../log/logger';
import { silentLog } from '../log/logger';
import { downloadUpdate, UpdateRefused } from './download';
import { compareVersions, feedFileName, installable, parseFeed, type UpdateChannel } from './feed';

export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export type UpdatePhase = 'idle' | 'checking' | 'up-to-date' | 'downloading' | 'ready' | 'error';

export interface UpdateStatus {
  phase: UpdatePhase;
  currentVersion: string;
  channel: UpdateChannel;
  /** the version downloading or ready */
  version: string | null;
  releaseNotes: string | null;
  /** true when "Restart to update" may be offered now */
  canRestart: boolean;
  /** why not now (an export or a generation runs) */
  blockedBy: string | null;
  message: string | null;
  checkedAt: string | null;
}

export interface UpdaterOptions {
  /** The folder on the host holding latest*.yml, beta*.yml and the installers (https in the app). */
  feedUrl: string;
  currentVersion: string;
  platform: NodeJS.Platform;
  /** where downloads and the pending note live (<data folder>/updates) */
  dir: string;
  channel: () => UpdateChannel;
  /** what stops a restart now ('an export is running'), or null */
  busy: () => string | null;
  /** Quits and installs (the shell: the stand-in records it in tests). */
  install: (file: string, version: string) => void;
  fetch?: typeof fetch;
  intervalMs?: number;
  onChange?: (status: UpdateStatus) => void;
  log?: Log;
  now?: () => Date;
}

export interface Updater {
  status(): UpdateStatus;
  /** Checks the feed and downloads a newer version; resolves when done (or refused). */
  check(): Promise<UpdateStatus>;
  /** Checks now and every 6 hours after. */
  start(): void;
  /** "Restart to update": refused while busy or when nothing is ready. */
  restartToUpdate(): void;
  /** The version this run was updated to, with its release notes, once (null otherwise). */
  justUpdated(): Promise<{ version: string; releaseNotes: string | null } | null>;
  close(): void;
}

interface PendingNote {
  version: string;
  file: string;
  releaseNotes: string | null;
}

export class UpdateBusyError extends Error {
  override name = 'UpdateBusyError';
}

export function createUpdater(options: UpdaterOptions): Updater {
  const log = options.log ?? silentLog;
  const pendingFile = join(options.dir, 'pending.json');
  const now = options.now ?? (() => new Date());
  let phase: UpdatePhase = 'idle';
  let version: string | null = null;
  let releaseNotes: string | null = null;
  let ready: PendingNote | null = null;
  let message: string | null = null;
  let checkedAt: string | null = null;
  let running: Promise<UpdateStatus> | null = null;
  let runningChannel: UpdateChannel | null = null;
  let timer: NodeJS.Timeout | null = null;

  const status = (): UpdateStatus => {
    const blockedBy = phase === 'ready' ? options.busy() : null;
    return {
      phase,
      currentVersion: options.currentVersion,
      channel: options.channel(),
      version,
      releaseNotes,
      canRestart: phase === 'ready' && !blockedBy,
      blockedBy,
      message,
      checkedAt,
    };
  };
  const set = (next: UpdatePhase, patch: { version?: string | null; releaseNotes?: string | null; message?: string | null } = {}) => {
    phase = next;
    if (patch.version !== undefined) version = patch.version;
    if (patch.releaseNotes !== undefined) releaseNotes = patch.releaseNotes;
    message = patch.message ?? null;
    options.onChange?.(status());
  };

  async function run(): Promise<UpdateStatus> {
    const channel = options.channel();
    const feedUrl = `${options.feedUrl.replace(/\/+$/, '')}/${feedFileName(channel, options.platform)}`;
    set('checking');
    try {
      const res = await (options.fetch ?? globalThis.fetch)(feedUrl, { headers: { 'cache-control': 'no-cache' }, signal: AbortSignal.timeout(30_000) });
      if (!res.ok) throw new UpdateRefused('http', `The update feed answered HTTP ${res.status}.`);
      const feed = parseFeed(await res.text());
      checkedAt = now().toISOString();
      const order = compareVersions(feed.version, options.currentVersion);
      if (order <= 0) {
        if (order < 0) log.warn(`the ${channel} feed offers ${feed.version}, older than ${options.currentVersion}: refused`);
        set('up-to-date', { version: null, releaseNotes: null });
        return status();
      }
      if (ready?.version === feed.version) {
        set('ready');
        return status();
      }
      const file = installable(feed, options.platform);
      const url = new URL(file.url, `${feedUrl}`).toString();
      set('downloading', { version: feed.version, releaseNotes: feed.releaseNotes });
      log.info(`downloading ${feed.version} (${channel}) from ${url}`);
      const result = await downloadUpdate({ url, sha512: file.sha512, size: file.size, name: basename(new URL(url).pathname) }, options.dir, { fetch: options.fetch });
      if (result.resumedFrom) log.info(`resumed the download of ${feed.version} at byte ${result.resumedFrom}`);
      ready = { version: feed.version, file: result.file, releaseNotes: feed.releaseNotes };
      await writeFile(pendingFile, JSON.stringify(ready));
      log.info(`${feed.version} is downloaded and verified: ready to install on restart`);
      set('ready');
      return status();
    } catch (error) {
      log.warn('the update check failed', error);
      set('error', { message: error instanceof UpdateRefused ? error.message : `The update check failed: ${(error as Error).message}` });
      return status();
    }
  }

  return {
    status,
    check() {
      // one check at a time; a check for another channel (just changed in Settings) runs after it
      const channel = options.channel();
      if (running && runningChannel === channel) return running;
      runningChannel = channel;
      const next = (running ?? Promise.resolve()).then(() => run());
      running = next;
      void next.finally(() => {
        if (running === next) running = null;
      });
      return next;
    },
    start() {
      void this.check();
      timer = setInterval(() => void this.check(), options.intervalMs ?? UPDATE_CHECK_INTERVAL_MS);
      timer.unref?.();
    },
    restartToUpdate() {
      if (phase !== 'ready' || !ready) throw new UpdateBusyError('No update is ready to install.');
      const blockedBy = options.busy();
      if (blockedBy) throw new UpdateBusyError(`The update waits: ${blockedBy}. Restart once it has finished.`);
      log.info(`restarting to install ${ready.version}`);
      options.install(ready.file, ready.version);
    },
    async justUpdated() {
      let note: PendingNote;
      try {
        note = JSON.parse(await readFile(pendingFile, 'utf8')) as PendingNote;
      } catch {
        return null;
      }
      if (compareVersions(note.version, options.currentVersion) > 0) {
        // downloaded but not installed yet: still ready (verified again by the next check)
        return null;
      }
      await rm(pendingFile, { force: true });
      await rm(note.file, { force: true });
      return note.version === options.currentVersion ? { version: note.version, releaseNotes: note.releaseNotes } : null;
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
