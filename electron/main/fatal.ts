import { app, dialog } from 'electron';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, logDirOf, LOG_FILE_NAME } from '../services/log/logger';
import { describeFailure, type ShellFailure } from './shell-failure';

/** The data folder once known: failures are logged to its logs/echoes.log (redacted), as everything else. */
let dataFolder: string | null = null;

export function setFatalDataFolder(dir: string): void {
  dataFolder = dir;
}

/** The app's log folder (~/Library/Logs/Echoes Studio on macOS, <userData>/logs elsewhere). */
function logsDir(): string {
  try {
    return app.getPath('logs');
  } catch {
    // older Electron versions know the folder only once setAppLogsPath() named the default
    app.setAppLogsPath();
    return app.getPath('logs');
  }
}

/**
 * Appends to <data folder>/logs/echoes.log, or when that folder cannot be used (the failure may be
 * that very folder) to Electron's <logs>/main.log; null when neither can be written.
 */
function writeLog(text: string, dataDir: string | null): string | null {
  if (dataDir) {
    const logger = createLogger({ dir: logDirOf(dataDir), dataDir });
    logger.scope('main').error(text);
    if (!logger.failed()) return join(logDirOf(dataDir), LOG_FILE_NAME);
  }
  try {
    const dir = logsDir();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'main.log');
    appendFileSync(file, `[${new Date().toISOString()}] ${text}\n`);
    return file;
  } catch {
    return null;
  }
}

let failed = false;

/**
 * The app cannot go on: log it, say so in a native dialog (what failed, what to do, the log's path),
 * exit with code 1. Never leaves an invisible process holding the single-instance lock, which would
 * make every later launch exit silently. The first failure wins; later ones only go to the log.
 */
export function failAndExit(failure: ShellFailure): void {
  const probe = describeFailure(failure, null);
  console.error(probe.logText);
  const logFile = writeLog(probe.logText, dataFolder ?? (failure.kind === 'start' ? failure.dataDir : null));
  if (failed) return;
  failed = true;
  const report = describeFailure(failure, logFile);
  try {
    dialog.showErrorBox(report.title, report.message);
  } finally {
    app.exit(1);
  }
}
