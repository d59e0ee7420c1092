import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { formatCommandLine, logCommandLine } from './command-line';
import { FfmpegAbortError, FfmpegRunError } from './errors';
import { ProgressParser, toRunProgress, type RunProgress } from './progress';
import { guardInputs } from './input-guard';
import { guardChild } from './watchdog';
import { recordFfmpeg } from './reaper';
import { publishFile, removeQuietly } from '../system/file-ops';

export interface RunFfmpegOptions {
  ffmpegPath: string;
  /**
   * FFmpeg arguments. When `outputPath` is given, leave the output file out: the runner appends
   * a temp file in the destination folder and renames it to `outputPath` once FFmpeg succeeded.
   */
  args: readonly string[];
  /** Output duration the run will produce, for percent and ETA. */
  totalDurationS?: number;
  onProgress?: (progress: RunProgress) => void;
  /** Aborting kills FFmpeg and removes the temp output. */
  signal?: AbortSignal;
  outputPath?: string;
}

export interface RunFfmpegResult {
  outputPath?: string;
  wallS: number;
  stderrTail: string;
}

const STDERR_TAIL_BYTES = 16 * 1024;

/** Runs FFmpeg (never through a shell) with progress, cancel and an atomic output. */
export async function runFfmpeg(options: RunFfmpegOptions): Promise<RunFfmpegResult> {
  const { ffmpegPath, args, totalDurationS, onProgress, signal, outputPath } = options;
  if (signal?.aborted) throw new FfmpegAbortError();

  let tempPath: string | undefined;
  if (outputPath) {
    await mkdir(path.dirname(path.resolve(outputPath)), { recursive: true });
    tempPath = tempPathFor(outputPath);
  }
  const fullArgs = ['-hide_banner', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats', ...guardInputs(args), ...(tempPath ? [tempPath] : [])];
  const commandLine = formatCommandLine(ffmpegPath, fullArgs);
  logCommandLine(commandLine);
  const started = performance.now();
  const elapsedS = () => (performance.now() - started) / 1000;

  const outcome = await new Promise<{ code: number | null; aborted: boolean; stderrTail: string; spawnError?: Error }>(
    (resolve) => {
      const child = spawn(ffmpegPath, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      const unguard = guardChild(child);
      // The temp output path is unique to this run: the mark the next-start reaper knows it by.
      const unrecord = tempPath ? recordFfmpeg(child.pid, tempPath) : () => {};
      const release = () => {
        unguard();
        unrecord();
      };
      let stderr = '';
      let aborted = false;
      const parser = new ProgressParser();
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        if (!onProgress) return;
        // An event handler: the caller's progress code (a database write on a full disk) must not throw out of it.
        try {
          for (const block of parser.push(chunk)) onProgress(toRunProgress(block, totalDurationS, elapsedS()));
        } catch (error) {
          console.error('FFmpeg progress could not be handled', error);
        }
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.length > 2 * STDERR_TAIL_BYTES) stderr = stderr.slice(-STDERR_TAIL_BYTES);
      });
      const onAbort = () => {
        aborted = true;
        child.kill('SIGKILL');
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      let spawnError: Error | undefined;
      child.on('error', (e) => {
        spawnError = e;
      });
      child.on('close', (code) => {
        release();
        signal?.removeEventListener('abort', onAbort);
        resolve({ code, aborted, stderrTail: stderr.slice(-STDERR_TAIL_BYTES), ...(spawnError ? { spawnError } : {}) });
      });
    },
  );

  if (outcome.aborted || outcome.spawnError || outcome.code !== 0) {
    if (tempPath) await removeQuietly(tempPath);
    if (outcome.aborted) throw new FfmpegAbortError();
    if (outcome.spawnError) {
      throw new FfmpegRunError(`FFmpeg could not be started (${ffmpegPath}): ${outcome.spawnError.message}`, null, '', commandLine);
    }
    throw new FfmpegRunError(
      `FFmpeg failed (exit code ${outcome.code}): ${summarizeStderr(outcome.stderrTail)}`,
      outcome.code,
      outcome.stderrTail,
      commandLine,
    );
  }
  // A finished render is never deleted because the final rename failed (a player holding the
  // target on Windows past the retries): OutputKeptError names where the video is.
  if (outputPath && tempPath) await publishFile(tempPath, outputPath);
  return { ...(outputPath ? { outputPath } : {}), wallS: elapsedS(), stderrTail: outcome.stderrTail };
}

/** A hidden temp name in the destination folder, keeping the extension so FFmpeg picks the muxer. */
export function tempPathFor(outputPath: string): string {
  const dir = path.dirname(path.resolve(outputPath));
  const ext = path.extname(outputPath);
  const base = path.basename(outputPath, ext);
  return path.join(dir, `.${base}.${randomBytes(4).toString('hex')}.partial${ext}`);
}

/**
 * A short, actionable summary of FFmpeg's stderr: the first lines that name an error (the cause,
 * e.g. "No such filter: 'x'") followed by the last line (the consequence).
 */
export function summarizeStderr(stderr: string, maxLines = 3): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(frame|size)=/.test(l) && !/^Press \[q\]/.test(l));
  const errorish = lines.filter((l) =>
    /error|invalid|no such|not found|cannot|could not|unable|failed|unknown|does not|matches no|not supported|too many/i.test(l),
  );
  const picked: string[] = [];
  for (const l of [...errorish.slice(0, maxLines - 1), ...lines.slice(-1)]) if (!picked.includes(l)) picked.push(l);
  return picked.join(' | ') || '(no error output)';
}
