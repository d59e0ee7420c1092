import { num } from './audio-graph';
import { clipInputArgs, isSameRate } from './graph';
import type { PlannedClip } from './plan';

/**
 * How a segment reads the clips it is cut from (pure). Two things make a segment cheap:
 *
 * - It starts decoding near its first frame. A clip body or a transition's tail deep inside a take
 *   is reached by seeking (to the keyframe before it, decoding from there), not by decoding the take
 *   from its first frame. Only where it is exact: the take runs at the output rate and its cut sits
 *   on a frame, so "frame N of the clip" is one timestamp.
 * - Its graph can read the clips itself (a `movie` source in the graph instead of `-i` inputs): a
 *   command with no inputs can be handed to an FFmpeg that is already running (ffmpeg/warm-pool.ts),
 *   so the piece does not wait for a process to start. Only for files FFmpeg's command line would
 *   read the same way: no rotation to apply, a zero start time, a known demuxer.
 */

/** A clip seen from one of its frames on: the same frames, numbered from `skipped`. */
export interface ClipFrom {
  clip: PlannedClip;
  /** Frames of the original clip before the shifted clip's frame 0. */
  skipped: number;
}

/** The clip from frame `from` on when a seek lands exactly there, else the whole clip. */
export function clipFrom(clip: PlannedClip, from: number, fps: number): ClipFrom {
  if (from <= 0 || !isSameRate(clip.meta, fps) || !onFrame(clip.inS, fps)) return { clip, skipped: 0 };
  const skipped = Math.min(from, clip.frames - 1);
  return {
    clip: {
      ...clip,
      inS: clip.inS + skipped / fps,
      frames: clip.frames - skipped,
      headFrames: Math.max(0, clip.headFrames - skipped),
      startFrame: clip.startFrame + skipped,
    },
    skipped,
  };
}

function onFrame(s: number, fps: number): boolean {
  const frames = s * fps;
  return Math.abs(frames - Math.round(frames)) < 1e-6;
}

/** Demuxers a movie source may be told to use (the file's own, as probed). */
const MOVIE_FORMATS: Record<string, string> = { mov: 'mov', matroska: 'matroska' };

function movieFormat(container: string | undefined): string | null {
  const first = container?.split(',')[0];
  return first ? (MOVIE_FORMATS[first] ?? null) : null;
}

/** A movie source reads this clip exactly as `-i` (with -ss) would. */
export function readableInGraph(clip: PlannedClip): boolean {
  const m = clip.meta;
  return m.rotation === 0 && m.startS === 0 && movieFormat(m.container) !== null && m.path !== '';
}

/**
 * The chain that reads a clip inside the graph, ending where `-i` would hand the graph its
 * frames: frames from `inS` on, timestamps starting at the cut (FFmpeg's own -ss semantics).
 * A shifted clip (clipFrom) keeps the frame on its cut with half a frame to spare.
 */
export function movieSourceChain(clip: PlannedClip, fps: number): string {
  const format = movieFormat(clip.meta.container);
  if (!format || !readableInGraph(clip)) throw new Error(`${clip.meta.label} cannot be read inside a filter graph`);
  const source = [`movie=filename=${escapeFilterValue(clip.meta.path)}`, `format_name=${format}`, 'dec_threads=1'];
  if (clip.inS <= 0) return source.join(':');
  source.push(`seek_point=${num(clip.inS)}`);
  const keepFrom = onFrame(clip.inS, fps) && isSameRate(clip.meta, fps) ? clip.inS - 0.5 / fps : clip.inS;
  return `${source.join(':')},trim=start=${num(keepFrom)},setpts=PTS-${num(clip.inS)}/TB`;
}

/** The demuxer for a music file by its extension (the studio names stored files by their sniffed type). */
const MUSIC_FORMATS: Record<string, string> = { m4a: 'mov', mp4: 'mov', mov: 'mov', aac: 'aac', mp3: 'mp3', wav: 'wav', ogg: 'ogg', opus: 'ogg', flac: 'flac' };

/**
 * A source filter that reads a music file inside the graph, looped without end like
 * `-stream_loop -1 -i` (the music chain counts samples, so the file's start time does not matter);
 * null when its type is not one the studio stores.
 */
export function musicSourceChain(file: string): string | null {
  const format = MUSIC_FORMATS[file.split('.').pop()?.toLowerCase() ?? ''];
  return format ? `amovie=filename=${escapeFilterValue(file)}:format_name=${format}:loop=0` : null;
}

/** A source filter that reads a clip's sound inside the graph; null where `-i` must (a cut clip). */
export function clipAudioSourceChain(clip: PlannedClip): string | null {
  const format = movieFormat(clip.meta.container);
  if (!format || !readableInGraph(clip) || clip.inS > 0) return null;
  return `amovie=filename=${escapeFilterValue(clip.meta.path)}:format_name=${format}`;
}

/** A clip's input arguments (`-threads 1`: pieces render side by side, one core each). */
export function clipInput(clip: PlannedClip, fps: number): string[] {
  return ['-threads', '1', ...clipInputArgs(clip, fps)];
}

/**
 * A value (a file path) escaped for a filter option inside a filter graph: FFmpeg unescapes twice,
 * once for the graph (\ ' [ ] , ;) and once for the option (\ ' :).
 */
export function escapeFilterValue(value: string): string {
  const option = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return option.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/**
 * The clip as `-i` should seek it. FFmpeg's -ss keeps the frames at or after the time, and the
 * time is written with six decimals: a frame on a shifted cut could round out. Half a frame before
 * it keeps that frame and drops the one before.
 */
export function seekTarget(from: ClipFrom, fps: number): PlannedClip {
  return from.skipped > 0 ? { ...from.clip, inS: from.clip.inS - 0.5 / fps } : from.clip;
}
