/** `echoes`: the headless CLI (npm run echoes -- ..., npm run demo). See main.ts for the commands. */
import { runCli } from './main';
import { ExitCode } from './exit-codes';

const controller = new AbortController();
process.on('SIGINT', () => {
  // The first Ctrl+C cancels cleanly (no half file, temp folder removed); a second one quits at once.
  if (controller.signal.aborted) process.exit(ExitCode.CANCELLED);
  controller.abort();
});
process.on('SIGTERM', () => controller.abort());

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stderr.isTTY === true,
  columns: process.stderr.columns ?? 80,
  signal: controller.signal,
});
process.exitCode = code;
