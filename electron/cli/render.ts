import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import type { Export } from '../../shared/contract/export';
import type { MusicSettings } from '../../shared/contract/timeline';
import type { Job, JobState } from '../../shared/contract/generate';
import { StudioError } from '../../shared/contract/errors';
import { callStudio } from '../services/rpc/call';
import { FfmpegNotFoundError, locateFfmpeg, textSupport } from '../services/ffmpeg';
import { createStudio, textFontsProblem, type Studio } from '../services/studio';
import { defaultResourcesDir } from '../services/resources-dir';
import { CARD_SECONDS, cleanText, DEFAULT_CAPTION_LOOK, DEFAULT_END_LOOK, DEFAULT_TITLE_LOOK, MAX_RAW_TEXT_CHARS, TEXT_LIMITS, type ProjectText, type TextCard, type TextLook } from '../../shared/text';
import { diskFullMessage, isDiskFull } from '../services/system/disk-full';
import { makeRunTempDir, sweepOrphanRunTempDirs } from '../services/system/run-temp';
import { copyFileTo, publishFile, removeQuietly, type OutputKeptError } from '../services/system/file-ops';
import { APP_VERSION } from '../services/version';
import { CliError, ExitCode } from './exit-codes';
import { expandPhotoInputs } from './photo-inputs';
import { checkCaptionCount, readCaptionsFile } from './captions-file';
import type { RenderOptions } from './render-options';
import type { RenderResult, Reporter } from './reporter';


export interface RenderContext {
  reporter: Reporter;
  signal: AbortSignal;
  cwd?: string;
  /** Folder holding music/ (tests and the packaged app); defaults to the repository's resources/. */
  resourcesDir?: string;
}

/**
 * Renders photos to a video with the same services as the app: a throw-away project in a temp data
 * folder, on-device animation, the compile engine; the result is moved to `output` only when complete.
 */
export async function renderPhotos(options: RenderOptions, context: RenderContext): Promise<RenderResult> {
  const { reporter, signal } = context;
  const output = resolve(context.cwd ?? process.cwd(), options.output);
  await requireFfmpeg();
  await requireWritableFolder(dirname(output));

  const inputs = await expandPhotoInputs(options.inputs, context.cwd);
  let warnings = 0;
  const warn = (message: string, file?: string) => {
    warnings++;
    reporter.warning(message, file);
  };
  for (const m of inputs.missing) warn(`${m.input}: ${m.reason}`, m.input);
  if (inputs.skipped.length) reporter.info(`Skipped ${inputs.skipped.length} file(s) whose names are not photos: ${inputs.skipped.join(', ')}`);
  if (inputs.files.length === 0) throw new CliError('no photos to render: none of the inputs is a photo or a folder with photos', ExitCode.NOTHING_TO_RENDER);
  const captions = options.captions ? await readCaptionsFile(options.captions, context.cwd) : null;
  if (captions && options.captions) checkCaptionCount(captions, inputs.files.length, options.captions);
  if (options.title || options.endTitle || captions) await requireText(context.resourcesDir);

  // A render killed before its cleanup (kill -9, a crash) leaves its folder: the next render removes it.
  await sweepOrphanRunTempDirs();
  const dataDir = await makeRunTempDir('echoes-render');
  // A full disk names the temp folder the render works in (TMPDIR), not its throw-away data folder.
  let studio: Studio;
  try {
    studio = createStudio({ dataDir, spaceFolder: tmpdir(), transport: 'cli', version: APP_VERSION, ...(context.resourcesDir ? { resourcesDir: context.resourcesDir } : {}) });
  } catch (error) {
    // A full disk can stop the database from being created: the folder goes, the error is reported.
    await removeQuietly(dataDir, { recursive: true });
    throw error;
  }
  const call = <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => callStudio(studio.handlers, method, input);
  try {
    const project = await call('projects.create', { name: `Render ${basename(output)}` });
    const music = await resolveMusic(options, call, context.cwd);

    const { clips: imported, places } = await importPhotos(studio, project.id, inputs.files, reporter, warn, signal);
    const clipIds = [...imported.keys()];
    if (clipIds.length === 0) throw new CliError('no photos to render: none of the files could be imported (see the warnings above)', ExitCode.NOTHING_TO_RENDER);

    // The project's shape, output, fit and focus mode first: the clips are animated for them (at the
    // export's size and rate, so the export copies their frames).
    await call('generate.setDefaults', { projectId: project.id, defaultMotion: options.motion ?? 'drift', aspect: options.ratio });
    await call('timeline.update', { projectId: project.id, output: { ...outputOf(options), focus: options.focus, ...(options.fit ? { fit: options.fit } : {}) } });
    // An explicit --fit is every clip's framing, so the camera moves are rendered with it too.
    if (options.fit) for (const clipId of clipIds) await call('clips.setFraming', { clipId, framing: { fit: options.fit, color: '#000000', box: null } });
    for (const clipId of clipIds) await call('clips.update', { clipId, durationS: options.clipDurationS });
    const animated = await animateClips(studio, imported, options, reporter, warn, signal);
    if (animated === 0) throw new CliError('no clip could be animated (see the warnings above)', ExitCode.RENDER_FAILED);

    for (const clipId of clipIds) {
      const caption = captions?.[places.get(clipId) ?? -1];
      if (caption?.trim()) await call('clips.setCaption', { clipId, caption });
    }
    await call('timeline.update', {
      projectId: project.id,
      transition: { type: options.transition, durationS: options.transitionDurationS },
      music,
      output: outputOf(options),
      text: cliText(options, warn),
      beatSync: options.beatSync,
    });
    if (options.beatSync) await reportBeats(call, project.id, reporter, warn);
    const done = await compileVideo(studio, project.id, reporter, signal);
    if (!done.mediaId) throw new CliError('the export finished without a video', ExitCode.RENDER_FAILED);
    await placeOutput(studio.media.store.path(done.mediaId), output);
    return {
      output,
      durationS: done.durationS ?? 0,
      sizeBytes: done.sizeBytes ?? 0,
      width: done.width ?? 0,
      height: done.height ?? 0,
      clips: animated,
      warnings,
      export: done.message,
    };
  } finally {
    await studio.exports.stop();
    await studio.generation.stop();
    studio.close();
    // A folder antivirus still holds after the retries must not turn a written video into a
    // failure: the next render's sweep removes what is left.
    await removeQuietly(dataDir, { recursive: true });
  }
}

async function requireFfmpeg(): Promise<void> {
  try {
    await locateFfmpeg();
  } catch (error) {
    if (error instanceof FfmpegNotFoundError) throw new CliError(error.message, ExitCode.FFMPEG_UNAVAILABLE);
    throw error;
  }
}

/** --beat-sync: finds the music's beats (once per track) and says what the cuts will follow, or that they cannot. */
async function reportBeats(call: Call, projectId: string, reporter: Reporter, warn: (message: string) => void): Promise<void> {
  reporter.info('Finding the beat of the music…');
  const beats = await call('music.beats', { projectId });
  if (beats.status === 'found') reporter.info(`Cutting to the beat: ${Math.round(beats.tempoBpm ?? 0)} BPM, ${beats.beats.length} beats found`);
  else warn(`--beat-sync: the music has no steady beat (${beats.message ?? 'none found'}); the clip lengths are left as they are`);
}

/** Text needs the bundled fonts and an FFmpeg with drawtext: said before any photo is animated. */
async function requireText(resourcesDir = defaultResourcesDir()): Promise<void> {
  const problem = textFontsProblem(join(resourcesDir, 'fonts'));
  if (problem) throw new CliError(problem, ExitCode.RENDER_FAILED);
  const { ffmpegPath } = await locateFfmpeg();
  if (!(await textSupport(ffmpegPath)).drawtext) {
    throw new CliError(`${ffmpegPath} was built without drawtext (libfreetype), so --title, --end-title and --captions cannot be drawn: install a full FFmpeg build`, ExitCode.FFMPEG_UNAVAILABLE);
  }
}

/** --title and --end-title as the project's cards (big bold over the first clip, centred over the last), saying when one was cut. */
function cliText(options: RenderOptions, warn: (message: string) => void): ProjectText {
  const card = (flag: string, text: string | undefined, look: TextLook): TextCard | null => {
    if (!text) return null;
    const kept = cleanText(text, TEXT_LIMITS.titleChars);
    if (kept !== cleanText(text, MAX_RAW_TEXT_CHARS)) warn(`${flag} was cut to ${TEXT_LIMITS.titleChars} characters: "${kept}"`);
    return { text: kept, look, background: 'clip', color: '#101418', durationS: CARD_SECONDS.default };
  };
  return { title: card('--title', options.title, DEFAULT_TITLE_LOOK), endCard: card('--end-title', options.endTitle, DEFAULT_END_LOOK), captionLook: DEFAULT_CAPTION_LOOK };
}

async function requireWritableFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new CliError(`cannot create the output folder ${folder}: ${(error as Error).message}`, ExitCode.USAGE);
  }
}

type Call = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

/** --music names a bundled track or a file; a file is copied into the render's media store. */
async function resolveMusic(options: RenderOptions, call: Call, cwd = process.cwd()): Promise<MusicSettings | null> {
  if (!options.music) return null;
  const settings = { volume: options.volume, fadeInS: 1, fadeOutS: 2 };
  const tracks = await call('music.list', {});
  if (tracks.some((t) => t.id === options.music)) return { choice: { source: 'bundled', trackId: options.music }, ...settings };
  const path = resolve(cwd, options.music);
  if (!existsSync(path)) {
    const names = tracks.map((t) => t.id).join(', ') || 'none installed';
    throw new CliError(`--music "${options.music}" is neither a file nor a bundled track (bundled: ${names})`, ExitCode.USAGE);
  }
  try {
    const imported = await call('music.importPath', { path });
    return { choice: { source: 'file', mediaId: imported.mediaId, name: imported.name }, ...settings };
  } catch (error) {
    throw new CliError(`--music "${options.music}": ${(error as Error).message}`, ExitCode.USAGE);
  }
}

async function importPhotos(
  studio: Studio,
  projectId: string,
  files: string[],
  reporter: Reporter,
  warn: (message: string, file?: string) => void,
  signal: AbortSignal,
): Promise<{ clips: Map<string, string>; places: Map<string, number> }> {
  throwIfCancelled(signal);
  reporter.stage('import', `${files.length} photo(s)`);
  const batchId = randomUUID();
  const stop = studio.events.subscribe((event) => {
    if (event.type === 'import.progress' && event.payload.batchId === batchId) {
      reporter.progress('import', event.payload.completed / event.payload.total, event.payload.file);
    }
  });
  try {
    const { results } = await callStudio(studio.handlers, 'media.importPaths', { projectId, paths: files, batchId });
    /** clip id -> the photo's name, in render order. */
    const clips = new Map<string, string>();
    /** clip id -> the photo's place among the inputs (its caption's line). */
    const places = new Map<string, number>();
    for (const r of results) {
      if (r.ok) {
        clips.set(r.clip.id, r.file);
        places.set(r.clip.id, r.index);
      } else warn(r.error.message, r.file);
    }
    reporter.progress('import', 1);
    return { clips, places };
  } finally {
    stop();
  }
}

/** Animates every clip on the device and approves each result; returns how many clips have a video. */
async function animateClips(
  studio: Studio,
  photos: Map<string, string>,
  options: RenderOptions,
  reporter: Reporter,
  warn: (message: string, file?: string) => void,
  signal: AbortSignal,
): Promise<number> {
  throwIfCancelled(signal);
  const clipIds = [...photos.keys()];
  reporter.stage('generate', `${clipIds.length} clip(s) on this device`);
  // Subscribed before queueing: a fast job can finish before generate.clips returns.
  const latest = new Map<string, { state: JobState; progress: number }>();
  let wanted: Set<string> | null = null;
  let allDone = () => {};
  const settled = new Promise<void>((r) => (allDone = r));
  const check = () => {
    if (!wanted) return;
    const states = [...wanted].map((id) => latest.get(id));
    reporter.progress('generate', states.reduce((sum, s) => sum + (s ? (s.state === 'succeeded' ? 1 : s.progress) : 0), 0) / wanted.size);
    if (states.every((s) => s && finishedStates.has(s.state))) allDone();
  };
  const stop = studio.events.subscribe((event) => {
    if (event.type !== 'job.updated') return;
    latest.set(event.payload.jobId, { state: event.payload.state, progress: event.payload.progress });
    check();
  });

  let jobs: Job[] = [];
  const cancelJobs = () => void Promise.all(jobs.map((j) => callStudio(studio.handlers, 'jobs.cancel', { jobId: j.id }).catch(() => undefined)));
  signal.addEventListener('abort', cancelJobs, { once: true });
  try {
    ({ jobs } = await callStudio(studio.handlers, 'generate.clips', {
      clipIds,
      provider: 'local',
      ...(options.motion ? { motion: options.motion } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    }));
    for (const job of jobs) if (!latest.has(job.id)) latest.set(job.id, { state: job.state, progress: job.progress });
    wanted = new Set(jobs.map((j) => j.id));
    check();
    await Promise.race([settled, abortPromise(signal)]);
  } finally {
    signal.removeEventListener('abort', cancelJobs);
    stop();
  }
  throwIfCancelled(signal);

  const final = await callStudio(studio.handlers, 'jobs.list', { projectId: jobs[0]!.projectId, activeOnly: false });
  const mine = final.filter((j) => wanted?.has(j.id));
  // Nothing animated because the disk is full: that is the one thing to say (exit 7).
  if (mine.length > 0 && mine.every((j) => j.state !== 'succeeded' && j.errorCode === 'DISK_FULL')) {
    throw new CliError(diskFullMessage(tmpdir()), ExitCode.DISK_FULL);
  }
  let approved = 0;
  for (const job of final.filter((j) => wanted?.has(j.id))) {
    if (job.state === 'succeeded' && job.takeId) {
      await callStudio(studio.handlers, 'takes.approve', { clipId: job.clipId, takeId: job.takeId });
      approved++;
    } else {
      const file = photos.get(job.clipId) ?? `clip ${clipIds.indexOf(job.clipId) + 1}`;
      warn(`${file}: could not be animated: ${job.message}`, file);
    }
  }
  return approved;
}

const finishedStates = new Set<JobState>(['succeeded', 'failed', 'cancelled']);

async function compileVideo(studio: Studio, projectId: string, reporter: Reporter, signal: AbortSignal): Promise<Export> {
  throwIfCancelled(signal);
  reporter.stage('compile', 'approved clips, transitions and music');
  let exportId: string | null = null;
  let resolveDone: (e: Export) => void = () => {};
  const done = new Promise<Export>((r) => (resolveDone = r));
  const stop = studio.events.subscribe((event) => {
    if (event.type !== 'export.progress' || event.payload.id !== exportId) return;
    if (event.payload.state === 'running') reporter.progress('compile', event.payload.progress / 100, eta(event.payload.etaS));
    else resolveDone(event.payload);
  });
  const onAbort = () => {
    if (exportId) void callStudio(studio.handlers, 'exports.cancel', { exportId }).catch(() => undefined);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const started = await callStudio(studio.handlers, 'exports.start', { projectId });
    exportId = started.id;
    const finished = started.state === 'running' ? await Promise.race([done, abortPromise(signal)]) : started;
    throwIfCancelled(signal);
    if (finished.state !== 'succeeded') {
      if (/^The disk is full/.test(finished.message)) throw new CliError(diskFullMessage(tmpdir()), ExitCode.DISK_FULL);
      throw new CliError(`compiling failed: ${finished.message}`, ExitCode.RENDER_FAILED);
    }
    reporter.progress('compile', 1);
    return finished;
  } catch (error) {
    if (error instanceof StudioError) throw new CliError(`compiling failed: ${error.message}`, ExitCode.RENDER_FAILED);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    stop();
  }
}

/**
 * Copies next to the destination, then renames: the output path never holds half a video. When
 * the rename still fails after its retries (out.mp4 open in a player), the finished copy is kept
 * and the error says where, since the render's own folder is removed next.
 */
async function placeOutput(source: string, output: string): Promise<void> {
  const partial = join(dirname(output), `.${basename(output)}.${process.pid}.partial`);
  try {
    await copyFileTo(source, partial);
  } catch (error) {
    await removeQuietly(partial);
    if (isDiskFull(error)) throw new CliError(diskFullMessage(dirname(output)), ExitCode.DISK_FULL);
    throw new CliError(`cannot write ${output}: ${(error as Error).message}`, ExitCode.RENDER_FAILED);
  }
  try {
    await publishFile(partial, output);
  } catch (error) {
    throw new CliError((error as OutputKeptError).message, ExitCode.RENDER_FAILED);
  }
}

function eta(etaS: number | null): string | undefined {
  if (etaS === null || !Number.isFinite(etaS)) return undefined;
  return etaS >= 60 ? `${Math.floor(etaS / 60)} min ${Math.round(etaS % 60)} s left` : `${Math.round(etaS)} s left`;
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CliError('cancelled: nothing was written', ExitCode.CANCELLED);
}

function abortPromise(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new CliError('cancelled: nothing was written', ExitCode.CANCELLED));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/** The export's settings the render options name. */
function outputOf(options: RenderOptions) {
  return { aspect: options.ratio, resolution: options.resolution, fps: options.fps, encoder: options.encoder };
}
