import { app, dialog } from 'electron';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeFailure, type ShellFailure } from './shell-failure';

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

/** Appends to <logs>/main.log; null when even that cannot be written. */
function writeLog(text: string): string | null {
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
  const logFile = writeLog(probe.logText);
  if (failed) return;
  failed = true;
  const report = describeFailure(failure, logFile);
  try {
    dialog.showErrorBox(report.title, report.message);
  } finally {
    app.exit(1);
  }
}
