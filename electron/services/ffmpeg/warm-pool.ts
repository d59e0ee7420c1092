import { spawn, type ChildProcess } from 'node:child_process';
import { formatCommandLine, logCommandLine } from './command-line';
import { FfmpegAbortError, FfmpegRunError } from './errors';
import { recordFfmpeg } from './reaper';
import { summarizeStderr } from './runner';
import { guardChild } from './watchdog';
import { removeQuietly } from '../system/file-ops';

/**
 * FFmpeg processes started ahead of their work. Starting FFmpeg costs from ~20 ms (a static build)
 * to ~250-500 ms (a build that loads two hundred shared libraries, or an antivirus scan of a big
 * binary on Windows), which is most of the time a short piece of preview takes. A warm process has
 * already started and parsed its output settings; it waits on stdin for its filter graph, which
 * reads its own inputs (movie sources), and exits when the output is written. Every process does
 * one job: there is no state to leak from one piece to the next.
 */
export interface WarmPoolOptions {
  ffmpegPath: string;
  /** The flag that reads a filter graph from a file (see version.ts filterScriptFlag). */
  scriptFlag: '-filter_complex_script' | '-/filter_complex';
  /** What follows the graph, except the output file: maps, encoder, muxer. */
  outputArgs: readonly string[];
  /** A new temp file for each process's output (the caller takes it over after the run). */
  tempPath: () => string;
  /** Processes kept waiting (default 2). */
  size?: number;
}

export interface WarmRunResult {
  outputPath: string;
  wallS: number;
}

interface WarmProcess {
  child: ChildProcess;
  outputPath: string;
  commandLine: string;
  exited: Promise<{ code: number | null; stderrTail: string; spawnError?: Error }>;
  /** Exited before it was given work (FFmpeg cannot start, or was killed). */
  dead: boolean;
}

const STDERR_TAIL_BYTES = 16 * 1024;
/** A pool whose processes keep dying before any work stops warming and starts on demand. */
const MAX_EARLY_DEATHS = 3;

export function createWarmFfmpegPool(options: WarmPoolOptions) {
  const size = Math.max(0, options.size ?? 2);
  const idle: WarmProcess[] = [];
  let earlyDeaths = 0;
  let closed = false;

  function start(): WarmProcess {
    const outputPath = options.tempPath();
    const args = ['-hide_banner', '-nostdin', '-y', options.scriptFlag, 'pipe:0', ...options.outputArgs, outputPath];
    const child = spawn(options.ffmpegPath, args, { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
    // Waiting processes must not keep a CLI or a test runner alive.
    holdLoop(child, false);
    child.stdin?.on('error', () => {});
    const unguard = guardChild(child);
    const unrecord = recordFfmpeg(child.pid, outputPath);
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > 2 * STDERR_TAIL_BYTES) stderr = stderr.slice(-STDERR_TAIL_BYTES);
    });
    const warm: WarmProcess = {
      child,
      outputPath,
      commandLine: formatCommandLine(options.ffmpegPath, args),
      dead: false,
      exited: new Promise((resolve) => {
        let spawnError: Error | undefined;
        child.on('error', (e) => {
          spawnError = e;
        });
        child.on('close', (code) => {
          unguard();
          unrecord();
          resolve({ code, stderrTail: stderr.slice(-STDERR_TAIL_BYTES), ...(spawnError ? { spawnError } : {}) });
        });
      }),
    };
    void warm.exited.then(() => {
      const at = idle.indexOf(warm);
      if (at < 0) return;
      idle.splice(at, 1);
      warm.dead = true;
      void removeQuietly(outputPath);
      if (!closed) earlyDeaths++;
    });
    return warm;
  }

  function refill(): void {
    while (!closed && earlyDeaths < MAX_EARLY_DEATHS && idle.length < size) idle.push(start());
  }

  return {
    /** Starts the waiting processes (also done by the first run). */
    warm(): void {
      refill();
    },

    /** Runs one filter graph (it must read its own inputs) to a new temp file. */
    async run(filterGraph: string, signal?: AbortSignal): Promise<WarmRunResult> {
      if (closed) throw new FfmpegAbortError();
      if (signal?.aborted) throw new FfmpegAbortError();
      const started = performance.now();
      const job = idle.shift() ?? start();
      refill();
      holdLoop(job.child, true);
      logCommandLine(`${job.commandLine} <<< ${JSON.stringify(filterGraph)}`);
      job.child.stdin?.end(filterGraph);
      let aborted = false;
      const onAbort = () => {
        aborted = true;
        job.child.kill('SIGKILL');
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const outcome = await job.exited;
      signal?.removeEventListener('abort', onAbort);
      if (aborted || outcome.spawnError || outcome.code !== 0) {
        await removeQuietly(job.outputPath);
        if (aborted || closed) throw new FfmpegAbortError();
        if (outcome.spawnError) {
          throw new FfmpegRunError(`FFmpeg could not be started (${options.ffmpegPath}): ${outcome.spawnError.message}`, null, '', job.commandLine);
        }
        throw new FfmpegRunError(`FFmpeg failed (exit code ${outcome.code}): ${summarizeStderr(outcome.stderrTail)}`, outcome.code, outcome.stderrTail, job.commandLine);
      }
      earlyDeaths = 0;
      return { outputPath: job.outputPath, wallS: (performance.now() - started) / 1000 };
    },

    /** Processes waiting for work right now. */
    waiting(): number {
      return idle.length;
    },

    /** Stops the waiting processes; runs under way finish (or are aborted by their signal). */
    async close(): Promise<void> {
      closed = true;
      const waiting = idle.splice(0);
      for (const w of waiting) {
        // Held until their exit is seen: an unreferenced process would let the loop end first.
        holdLoop(w.child, true);
        w.child.kill('SIGKILL');
      }
      await Promise.all(waiting.map(async (w) => {
        await w.exited;
        await removeQuietly(w.outputPath);
      }));
    },
  };
}
export type WarmFfmpegPool = ReturnType<typeof createWarmFfmpegPool>;

/** Whether the process and its pipes keep Node's event loop alive. */
function holdLoop(child: ChildProcess, hold: boolean): void {
  type Handle = { ref?: () => void; unref?: () => void } | null;
  for (const h of [child, child.stdin, child.stderr] as unknown as Handle[]) {
    if (hold) h?.ref?.();
    else h?.unref?.();
  }
}
