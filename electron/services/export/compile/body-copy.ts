import type { Mp4VideoIndex } from '../../ffmpeg/mp4-index';
import type { PlannedClip } from './plan';

/**
 * Whether a clip's body (the frames no transition touches) can be copied from its take into a
 * segmented export instead of being encoded, and how: the take must already be the output's
 * stream (H.264 at the output's size and rate, one track, the encoder configuration the export's
 * pieces have) and the body must start and end on the take's keyframes. Pure: the caller reads the
 * take's index (ffmpeg/mp4-index.ts) and knows the export pieces' configuration.
 */

export interface BodyCopy {
  path: string;
  /** The body's first take frame (a keyframe) and the frame after its last (a keyframe or the end). */
  fromFrame: number;
  toFrame: number;
  /** Frames decoding runs ahead of display (B-frames): the concat demuxer's outpoint compares decode times. */
  delayFrames: number;
  /** Frames the take has. */
  takeFrames: number;
}

export type BodyCopyDecision = { copy: BodyCopy } | { encode: string };

export interface BodyCopyContext {
  fps: number;
  width: number;
  height: number;
  /** The configuration hash every encoded piece of this export has; null: not known yet (checked later). */
  configHash: string | null;
}

const FRAME_EPSILON = 1e-6;

export function decideBodyCopy(clip: PlannedClip, index: Mp4VideoIndex | null, ctx: BodyCopyContext): BodyCopyDecision {
  const m = clip.meta;
  const bodyFrames = clip.frames - clip.headFrames - clip.tailFrames;
  if (bodyFrames <= 0) return { encode: 'no body' };
  // Words are drawn into the frames: a copied body would lose its caption or card.
  if (clip.text && (clip.text.layers.length > 0 || clip.text.covers.length > 0)) return { encode: 'has text drawn on it' };
  if (!index) return { encode: 'not an MP4 whose index can be read' };
  if (index.codec !== 'avc1') return { encode: `${index.codec}, not H.264 (avc1)` };
  if (index.tracks !== 1) return { encode: 'has more than its video track' };
  if (m.rotation !== 0) return { encode: 'rotated' };
  if (m.sar.num !== m.sar.den) return { encode: 'non-square pixels' };
  if (index.width !== ctx.width || index.height !== ctx.height) return { encode: `${index.width}x${index.height}, not ${ctx.width}x${ctx.height}` };
  if (index.sampleDelta === null || index.sampleDelta * ctx.fps !== index.timescale) return { encode: `not a constant ${ctx.fps} fps` };
  if (ctx.configHash !== null && index.configHash !== ctx.configHash) return { encode: 'encoded with other settings than the export' };
  const first = clip.inS * ctx.fps;
  const startFrame = Math.round(first);
  if (Math.abs(first - startFrame) > FRAME_EPSILON) return { encode: 'trimmed between frames' };
  const fromFrame = startFrame + clip.headFrames;
  const toFrame = startFrame + clip.frames - clip.tailFrames;
  if (toFrame > index.sampleCount || (m.frames !== null && toFrame > m.frames)) return { encode: 'shorter than its cut' };
  if (!index.syncSamples.has(fromFrame)) return { encode: `frame ${fromFrame} is not a keyframe` };
  if (toFrame < index.sampleCount && !index.syncSamples.has(toFrame)) return { encode: `frame ${toFrame} is not a keyframe` };
  const delay = index.mediaStart / index.sampleDelta;
  if (!Number.isInteger(delay)) return { encode: 'its decode delay is not whole frames' };
  return { copy: { path: m.path, fromFrame, toFrame, delayFrames: delay, takeFrames: index.sampleCount } };
}

/** One entry of the join: an encoded piece played whole, or a copied body cut from its take. */
export type JoinEntry = { file: string; frames: number } | { body: BodyCopy };

const quote = (p: string) => `'${p.replace(/'/g, "'\\''")}'`;
const seconds = (s: number) => s.toFixed(6);

/**
 * The concat demuxer's list for the join. Every entry states its duration, so each piece starts
 * exactly where the one before ends. A copied body starts at its keyframe (inpoint, where the
 * demuxer seeks) and stops before the next keyframe: the outpoint is compared with decode times,
 * which run `delayFrames` ahead, so it sits half a frame before that keyframe's decode time.
 */
export function joinList(entries: readonly JoinEntry[], fps: number): string {
  const lines = ['ffconcat version 1.0'];
  for (const entry of entries) {
    if ('file' in entry) {
      lines.push(`file ${quote(entry.file)}`, `duration ${seconds(entry.frames / fps)}`);
      continue;
    }
    const { path, fromFrame, toFrame, delayFrames, takeFrames } = entry.body;
    lines.push(`file ${quote(path)}`);
    if (fromFrame > 0) lines.push(`inpoint ${seconds(fromFrame / fps)}`);
    if (toFrame < takeFrames) lines.push(`outpoint ${seconds((toFrame - delayFrames - 0.5) / fps)}`);
    lines.push(`duration ${seconds((toFrame - fromFrame) / fps)}`);
  }
  return `${lines.join('\n')}\n`;
}
