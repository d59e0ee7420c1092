// The app's log: one line per entry in <data folder>/logs/echoes.log, rotated by size
// (echoes.log -> echoes.1.log -> ... -> echoes.<keep>.log, the oldest dropped), with levels and
// every line passed through the redactor first. Written synchronously: an entry is on disk before
// a crash that follows it, and a line is a few microseconds of appendFileSync.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRedactor, type Redactor } from './redact';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FILE_NAME = 'echoes.log';

export interface Log {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
  /** The same log with entries named after a part of the app (main, cloud, ffmpeg, ...). */
  scope(name: string): Log;
}

export interface Logger extends Log {
  /** The folder of the log files (null when logging only to stderr / nowhere). */
  readonly dir: string | null;
  readonly file: string | null;
  readonly redactor: Redactor;
  /** true once a line could not be written (the folder is unusable) */
  failed(): boolean;
}

export interface LoggerOptions {
  /** the folder of the log files; absent = no file */
  dir?: string;
  /** the user's data folder: paths inside it are written relative to it */
  dataDir?: string;
  level?: LogLevel;
  /** bytes before the file rotates (default 2 MiB) */
  maxBytes?: number;
  /** rotated files kept (default 4) */
  keep?: number;
  /** also copy each line to stderr (ECHOES_DEBUG) */
  stderr?: boolean;
  now?: () => Date;
}

export function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const wanted = env.ECHOES_LOG_LEVEL?.toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(wanted ?? '')) return wanted as LogLevel;
  return env.ECHOES_DEBUG ? 'debug' : 'info';
}

/** An error's name, message and stack; anything else as JSON (the redactor sees it all). */
function describe(detail: unknown): string {
  if (detail === undefined) return '';
  if (detail instanceof Error) {
    const code = (detail as NodeJS.ErrnoException).code;
    return ` | ${detail.stack ?? `${detail.name}: ${detail.message}`}${code ? ` (${code})` : ''}`;
  }
  if (typeof detail === 'string') return ` | ${detail}`;
  try {
    return ` | ${JSON.stringify(detail)}`;
  } catch {
    return ` | ${String(detail)}`;
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const redactor = createRedactor({ dataDir: options.dataDir });
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const keep = Math.max(1, options.keep ?? 4);
  const now = options.now ?? (() => new Date());
  const dir = options.dir ?? null;
  const file = dir ? join(dir, LOG_FILE_NAME) : null;
  let size = -1;
  let broken = false;

  const rotate = () => {
    if (!dir) return;
    rmSync(join(dir, `echoes.${keep}.log`), { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      try {
        renameSync(join(dir, `echoes.${i}.log`), join(dir, `echoes.${i + 1}.log`));
      } catch {
        // not there yet
      }
    }
    renameSync(file!, join(dir, 'echoes.1.log'));
    size = 0;
  };

  const write = (line: string) => {
    if (options.stderr) process.stderr.write(line);
    if (!file || broken) return;
    try {
      if (size < 0) {
        mkdirSync(dir!, { recursive: true });
        try {
          size = statSync(file).size;
        } catch {
          size = 0;
        }
      }
      if (size > 0 && size + line.length > maxBytes) rotate();
      appendFileSync(file, line);
      size += Buffer.byteLength(line);
    } catch {
      // a log that cannot be written never stops the app (a full disk is reported elsewhere)
      broken = true;
    }
  };

  const make = (scope: string): Log => {
    const entry = (level: LogLevel) => (message: string, detail?: unknown) => {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      const text = redactor.redact(`${message}${describe(detail)}`).replaceAll('\n', '\n    ');
      write(`${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${scope}: ${text}\n`);
    };
    return {
      debug: entry('debug'),
      info: entry('info'),
      warn: entry('warn'),
      error: entry('error'),
      scope: (name) => make(name),
    };
  };
  return { ...make('app'), dir, file, redactor, failed: () => broken };
}

/** A log that writes nothing (tests and tools that have no data folder). */
export const silentLog: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, scope: () => silentLog };

// The process's log: the studio opens it on its data folder; code deep in the services (FFmpeg
// command lines, cloud calls) writes through it without each caller threading a logger down.
let current: Logger | null = null;

export function setProcessLog(logger: Logger | null): void {
  current = logger;
}

export function processLog(scope: string): Log {
  // resolved per entry, so a scope taken before the studio opened the file still writes to it
  const pick = () => (current ?? silentLog).scope(scope);
  return {
    debug: (m, d) => pick().debug(m, d),
    info: (m, d) => pick().info(m, d),
    warn: (m, d) => pick().warn(m, d),
    error: (m, d) => pick().error(m, d),
    scope: (name) => processLog(name),
  };
}

/** Registers a secret with the process's log redactor (the anon key, an access token). */
export function registerLogSecret(value: string | null | undefined): void {
  current?.redactor.addSecret(value);
}

/** The log folder under a data folder. */
export function logDirOf(dataDir: string): string {
  return join(dataDir, 'logs');
}
