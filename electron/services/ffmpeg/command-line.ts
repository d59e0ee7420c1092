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

/** Debug output (ECHOES_DEBUG=1): every FFmpeg command line the studio runs. */
export function logCommandLine(line: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env.ECHOES_DEBUG) console.error(`[ffmpeg] ${line}`);
}
