import { MOTIONS, SHAPES, TRANSITION_TYPES } from '../../shared/values';
import { defaultDataDir } from '../services/data-dir';
import { APP_VERSION, updateChannelOf } from '../services/version';
import { formatChecks, runDoctor } from './doctor';
import { toCliError } from './error-exit';
import { ExitCode } from './exit-codes';
import { parseRenderArgs, renderDefaults } from './render-options';
import { renderPhotos } from './render';
import { createReporter, type Streams } from './reporter';

export const HELP = `echoes ${APP_VERSION}: turn photos into a finished video on this machine

Usage
  echoes render <photos or folders ...> -o out.mp4 [options]
  echoes doctor [--json]
  echoes --help | --version

Render options
  -o, --output FILE            where to write the video (.mp4, .m4v or .mov; replaced if it exists)
  --ratio R                    ${SHAPES.join(', ')} (default ${renderDefaults.ratio})
  --fit F                      crop (fill the frame, on the subject), blur (whole photo over a blurred copy)
                               or pad (whole photo on black) (default: crop, or blur when a crop would lose too much)
  --focus F                    subject: crops and camera moves aim at each photo's subject; center: the middle
                               (default ${renderDefaults.focus})
  --resolution R               720p, 1080p or 4k (default ${renderDefaults.resolution})
  --fps N                      24, 25 or 30 (default ${renderDefaults.fps})
  --clip-duration S            seconds per photo, 2-10 (default ${renderDefaults.clipDurationS})
  --motion M                   ${MOTIONS.join(', ')} (default drift)
  --transition T               cut, ${TRANSITION_TYPES.slice(1, 8).join(', ')}, ... (default ${renderDefaults.transition})
  --transition-duration S      seconds of overlap (default ${renderDefaults.transitionDurationS})
  --music M                    a bundled track (drift, sunrise, reverie), an audio file, or none (default none)
  --volume N                   music volume 0-100 (default ${renderDefaults.volume})
  --encoder E                  auto, software, h264_videotoolbox, h264_nvenc, h264_qsv, h264_amf, h264_mf (default auto)
  --seed N                     same seed, same motion: reproducible videos
  --title TEXT                 an opening title over the first clip (big bold, inside the shape's safe area;
                               cut to 120 characters, wrapped in up to 3 lines)
  --end-title TEXT             an end card over the last clip
  --captions FILE              a UTF-8 text file with one caption per photo, one line each, in the photos'
                               order (an empty line: no caption for that photo; up to 200 characters a line)
  --beat-sync                  fit the clip lengths so every cut lands on a beat of --music (needs --music;
                               a track with no clear beat is said so and the lengths are left alone)
  --json                       one JSON object per line on stdout (stage, progress, warning, result, error)

Folders are read in natural name order; files whose names are not photos are skipped.
Photos that cannot be used are reported and left out; the rest are rendered.

Exit codes
  0    the video was written (warnings may have been printed)
  1    internal error
  2    bad command line
  3    nothing to render: no usable photo
  4    FFmpeg missing or too old (run \`echoes doctor\`)
  5    animating or compiling failed (the message says why)
  6    \`echoes doctor\` found a problem that stops rendering
  7    the disk is full (the message names the folder to free space in)
  130  interrupted; nothing was written
Set ECHOES_DEBUG=1 to print stack traces with internal errors.`;

export interface CliIo extends Streams {
  isTTY?: boolean;
  columns?: number;
  cwd?: string;
  /** Aborted on Ctrl+C. */
  signal?: AbortSignal;
  /** Read for ECHOES_DEBUG; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Runs one CLI command and returns its exit code; never calls process.exit (tests run it in-process too). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(`${HELP}\n`);
    return command ? ExitCode.OK : ExitCode.USAGE;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${APP_VERSION} (${updateChannelOf(defaultDataDir(io.env ?? process.env))} channel)\n`);
    return ExitCode.OK;
  }
  if (command === 'doctor') return doctor(rest, io);
  if (command === 'render') return render(rest, io);
  const message = `unknown command "${command}"; run \`echoes --help\``;
  if (rest.includes('--json')) io.stdout.write(`${JSON.stringify({ type: 'error', message, exitCode: ExitCode.USAGE })}\n`);
  io.stderr.write(`error: ${message}\n`);
  return ExitCode.USAGE;
}

async function render(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  const reporter = createReporter(json, io);
  // Node ends a process whose event loop ran dry while a promise still waits (exit code 13, no
  // message): a render waiting for an event that never comes ends here instead, with its error.
  let stopWatching = () => {};
  const stalled = new Promise<never>((_, reject) => {
    const onDry = () => reject(new Error('the render stopped waiting for work that will not finish'));
    process.once('beforeExit', onDry);
    stopWatching = () => process.off('beforeExit', onDry);
  });
  stalled.catch(() => undefined);
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(`${HELP}\n`);
      return ExitCode.OK;
    }
    const options = parseRenderArgs(argv);
    const rendering = renderPhotos(options, { reporter, signal: io.signal ?? new AbortController().signal, ...(io.cwd ? { cwd: io.cwd } : {}) });
    const result = await Promise.race([rendering, stalled]);
    reporter.result(result);
    return ExitCode.OK;
  } catch (error) {
    const cliError = toCliError(error, io.env ?? process.env);
    reporter.error(cliError.message, cliError.exitCode);
    return cliError.exitCode;
  } finally {
    stopWatching();
    reporter.close();
  }
}

async function doctor(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  // With --json, every failure ends with an error object, as render's stream does.
  const failWith = (message: string, exitCode: number) => {
    if (json) io.stdout.write(`${JSON.stringify({ type: 'error', message, exitCode })}\n`);
    io.stderr.write(`error: ${message}\n`);
    return exitCode;
  };
  const unknown = argv.filter((a) => a !== '--json');
  if (unknown.length) return failWith(`doctor takes only --json, got ${unknown.join(' ')}`, ExitCode.USAGE);
  let checks;
  try {
    checks = await runDoctor();
  } catch (error) {
    const cliError = toCliError(error, io.env ?? process.env);
    return failWith(cliError.message, cliError.exitCode);
  }
  if (json) io.stdout.write(`${JSON.stringify({ checks })}\n`);
  else io.stdout.write(`${formatChecks(checks)}\n`);
  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.length === 0) return ExitCode.OK;
  if (json) io.stdout.write(`${JSON.stringify({ type: 'error', message: `a problem stops rendering: ${failed.map((c) => c.name).join(', ')}`, exitCode: ExitCode.DOCTOR_PROBLEM })}\n`);
  return ExitCode.DOCTOR_PROBLEM;
}
