import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { outputDimensions, type OutputSettings } from '../../../../shared/values';
import { readMp4VideoIndex, type Mp4VideoIndex } from '../../ffmpeg/mp4-index';
import type { RunProgress } from '../../ffmpeg/progress';
import { runFfmpeg } from '../../ffmpeg/runner';
import type { FfmpegLocation } from '../../ffmpeg/locate';
import { AUDIO_OUT } from './audio-graph';
import { decideBodyCopy, joinList, type BodyCopy, type JoinEntry } from './body-copy';
import { audioEncoderArgs, joinableX264Args, mp4ContainerArgs } from './encoder-args';
import { commandArgs, type FfmpegCommand } from './graph';
import type { TimelinePlan } from './plan';
import type { CompileProgress, Music } from './request';
import {
  audioReadableInGraph,
  buildAudioSegmentCommand,
  buildVideoSegmentCommand,
  segmentOutputLabel,
  segmentReadableInGraph,
  segmentTimeline,
  type ClipIdentity,
  type SegmentFormat,
  type VideoSegment,
} from './segments';

/**
 * Segmented export ("smart export"): the timeline is its pieces (segments.ts): clip bodies,
 * transition windows and the sound of the whole length. A body whose take already is the output's
 * stream, cut on its keyframes, is copied (body-copy.ts); every other piece is encoded with the
 * joinable x264 settings, several pieces per FFmpeg run (a bounded number of inputs open at once,
 * so memory does not grow with the timeline), and kept in the segment cache by its content key.
 * The pieces are joined by stream copy into one H.264 track with the sound, then the result is
 * checked (frame count, one decoder configuration). An export after one changed transition encodes
 * that window only.
 */

/** Finished pieces by content key (the studio keeps them in the data folder, bounded and collected). */
export interface SegmentCache {
  lookup(key: string): Promise<string | null>;
  /** Moves `file` into the cache under `key` and returns where it now is; `inUse` (this export's keys) stays cached. */
  store(key: string, file: string, kind: 'video' | 'audio', inUse: ReadonlySet<string>): Promise<string>;
}

export interface SegmentedExportInput {
  plan: TimelinePlan;
  output: OutputSettings;
  music: (Music & { path: string }) | null;
  identities: readonly ClipIdentity[];
  /** Identity of the music file (content, not only its path). */
  musicSource: string | null;
  ffmpeg: FfmpegLocation;
  workDir: string;
  outputPath: string;
  cache?: SegmentCache | undefined;
  signal?: AbortSignal | undefined;
  emit: (progress: CompileProgress) => void;
  /** Pieces encoded by one FFmpeg run (default 4). */
  batchSize?: number | undefined;
  /** FFmpeg runs at once (default 2). */
  concurrency?: number | undefined;
}

export interface SegmentedExportStats {
  /** Bodies stream-copied from their takes. */
  copied: number;
  /** Pieces encoded by this export. */
  encoded: number;
  /** Encoded pieces found in the cache. */
  reused: number;
}

/** The join's result did not come out as planned: the caller falls back to the one-graph export. */
export class SegmentedExportError extends Error {
  override name = 'SegmentedExportError';
}

const ENCODER_ID = (quality: string) => `export-x264-${quality}-joinable-1`;

/**
 * Runs the segmented export, or returns null when no body could be copied (the one-graph export
 * is then as fast and is used). Throws SegmentedExportError when the joined file fails its checks.
 */
export async function segmentedExport(input: SegmentedExportInput): Promise<SegmentedExportStats | null> {
  const { plan, output, ffmpeg, workDir } = input;
  const { fps } = plan;
  const { width, height } = outputDimensions(output.aspect, output.resolution);
  const indexes = new Map<string, Promise<Mp4VideoIndex | null>>();
  const indexOf = (file: string) => {
    if (!indexes.has(file)) indexes.set(file, readMp4VideoIndex(file));
    return indexes.get(file) as Promise<Mp4VideoIndex | null>;
  };
  const takeIndexes = await Promise.all(plan.clips.map((c) => indexOf(c.meta.path)));
  const ctx = { fps, width, height, configHash: null };
  const decisions = plan.clips.map((clip, i) => decideBodyCopy(clip, takeIndexes[i] ?? null, ctx));
  if (!decisions.some((d) => 'copy' in d)) return null;

  const format: SegmentFormat = { width, height, fps, fit: output.fit, encoderId: ENCODER_ID(output.quality) };
  const { music } = input;
  const musicIdentity = music && input.musicSource
    ? { source: input.musicSource, volume: music.volume, fadeInS: music.fadeInS, fadeOutS: music.fadeOutS, clipAudioVolume: music.clipAudioVolume }
    : null;
  const timeline = segmentTimeline(plan, input.identities, format, musicIdentity);
  const encoderArgs = joinableX264Args(output.quality, fps);
  const stats: SegmentedExportStats = { copied: 0, encoded: 0, reused: 0 };
  const progress = createProgress(plan, input.emit);

  const audioKey = createHash('sha256').update(`${timeline.audio.key}:${audioEncoderArgs().join(' ')}`).digest('hex');
  const inUse = new Set([...timeline.video.map((s) => s.key), audioKey]);
  /** Where each encoded piece's file is, by key (cached or made by this run). */
  const files = new Map<string, string>();
  const lookup = async (key: string) => {
    const cached = (await input.cache?.lookup(key)) ?? null;
    if (cached) files.set(key, cached);
    return cached !== null;
  };
  const keep = async (key: string, file: string, kind: 'video' | 'audio') => {
    files.set(key, input.cache ? await input.cache.store(key, file, kind, inUse) : file);
  };

  const copyOf = (segment: VideoSegment): BodyCopy | null => {
    if (segment.kind !== 'body') return null;
    const decision = decisions[segment.index];
    return decision && 'copy' in decision ? decision.copy : null;
  };
  const toEncode: VideoSegment[] = [];
  for (const segment of timeline.video) {
    if (copyOf(segment)) continue;
    if (await lookup(segment.key)) stats.reused++;
    else toEncode.push(segment);
  }
  const audioCached = await lookup(audioKey);
  progress.plan(toEncode.reduce((s, g) => s + g.frames, 0), audioCached ? 0 : plan.totalFrames);

  const concurrency = input.concurrency ?? 2;
  const encodeVideo = (segments: VideoSegment[], workers: number) =>
    runBatches(segments, input.batchSize ?? 4, workers, async (batch) => {
      const outputs = batch.map((segment, n) => ({ segment, file: path.join(workDir, `piece-${segment.kind}-${segment.index}-${n}.mp4`) }));
      const graphSources = batch.every((s) => segmentReadableInGraph(plan, s));
      const command = graphSources ? batchCommand(plan, batch, format, encoderArgs, outputs.map((o) => o.file)) : null;
      if (command) {
        await run(input, command, batch.reduce((s, g) => s + g.frames, 0), progress);
      } else {
        for (const { segment, file } of outputs) {
          const single = buildVideoSegmentCommand(plan, segment, format, encoderArgs, 'inputs');
          await run(input, { ...single, outputArgs: [...pieceOutputArgs(single.outputArgs), file] }, segment.frames, progress);
        }
      }
      for (const { segment, file } of outputs) await keep(segment.key, file, 'video');
      stats.encoded += batch.length;
    });

  const audioJob = audioCached
    ? Promise.resolve()
    : (async () => {
        const sources = audioReadableInGraph(plan, input.music?.path ?? null) ? 'graph' : 'inputs';
        const command = buildAudioSegmentCommand(plan, input.music, audioEncoderArgs(), sources);
        const file = path.join(workDir, 'sound.m4a');
        const outputArgs = ['-map', `[${AUDIO_OUT}]`, '-vn', ...audioEncoderArgs(), '-f', 'mp4', file];
        await run(input, { ...command, outputArgs }, plan.totalFrames * AUDIO_WEIGHT, progress);
        await keep(audioKey, file, 'audio');
      })();
  // The sound's run takes one of the slots; a failed piece stops the export, not only its batch.
  await Promise.all([encodeVideo(toEncode, audioCached ? concurrency : Math.max(1, concurrency - 1)), audioJob]);

  // Every encoded piece must have one decoder configuration, and each copied take that same one.
  const encodedKeys = timeline.video.filter((s) => !copyOf(s)).map((s) => s.key);
  let reference = await configOf(encodedKeys, files, indexOf);
  if (reference === null) {
    // Nothing encoded (cuts only): encode the first copyable body to learn the export's configuration.
    const first = timeline.video.find((s) => copyOf(s)) as VideoSegment;
    decisions[first.index] = { encode: 'encoded as the configuration reference' };
    await encodeVideo([first], 1);
    reference = await configOf([first.key], files, indexOf);
  }
  const mismatched = timeline.video.filter((s) => {
    const copy = copyOf(s);
    return copy !== null && takeIndexes[s.index]?.configHash !== reference;
  });
  if (mismatched.length > 0) {
    for (const s of mismatched) decisions[s.index] = { encode: 'encoded with other settings than the export' };
    const missing: VideoSegment[] = [];
    for (const s of mismatched) if (!(await lookup(s.key))) missing.push(s);
    progress.plan(missing.reduce((sum, g) => sum + g.frames, 0), 0);
    await encodeVideo(missing, concurrency);
  }

  const entries: JoinEntry[] = timeline.video.map((segment) => {
    const copy = copyOf(segment);
    if (copy) {
      stats.copied++;
      return { body: copy };
    }
    return { file: files.get(segment.key) as string, frames: segment.frames };
  });
  const listPath = path.join(workDir, 'join.ffconcat');
  await writeFile(listPath, joinList(entries, fps));
  const join: FfmpegCommand = {
    inputArgs: ['-f', 'concat', '-safe', '0', '-auto_convert', '0', '-i', listPath, '-i', files.get(audioKey) as string],
    filterGraph: '',
    outputArgs: ['-map', '0:v:0', '-map', '1:a:0', '-c', 'copy', ...mp4ContainerArgs()],
    totalFrames: plan.totalFrames,
    durationS: plan.durationS,
  };
  await runFfmpeg({
    ffmpegPath: ffmpeg.ffmpegPath,
    args: [...join.inputArgs, ...join.outputArgs],
    totalDurationS: plan.durationS,
    outputPath: input.outputPath,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const joined = await readMp4VideoIndex(input.outputPath);
  if (!joined || joined.sampleCount !== plan.totalFrames || joined.configHash !== reference) {
    throw new SegmentedExportError(`the joined video has ${joined?.sampleCount ?? 'no'} frames of ${plan.totalFrames}${joined && joined.configHash !== reference ? ' and another configuration' : ''}`);
  }
  return stats;
}

/** The one decoder configuration of these encoded pieces; null when there are none. */
async function configOf(keys: readonly string[], files: ReadonlyMap<string, string>, indexOf: (file: string) => Promise<Mp4VideoIndex | null>): Promise<string | null> {
  const hashes = new Set<string>();
  for (const key of keys) {
    const index = await indexOf(files.get(key) as string);
    if (!index) throw new SegmentedExportError('an encoded piece cannot be read back');
    hashes.add(index.configHash);
  }
  if (hashes.size > 1) throw new SegmentedExportError('the encoded pieces came out with different encoder configurations');
  return hashes.size ? ([...hashes][0] as string) : null;
}

/** Several pieces in one graph and one FFmpeg run, each to its own file (labels kept apart by index). */
function batchCommand(plan: TimelinePlan, batch: readonly VideoSegment[], format: SegmentFormat, encoderArgs: readonly string[], files: readonly string[]): FfmpegCommand {
  const graphs = batch.map((segment) => buildVideoSegmentCommand(plan, segment, format, encoderArgs, 'graph', 'indexed').filterGraph);
  const outputArgs = batch.flatMap((segment, n) => ['-map', `[${segmentOutputLabel(segment)}]`, '-an', ...encoderArgs, '-r', String(plan.fps), '-f', 'mp4', files[n] as string]);
  const frames = batch.reduce((s, g) => s + g.frames, 0);
  return { inputArgs: [], filterGraph: graphs.join(';\n'), outputArgs, totalFrames: frames, durationS: frames / plan.fps };
}

/** A single piece's output half as plain MP4 (the preview's pieces are fragmented for the player). */
function pieceOutputArgs(segmentOutputArgs: readonly string[]): string[] {
  const at = segmentOutputArgs.indexOf('-movflags');
  return [...segmentOutputArgs.slice(0, at), '-f', 'mp4'];
}

async function run(input: SegmentedExportInput, command: FfmpegCommand, frames: number, progress: Progress): Promise<void> {
  const report = progress.run(frames);
  await runFfmpeg({
    ffmpegPath: input.ffmpeg.ffmpegPath,
    args: ['-y', ...commandArgs(command)],
    totalDurationS: command.durationS,
    onProgress: report,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  report.done();
}

/** Splits items into batches of at most `size` (at least one per worker) and runs them on `workers` at once. */
async function runBatches<T>(items: readonly T[], size: number, workers: number, work: (batch: T[]) => Promise<void>): Promise<void> {
  const batches: T[][] = [];
  // Batches of even size, so the runs finish together.
  const count = Math.max(Math.min(workers, items.length), Math.ceil(items.length / Math.max(1, size)));
  for (let b = 0; b < count; b++) batches.push(items.filter((_, i) => i % count === b));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as T[];
      if (batch.length) await work(batch);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
}

/** The sound's encode weighs this much per frame against a video frame's. */
const AUDIO_WEIGHT = 0.1;

interface Progress {
  plan(videoFrames: number, audioFrames: number): void;
  run(frames: number): ((p: RunProgress) => void) & { done(): void };
}

/**
 * Progress weighted by the work really left: frames to encode (the sound counts a tenth of a
 * video frame per frame), copied bodies and cached pieces cost nothing. ETA from the rate so far.
 */
function createProgress(plan: TimelinePlan, emit: (p: CompileProgress) => void): Progress {
  let total = 0;
  let finished = 0;
  const running = new Map<object, number>();
  const started = performance.now();
  const send = () => {
    const done = finished + [...running.values()].reduce((s, v) => s + v, 0);
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const elapsedS = (performance.now() - started) / 1000;
    emit({
      phase: 'encoding',
      percent: Math.min(99, fraction * 100),
      etaS: fraction > 0.02 ? (elapsedS / fraction) * (1 - fraction) : null,
      outTimeS: fraction * plan.durationS,
      speed: null,
    });
  };
  return {
    plan(videoFrames, audioFrames) {
      total += videoFrames + audioFrames * AUDIO_WEIGHT;
    },
    run(frames) {
      const token = {};
      const weight = frames;
      const report = Object.assign(
        (p: RunProgress) => {
          running.set(token, ((p.percent ?? 0) / 100) * weight);
          send();
        },
        {
          done() {
            running.delete(token);
            finished += weight;
            send();
          },
        },
      );
      return report;
    },
  };
}
