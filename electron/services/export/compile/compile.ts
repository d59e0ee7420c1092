import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CompileRequestSchema, type CompileProgress, type CompileRequest, type CompileRequestInput, type CompileResult, type Music } from './request';
import { outputDimensions, type VideoEncoder } from '../../../../shared/values';
import { FfmpegRunError, isAbortError } from '../../ffmpeg/errors';
import { markEncoderBroken, resolveVideoEncoder } from '../../ffmpeg/hw-encoders';
import { locateFfmpeg, type FfmpegLocation } from '../../ffmpeg/locate';
import { MediaProbeError, probeMediaFiles, type MediaInfo } from '../../ffmpeg/probe';
import type { RunProgress } from '../../ffmpeg/progress';
import { runFfmpeg } from '../../ffmpeg/runner';
import { supportsStatsPeriod } from '../../ffmpeg/version';
import { makeRunTempDir, sweepOrphanRunTempDirs } from '../../system/run-temp';
import { clipMetaFromProbe, type ClipMeta } from './clip-meta';
import { findFailingClip } from './failing-clip';
import { buildStreamCopyCommand, canStreamCopy, concatList } from './fast-path';
import { buildFilterGraphCommand, commandArgs, type FfmpegCommand } from './graph';
import { planTimeline, type TimelinePlan } from './plan';
import { buildPartsJoinCommand, COMMAND_LINE_BUDGET, fitsCommandLine, MAX_CLIPS_PER_GRAPH, partsThatFit } from './parts';
import { removeQuietly } from '../../system/file-ops';
import { segmentedExport, type SegmentCache, type SegmentedExportStats } from './segmented';
import { requireTextSupport, withTimelineText } from './text-request';

export interface CompileDeps {
  /** Defaults to locateFfmpeg(). */
  ffmpeg?: FfmpegLocation;
  /** Turns a clip's mediaId into its media-store path. */
  resolveMediaPath?: (mediaId: string) => string | Promise<string>;
  onProgress?: (progress: CompileProgress) => void;
  signal?: AbortSignal;
  /** Set false to always re-encode (the bench compares both paths). */
  allowStreamCopy?: boolean;
  /** Longest command line (Windows' count) before the timeline is rendered in parts; tests lower it. */
  commandLineBudget?: number;
  /** Most clips one graph decodes before the timeline is rendered in parts (memory); tests lower it. */
  maxClipsPerGraph?: number;
  /** Set false to always encode the whole timeline in one graph (the bench's reference; a fallback). */
  allowSegmented?: boolean;
  /** Where a segmented export keeps its encoded pieces between exports (none: they are not kept). */
  segmentCache?: SegmentCache;
  /** Where the bundled fonts for titles and captions are (default: the resources' fonts/). */
  fontsDir?: string;
}

/** The request or its media cannot be compiled; the message names the clip or field at fault. */
export class CompileInputError extends Error {
  override name = 'CompileInputError';
}

const INLINE_GRAPH_LIMIT = 12_000;

/** Probes the clips, builds the FFmpeg command, runs it with progress and cancel, writes atomically. */
export async function compileTimeline(requestInput: CompileRequestInput, deps: CompileDeps = {}): Promise<CompileResult> {
  const started = performance.now();
  const parsed = CompileRequestSchema.safeParse(requestInput);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
    throw new CompileInputError(`Invalid compile request: ${issues}`);
  }
  const { timeline, output } = parsed.data;
  const outputPath = path.resolve(parsed.data.outputPath);
  const emit = deps.onProgress ?? (() => {});
  emit({ phase: 'probing', percent: 0, etaS: null, outTimeS: 0, speed: null });

  const ffmpeg = deps.ffmpeg ?? (await locateFfmpeg());
  const clipPaths = await Promise.all(
    timeline.clips.map(async (clip, i) => {
      if (clip.path) return path.resolve(clip.path);
      if (!deps.resolveMediaPath) throw new CompileInputError(`Clip ${i + 1} has a mediaId but no media resolver was given`);
      return path.resolve(await deps.resolveMediaPath(clip.mediaId as string));
    }),
  );
  const labels = timeline.clips.map((c, i) => `Clip ${i + 1} (${c.id ?? c.mediaId ?? path.basename(clipPaths[i] as string)})`);

  const musicPath = timeline.music ? path.resolve(timeline.music.path) : null;
  const files = musicPath ? [...clipPaths, musicPath] : clipPaths;
  let infos: MediaInfo[];
  try {
    infos = await probeMediaFiles(ffmpeg.ffmpegPath, files, { countFrames: true });
  } catch (e) {
    if (!(e instanceof MediaProbeError)) throw e;
    const i = clipPaths.indexOf(e.file);
    const who = i >= 0 ? `${labels[i]} "${e.file}"` : `Music "${e.file}"`;
    throw new CompileInputError(`${who} cannot be read: ${e.message.replace(/^Cannot read "[^"]*": /, '')}`);
  }
  const musicInfo = musicPath ? (infos.pop() as MediaInfo) : null;
  if (musicInfo && !musicInfo.audio) throw new CompileInputError(`Music "${musicPath}" has no audio stream`);
  const metas: ClipMeta[] = infos.map((info, i) => {
    try {
      return clipMetaFromProbe(info, labels[i] as string);
    } catch (e) {
      throw new CompileInputError((e as Error).message);
    }
  });
  throwIfAborted(deps.signal);
  await requireTextSupport(ffmpeg.ffmpegPath, timeline, deps.fontsDir).catch((e: unknown) => {
    throw new CompileInputError((e as Error).message);
  });

  const plan = (() => {
    try {
      return withTimelineText(planTimeline(timeline, metas, output.fps), timeline, output.aspect, deps.fontsDir);
    } catch (e) {
      throw new CompileInputError((e as Error).message);
    }
  })();
  const music = timeline.music && musicPath ? { ...timeline.music, path: musicPath } : null;
  const dims = outputDimensions(output.aspect, output.resolution);
  // Work folders of killed runs are removed here: nothing else would.
  await sweepOrphanRunTempDirs();
  const workDir = await makeRunTempDir('echoes-compile');
  try {
    const streamCopy = deps.allowStreamCopy !== false && canStreamCopy(plan, output).ok;
    const budget = deps.commandLineBudget ?? COMMAND_LINE_BUDGET;
    const progressFlags = supportsStatsPeriod(ffmpeg.versionInfo) ? ['-stats_period', '0.25'] : [];
    /** The arguments of a command, its graph in a script file in the work folder when long (pure: the file is written by `prepare`). */
    const argsFor = (command: FfmpegCommand, name: string) => {
      const scriptPath = path.join(workDir, `${name}.txt`);
      const script = command.filterGraph.length > INLINE_GRAPH_LIMIT ? { path: scriptPath, version: ffmpeg.versionInfo } : undefined;
      return [...progressFlags, ...commandArgs(command, script)];
    };
    const prepare = async (command: FfmpegCommand, name: string) => {
      if (command.filterGraph.length > INLINE_GRAPH_LIMIT) await writeFile(path.join(workDir, `${name}.txt`), command.filterGraph);
      return argsFor(command, name);
    };
    const runOne = async (args: string[], durationS: number, target: string, report: (p: RunProgress) => void) => {
      await runFfmpeg({
        ffmpegPath: ffmpeg.ffmpegPath,
        args,
        totalDurationS: durationS,
        outputPath: target,
        ...(deps.signal ? { signal: deps.signal } : {}),
        onProgress: report,
      });
    };
    const whole = (p: RunProgress) => emit(toCompileProgress(p));

    const render = async (encoderName: VideoEncoder) => {
      const command = buildFilterGraphCommand({ plan, output, encoder: encoderName, music, leanDecoders: true });
      const maxClips = deps.maxClipsPerGraph ?? MAX_CLIPS_PER_GRAPH;
      if (plan.clips.length <= maxClips && fitsCommandLine(ffmpeg.ffmpegPath, argsFor(command, 'graph'), budget)) {
        return runOne(await prepare(command, 'graph'), command.durationS, outputPath, whole);
      }
      // A long timeline in parts (see parts.ts): each part encoded, then joined by stream copy with the music.
      // Parts also bound memory: at most maxClips inputs are open at once.
      const partCommand = (part: TimelinePlan) => buildFilterGraphCommand({ plan: part, output, encoder: encoderName, leanDecoders: true, part: true });
      const parts = partsThatFit(plan, (part, i) => argsFor(partCommand(part), `graph-${i}`), (args) => fitsCommandLine(ffmpeg.ffmpegPath, args, budget), maxClips);
      const files: string[] = [];
      let doneS = 0;
      for (const [i, part] of parts.entries()) {
        const file = path.join(workDir, `part-${i}.mov`);
        await runOne(await prepare(partCommand(part.plan), `graph-${i}`), part.plan.durationS, file, (p) => emit(partProgress(p, doneS, plan.durationS)));
        doneS += part.plan.durationS;
        files.push(file);
      }
      const listPath = path.join(workDir, 'parts.ffconcat');
      await writeFile(listPath, concatList(files));
      const join = buildPartsJoinCommand({ plan, listPath, music });
      await runOne(await prepare(join, 'join'), join.durationS, outputPath, () => undefined);
    };

    let encoder: VideoEncoder | 'copy' = 'copy';
    let segments: SegmentedExportStats | null = null;
    const runFallback = async () => {
      try {
        await render(encoder as VideoEncoder);
      } catch (e) {
        // A hardware encoder that passed the test encode can still fail on the real job
        // (session limits, sizes): retry once in software.
        if (isAbortError(e) || encoder === 'libx264') throw nameFailingClip(e, metas);
        markEncoderBroken(ffmpeg.ffmpegPath, encoder as VideoEncoder);
        encoder = 'libx264';
        try {
          await render(encoder);
        } catch (e2) {
          throw nameFailingClip(e2, metas);
        }
      }
    };
    if (streamCopy) {
      const listPath = path.join(workDir, 'clips.ffconcat');
      await writeFile(listPath, concatList(metas.map((m) => m.path)));
      try {
        const command = buildStreamCopyCommand({ plan, concatListPath: listPath, music });
        await runOne(await prepare(command, 'graph'), command.durationS, outputPath, whole);
      } catch (e) {
        throw nameFailingClip(e, metas);
      }
    } else {
      // Pieces joined by copy need one encoder configuration: the software encoder's, which device
      // takes share. "auto" tries that first: copying bodies beats any encoder, hardware included;
      // only what cannot be copied is left to the encoder "auto" would pick.
      if (output.encoder === 'software' || output.encoder === 'auto') {
        if (deps.allowSegmented !== false) {
          segments = await trySegmented({ plan, output, music, clipPaths, ids: timeline.clips.map((c) => c.mediaId ?? null), ffmpeg, workDir, outputPath, deps, emit });
        }
        if (segments) encoder = 'libx264';
      }
      if (!segments) {
        encoder = await resolveVideoEncoder(ffmpeg.ffmpegPath, output.encoder);
        await runFallback();
      }
    }
    emit({ phase: 'done', percent: 100, etaS: 0, outTimeS: plan.durationS, speed: null });
    return {
      outputPath,
      durationS: plan.durationS,
      frames: plan.totalFrames,
      width: dims.width,
      height: dims.height,
      fps: output.fps,
      mode: streamCopy ? 'stream-copy' : segments ? 'segmented' : 'filter-graph',
      ...(segments ? { segments } : {}),
      videoEncoder: encoder,
      sizeBytes: (await stat(outputPath)).size,
      wallS: (performance.now() - started) / 1000,
    };
  } finally {
    await removeQuietly(workDir, { recursive: true });
  }
}

/**
 * The segmented export where it can copy bodies; null when it cannot (nothing to copy) or when its
 * result failed the checks, so the one-graph export runs instead. A cancel still cancels.
 */
async function trySegmented(input: {
  plan: TimelinePlan;
  output: CompileRequest['output'];
  music: (Music & { path: string }) | null;
  clipPaths: readonly string[];
  ids: readonly (string | null)[];
  ffmpeg: FfmpegLocation;
  workDir: string;
  outputPath: string;
  deps: CompileDeps;
  emit: (p: CompileProgress) => void;
}): Promise<SegmentedExportStats | null> {
  const { deps } = input;
  try {
    const identities = await Promise.all(input.clipPaths.map(async (p, i) => ({ source: input.ids[i] ?? (await fileIdentity(p)) })));
    return await segmentedExport({
      plan: input.plan,
      output: input.output,
      music: input.music,
      identities,
      musicSource: input.music ? await fileIdentity(input.music.path) : null,
      ffmpeg: input.ffmpeg,
      workDir: input.workDir,
      outputPath: input.outputPath,
      cache: deps.segmentCache,
      signal: deps.signal,
      emit: input.emit,
    });
  } catch (e) {
    if (isAbortError(e) || deps.signal?.aborted) throw e;
    console.warn(`[compile] segmented export failed, encoding the whole timeline: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}

/** A file's identity for cache keys when it has no media id: path, size and modification time. */
async function fileIdentity(file: string): Promise<string> {
  const s = await stat(file);
  return `file:${file}:${s.size}:${s.mtimeMs}`;
}

/** Progress of one part, as a share of the whole timeline. */
function partProgress(p: RunProgress, doneS: number, totalS: number): CompileProgress {
  const outTimeS = Math.min(totalS, doneS + p.outTimeS);
  return {
    phase: 'encoding',
    percent: Math.min(99, (outTimeS / totalS) * 100),
    etaS: p.speed ? Math.max(0, totalS - outTimeS) / p.speed : null,
    outTimeS,
    speed: p.speed,
  };
}

function toCompileProgress(p: RunProgress): CompileProgress {
  return {
    phase: 'encoding',
    percent: p.percent ?? 0,
    etaS: p.etaS,
    outTimeS: p.outTimeS,
    speed: p.speed,
  };
}

/** When FFmpeg's error lines point at one clip, say which clip that is. */
function nameFailingClip(e: unknown, metas: readonly ClipMeta[]): unknown {
  if (!(e instanceof FfmpegRunError)) return e;
  const culprit = findFailingClip(e.stderrTail, metas);
  if (!culprit) return e;
  return new FfmpegRunError(`${culprit.label} "${culprit.path}": ${e.message}`, e.exitCode, e.stderrTail, e.commandLine);
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    const err = new Error('Compile was cancelled');
    err.name = 'AbortError';
    throw err;
  }
}
