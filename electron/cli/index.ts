/** `echoes`: the headless CLI (npm run echoes -- ..., npm run demo). See main.ts for the commands. */
import { runCli } from './main';
import { ExitCode } from './exit-codes';
import { debugRequested } from './error-exit';
import { handleStopSignals } from './signals';

const argv = process.argv.slice(2);

/**
 * The last word when something escapes every catch (an error thrown in a timer or an event
 * handler): one error line, the JSON error object with --json, and exit code 1 (internal error).
 */
function fatal(error: unknown): void {
  const message = `unexpected error: ${error instanceof Error ? error.message || error.name : String(error)}`;
  const detail = debugRequested(process.env) && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  lastWord(`${message}${detail}`, ExitCode.INTERNAL);
}

function lastWord(message: string, exitCode: number): never {
  try {
    if (argv.includes('--json')) process.stdout.write(`${JSON.stringify({ type: 'error', message, exitCode })}\n`);
    else process.stderr.write(`\nerror: ${message}\n`);
  } finally {
    process.exit(exitCode);
  }
}
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

const controller = new AbortController();
// Ctrl+C, kill, a closed console window and Ctrl+Break alike: the first cancels cleanly, a second quits at once.
handleStopSignals(process, controller, (signal) => lastWord(`${signal} twice: stopped at once`, ExitCode.CANCELLED));

const code = await runCli(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stderr.isTTY === true,
  columns: process.stderr.columns ?? 80,
  signal: controller.signal,
});
process.exitCode = code;
