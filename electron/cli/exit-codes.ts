/** Exit codes scripts can rely on; README and `echoes --help` list the same table. */
export const ExitCode = {
  /** The video was written (warnings, such as skipped photos, may have been printed). */
  OK: 0,
  /** An unexpected internal error. */
  INTERNAL: 1,
  /** Bad command line: unknown option, bad value, missing output. */
  USAGE: 2,
  /** None of the inputs was a usable photo: nothing to render. */
  NOTHING_TO_RENDER: 3,
  /** FFmpeg is missing or too old. */
  FFMPEG_UNAVAILABLE: 4,
  /** Generating or compiling failed. */
  RENDER_FAILED: 5,
  /** `echoes doctor` found a problem that stops rendering. */
  DOCTOR_PROBLEM: 6,
  /** The disk is full: the message names the folder to free space in (TMPDIR or the output's). */
  DISK_FULL: 7,
  /** Interrupted (Ctrl+C): nothing was left at the output path. */
  CANCELLED: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
