/**
 * What the creator reads when the app cannot start or its window cannot show the studio: what
 * failed, what to do, and where the log is. No 'electron' import: unit-tested under Node; fatal.ts
 * shows it in a native dialog and exits.
 */
export type ShellFailure =
  /** The start-up work after 'ready' threw: data folder, database, migration, protocol or IPC set-up. */
  | { kind: 'start'; error: unknown; dataDir: string | null }
  /** The studio page did not load (did-fail-load of the main frame). */
  | { kind: 'load'; errorCode: number; errorDescription: string; url: string }
  /** The renderer process crashed or was killed (render-process-gone). */
  | { kind: 'renderer-gone'; reason: string; exitCode: number }
  /** The preload script threw, so the page has no connection to the studio. */
  | { kind: 'preload'; error: unknown };

export interface FailureReport {
  title: string;
  /** The dialog's text: what failed, what to do, the log file. */
  message: string;
  /** One block for the log file, with the stack when there is one. */
  logText: string;
}

const TITLE = 'Echoes Studio could not start';
const RETRY = 'Open Echoes Studio again. If this keeps happening, send the log file to support@echoes.studio.';

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
}

function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** What went wrong while starting, from the error's code: the data folder, the database, a migration, or else. */
function startAdvice(error: unknown, dataDir: string | null): { what: string; todo: string } {
  const folder = dataDir ?? 'its data folder';
  const code = errorCode(error) ?? '';
  const message = errorText(error);
  if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'EISDIR'].includes(code)) {
    return { what: `Its data folder cannot be used: ${folder}`, todo: `Check that this folder is a folder you can write to (not a file, not on a read-only or disconnected disk), then open Echoes Studio again.` };
  }
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') {
    return { what: `The disk holding ${folder} is full.`, todo: 'Free some disk space, then open Echoes Studio again.' };
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return {
      what: `The project database (${folder}/studio.db) is damaged.`,
      todo: 'Quit, move studio.db out of that folder (keep it: support may recover it), then open Echoes Studio again to start with an empty library.',
    };
  }
  if (code.startsWith('SQLITE_')) {
    return { what: `The project database (${folder}/studio.db) could not be opened (${code}).`, todo: 'Make sure no other copy of Echoes Studio is running and the disk is connected, then open it again.' };
  }
  if (/newer than this app knows/.test(message)) {
    return { what: 'The project database was written by a newer version of Echoes Studio.', todo: 'Install the latest Echoes Studio from echoes.studio, then open it again.' };
  }
  if (/migration/i.test(message)) {
    return { what: 'The project database could not be updated to this version.', todo: RETRY };
  }
  return { what: 'Something failed while the app was starting.', todo: RETRY };
}

function parts(failure: ShellFailure): { what: string; detail: string; todo: string; stack: string | null } {
  switch (failure.kind) {
    case 'start': {
      const { what, todo } = startAdvice(failure.error, failure.dataDir);
      return { what, detail: errorText(failure.error), todo, stack: failure.error instanceof Error ? (failure.error.stack ?? null) : null };
    }
    case 'load':
      return {
        what: 'The studio window could not load its page.',
        detail: `${failure.errorDescription} (${failure.errorCode}) loading ${failure.url}`,
        todo: `The installation may be damaged: reinstall Echoes Studio from echoes.studio. ${RETRY}`,
        stack: null,
      };
    case 'renderer-gone':
      return {
        what: 'The studio window stopped unexpectedly.',
        detail: `the page process ended: ${failure.reason} (exit code ${failure.exitCode})`,
        todo: `Your projects are saved. ${RETRY}`,
        stack: null,
      };
    case 'preload':
      return {
        what: 'The studio window could not connect to the app.',
        detail: errorText(failure.error),
        todo: `The installation may be damaged: reinstall Echoes Studio from echoes.studio. ${RETRY}`,
        stack: failure.error instanceof Error ? (failure.error.stack ?? null) : null,
      };
  }
}

export function describeFailure(failure: ShellFailure, logFile: string | null): FailureReport {
  const { what, detail, todo, stack } = parts(failure);
  const log = logFile ? `Log file: ${logFile}` : 'The log file could not be written either; the details are above.';
  return {
    title: TITLE,
    message: `${what}\n\n${detail}\n\n${todo}\n\n${log}`,
    logText: `${TITLE} (${failure.kind}): ${what} ${detail}${stack ? `\n${stack}` : ''}`,
  };
}
