/** `echoes`: the headless CLI (npm run echoes -- ..., npm run demo). See main.ts for the commands. */
import { runCli } from './main';
import { ExitCode } from './exit-codes';
import { debugRequested } from './error-exit';

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
process.on('SIGINT', () => {
  // The first Ctrl+C cancels cleanly (no half file, temp folder removed); a second one quits at once.
  if (controller.signal.aborted) lastWord('interrupted twice: stopped at once', ExitCode.CANCELLED);
  controller.abort();
});
process.on('SIGTERM', () => controller.abort());

const code = await runCli(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stderr.isTTY === true,
  columns: process.stderr.columns ?? 80,
  signal: controller.signal,
});
process.exitCode = code;
