import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../system/run-temp';

/**
 * The next-start reaper: FFmpeg must not outlive a crashed desktop app. The watchdog (watchdog.ts)
 * cannot run inside Electron (the RunAsNode fuse is off), so the studio records every FFmpeg it
 * starts, one small file per process in its data folder: the pid, when it started, which app
 * session started it, and a mark only that run's command line holds (its unique temp output path).
 * The record goes when FFmpeg exits. Records still there at the next start belong to a session
 * that died; each FFmpeg of such a record that is still alive and whose command line still holds
 * the mark (so not another program that got the pid since) is killed.
 */
export interface FfmpegRecord {
  pid: number;
  /** Date.now() when it was spawned. */
  startedAt: number;
  /** The process that started it, and that process's session (a pid alone can be reused). */
  owner: number;
  session: string;
  /** A string only this FFmpeg's command line contains. */
  mark: string;
}

const SESSION = randomUUID();
let folder: string | null = null;

/** Where the records go from now on (the studio's data folder); null stops recording. */
export function setFfmpegRecordFolder(next: string | null): void {
  if (next) mkdirSync(next, { recursive: true });
  folder = next;
}

export function ffmpegRecordFolder(): string | null {
  return folder;
}

/** Records a started FFmpeg; call the returned function when it has exited. Never throws (a record is a safety net). */
export function recordFfmpeg(pid: number | undefined, mark: string): () => void {
  const at = folder;
  if (!at || !pid) return () => {};
  const file = join(at, `${pid}.json`);
  try {
    const record: FfmpegRecord = { pid, startedAt: Date.now(), owner: process.pid, session: SESSION, mark };
    writeFileSync(file, JSON.stringify(record));
  } catch {
    return () => {};
  }
  return () => rmSync(file, { force: true });
}

/** The command line of a running process, or null when there is none (or it cannot be read). */
export function processCommandLine(pid: number, platform: NodeJS.Platform = process.platform): string | null {
  try {
    if (platform === 'linux') return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() || null;
    if (platform === 'win32') {
      const out = execFileSync(
        'powershell.exe',
        ['-NoProfile', '-NonInteractive', '-Command', `(Get-CimInstance Win32_Process -Filter 'ProcessId=${pid}').CommandLine`],
        { encoding: 'utf8', windowsHide: true, timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] },
      );
      return out.trim() || null;
    }
    return execFileSync('/bin/ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}

export interface ReapResult {
  killed: number[];
  /** Records of FFmpeg processes already gone (or a pid now used by another program): just removed. */
  cleared: number[];
  /** Records of a session still running (another studio process on the same data folder): left alone. */
  kept: number[];
}

/** Kills FFmpeg processes left running by a studio session that died; see the module comment. */
export function reapLeftoverFfmpeg(at: string, commandLineOf: (pid: number) => string | null = processCommandLine): ReapResult {
  const result: ReapResult = { killed: [], cleared: [], kept: [] };
  let names: string[];
  try {
    names = readdirSync(at).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return result;
  }
  for (const name of names) {
    const file = join(at, name);
    let record: FfmpegRecord;
    try {
      record = JSON.parse(readFileSync(file, 'utf8')) as FfmpegRecord;
    } catch {
      rmSync(file, { force: true });
      continue;
    }
    if (record.session === SESSION || (record.owner !== process.pid && processAlive(record.owner))) {
      result.kept.push(record.pid);
      continue;
    }
    const commandLine = processAlive(record.pid) ? commandLineOf(record.pid) : null;
    if (commandLine?.includes(record.mark)) {
      try {
        process.kill(record.pid, 'SIGKILL');
        result.killed.push(record.pid);
      } catch {
        result.cleared.push(record.pid);
      }
    } else {
      result.cleared.push(record.pid);
    }
    rmSync(file, { force: true });
  }
  return result;
}
