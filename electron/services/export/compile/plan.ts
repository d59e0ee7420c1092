import type { Timeline } from './request';
import type { TransitionType } from '../../../../shared/values';
import type { ClipMeta } from './clip-meta';

export interface PlannedClip {
  index: number;
  meta: ClipMeta;
  inS: number;
  outS: number;
  /** Frames this clip contributes before overlaps are subtracted. */
  frames: number;
  /** Frames shared with the previous / next clip in a transition. */
  headFrames: number;
  tailFrames: number;
}

export interface PlannedBoundary {
  /** `cut` also when the requested transition had to shrink to nothing. */
  type: TransitionType;
  frames: number;
}

export interface TimelinePlan {
  fps: number;
  clips: PlannedClip[];
  /** boundaries[i] sits between clips[i] and clips[i + 1]. */
  boundaries: PlannedBoundary[];
  totalFrames: number;
  durationS: number;
}

export class TimelinePlanError extends Error {
  override name = 'TimelinePlanError';
}

/**
 * Works out every clip's frame count and every overlap in whole output frames, so the graph can
 * cut on frame numbers and the output has exactly `totalFrames` frames:
 * sum(clip frames) - sum(transition frames).
 */
export function planTimeline(timeline: Pick<Timeline, 'clips' | 'transition'>, metas: readonly ClipMeta[], fps: number): TimelinePlan {
  if (metas.length !== timeline.clips.length) throw new TimelinePlanError('every clip needs its probed metadata');
  const clips: PlannedClip[] = timeline.clips.map((clip, index) => {
    const meta = metas[index] as ClipMeta;
    const inS = clip.inS;
    const outS = Math.min(clip.outS ?? meta.durationS, meta.durationS);
    if (inS >= meta.durationS) {
      throw new TimelinePlanError(
        `${meta.label}: in point ${inS}s is at or after the end of the clip (${meta.durationS.toFixed(3)}s)`,
      );
    }
    const frames = Math.max(1, Math.round((outS - inS) * fps));
    return { index, meta, inS, outS, frames, headFrames: 0, tailFrames: 0 };
  });

  const boundaries: PlannedBoundary[] = [];
  for (let i = 0; i < clips.length - 1; i++) {
    const left = clips[i] as PlannedClip;
    const right = clips[i + 1] as PlannedClip;
    const transition = timeline.clips[i]?.transitionOut ?? timeline.transition;
    let frames = 0;
    if (transition.type !== 'cut') {
      // Each side may give at most half of itself, so a clip's head and tail never overlap.
      frames = Math.min(Math.round(transition.durationS * fps), Math.floor(left.frames / 2), Math.floor(right.frames / 2));
    }
    if (frames < 1) {
      boundaries.push({ type: 'cut', frames: 0 });
      continue;
    }
    boundaries.push({ type: transition.type, frames });
    left.tailFrames = frames;
    right.headFrames = frames;
  }
  const totalFrames = clips.reduce((s, c) => s + c.frames, 0) - boundaries.reduce((s, b) => s + b.frames, 0);
  return { fps, clips, boundaries, totalFrames, durationS: totalFrames / fps };
}
