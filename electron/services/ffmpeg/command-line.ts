import { processLog } from '../log/logger';

/**
 * An FFmpeg run as one line a person can paste into a terminal (as LosslessCut's getFfCommandLine
 * does): each argument quoted only when the shell would split or expand it. The filter graph is
 * in a script file whose path is one of the arguments, so the line reproduces the run.
 */
export function formatCommandLine(executable: string, args: readonly string[]): string {
  return [executable, ...args].map(quoteArgument).join(' ');
}

function quoteArgument(arg: string): string {
  if (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

const ffmpegLog = processLog('ffmpeg');

/** Every FFmpeg command line the studio runs: in the log file, and on stderr with ECHOES_DEBUG=1. */
export function logCommandLine(line: string, env: NodeJS.ProcessEnv = process.env): void {
  ffmpegLog.info(line);
  if (env.ECHOES_DEBUG) console.error(`[ffmpeg] ${line}`);
}

/** Windows' limit on a whole command line (CreateProcessW's lpCommandLine), in UTF-16 units. */
export const WINDOWS_COMMAND_LINE_MAX = 32_767;

/**
 * How long the command line is that Node (libuv's quote_cmd_arg) hands to CreateProcessW on
 * Windows for these arguments: an argument with a space, tab or quote is wrapped in quotes, with
 * the backslashes before a quote doubled and the quote escaped.
 */
export function windowsCommandLineLength(executable: string, args: readonly string[]): number {
  return [executable, ...args].reduce((sum, arg, i) => sum + (i > 0 ? 1 : 0) + quotedForWindows(arg).length, 0);
}

function quotedForWindows(arg: string): string {
  if (arg === '') return '""';
  if (!/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') out += '\\'.repeat(backslashes * 2 + 1) + '"';
    else out += '\\'.repeat(backslashes) + ch;
    backslashes = 0;
  }
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}
