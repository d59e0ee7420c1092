/** FFmpeg could not be found, or the one found is unusable (too old, no xfade). */
export class FfmpegNotFoundError extends Error {
  override name = 'FfmpegNotFoundError';
}

/** An FFmpeg run failed; `stderrTail` holds the last lines FFmpeg printed, `commandLine` the run to paste into a terminal. */
export class FfmpegRunError extends Error {
  override name = 'FfmpegRunError';
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
    readonly commandLine = '',
  ) {
    super(message);
  }
}

/** The run was cancelled through its AbortSignal; any partial output was removed. */
export class FfmpegAbortError extends Error {
  override name = 'AbortError';
  constructor(message = 'FFmpeg run was cancelled') {
    super(message);
  }
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
