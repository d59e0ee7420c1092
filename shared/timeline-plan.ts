import type { TransitionType } from './values';
import type { ClipFit } from './framing';
import type { ClipText } from './text';

/**
 * The timeline in whole output frames: every clip's length and every overlap, so the export cuts on
 * frame numbers and has exactly `totalFrames` frames (sum of clip frames - sum of transition frames).
 * Pure and shared: the compile engine plans the export with it, the preview plans its segments with
 * it, and the editor draws the ruler and the durations with it, so every duration shown is the
 * file's.
 */

export interface PlanSource {
  /** The source clip's length in seconds. */
  durationS: number;
  /** Names the clip in error messages. */
  label: string;
}

export interface PlanTransition {
  type: TransitionType;
  durationS: number;
}

export interface PlanClipInput {
  inS: number;
  outS?: number | null | undefined;
  /** The transition into the next clip; the timeline's transition when absent. */
  transitionOut?: PlanTransition | null | undefined;
  /** How the clip is fitted to the output frame; the output's fit, centred, when absent. */
  fit?: ClipFit | undefined;
}

export interface PlannedClip<M extends PlanSource = PlanSource> {
  index: number;
  meta: M;
  inS: number;
  outS: number;
  /** Frames this clip contributes before overlaps are subtracted. */
  frames: number;
  /** Frames shared with the previous / next clip in a transition. */
  headFrames: number;
  tailFrames: number;
  /** The output frame where this clip's first frame (its head, when it has one) appears. */
  startFrame: number;
  fit?: ClipFit | undefined;
  /** Words drawn on this clip (a title, a caption, an end card), attached after planning. */
  text?: ClipText | undefined;
}

export interface PlannedBoundary {
  /** `cut` also when the requested transition had to shrink to nothing. */
  type: TransitionType;
  frames: number;
  /** The output frame where the transition window starts (the cut's frame for a cut). */
  startFrame: number;
}

export interface TimelinePlan<M extends PlanSource = PlanSource> {
  fps: number;
  clips: PlannedClip<M>[];
  /** boundaries[i] sits between clips[i] and clips[i + 1]. */
  boundaries: PlannedBoundary[];
  totalFrames: number;
  durationS: number;
}

export class TimelinePlanError extends Error {
  override name = 'TimelinePlanError';
}

/** A clip as the studio holds it: its take's length, its trim and its transition out. */
export interface EditedClip {
  durationS: number;
  trimInS: number;
  trimOutS: number | null;
  transitionOut: PlanTransition | null;
}

/** The planner's inputs for edited clips: a trim beyond the take (a take swapped under it) is clamped as the export clamps it. */
export function editedClipInputs(clips: readonly EditedClip[]): PlanClipInput[] {
  return clips.map((c) => ({ inS: Math.min(c.trimInS, Math.max(0, c.durationS - 0.5)), outS: c.trimOutS, transitionOut: c.transitionOut }));
}

export function planTimeline<M extends PlanSource>(
  timeline: { clips: readonly PlanClipInput[]; transition: PlanTransition },
  metas: readonly M[],
  fps: number,
): TimelinePlan<M> {
  if (metas.length !== timeline.clips.length) throw new TimelinePlanError('every clip needs its probed metadata');
  const clips: PlannedClip<M>[] = timeline.clips.map((clip, index) => {
    const meta = metas[index] as M;
    const inS = clip.inS;
    const outS = Math.min(clip.outS ?? meta.durationS, meta.durationS);
    if (inS >= meta.durationS) {
      throw new TimelinePlanError(
        `${meta.label}: in point ${inS}s is at or after the end of the clip (${meta.durationS.toFixed(3)}s)`,
      );
    }
    const frames = Math.max(1, Math.round((outS - inS) * fps));
    return { index, meta, inS, outS, frames, headFrames: 0, tailFrames: 0, startFrame: 0, ...(clip.fit ? { fit: clip.fit } : {}) };
  });

  const boundaries: PlannedBoundary[] = [];
  for (let i = 0; i < clips.length - 1; i++) {
    const left = clips[i] as PlannedClip<M>;
    const right = clips[i + 1] as PlannedClip<M>;
    const transition = timeline.clips[i]?.transitionOut ?? timeline.transition;
    let frames = 0;
    if (transition.type !== 'cut') {
      // Each side may give at most half of itself, so a clip's head and tail never overlap.
      frames = Math.min(Math.round(transition.durationS * fps), Math.floor(left.frames / 2), Math.floor(right.frames / 2));
    }
    if (frames < 1) {
      boundaries.push({ type: 'cut', frames: 0, startFrame: 0 });
      continue;
    }
    boundaries.push({ type: transition.type, frames, startFrame: 0 });
    left.tailFrames = frames;
    right.headFrames = frames;
  }
  let at = 0;
  clips.forEach((clip, i) => {
    clip.startFrame = at;
    at += clip.frames;
    const boundary = boundaries[i];
    if (boundary) {
      at -= boundary.frames;
      boundary.startFrame = at;
    }
  });
  return { fps, clips, boundaries, totalFrames: at, durationS: at / fps };
}
