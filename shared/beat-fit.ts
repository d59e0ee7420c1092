/**
 * "Cut to the beat" (pure, shared: the export, the preview, the CLI and the editor's ruler all fit
 * the same way, so every length shown is the file's). Each clip's length is moved, within what its
 * take and trim allow, so that the middle of the transition after it lands on a beat of the music,
 * the beat nearest to where that transition was; the last clip keeps the video's length close to
 * the creator's. Boundaries the creator gave their own transition keep it; the others become cuts,
 * and a short transition of the project's kind on strong beats (the downbeats).
 */
import { editedClipInputs, planTimeline, type EditedClip, type PlanTransition } from './timeline-plan';

/** A track's beats as the studio keeps them; the music loops under a video longer than the track. */
export interface BeatGrid {
  /** Beat times in seconds, ascending. */
  beats: readonly number[];
  /** Indexes into `beats` of the strong beats. */
  strong: readonly number[];
  /** The track's length: the beats repeat every `durationS` seconds. */
  durationS: number;
}

/** A found track's beats as a grid; null for any other answer (no beat, not analysed, no music). */
export function beatGridOf(beats: { status: string; beats: readonly number[]; strong: readonly number[]; durationS: number } | null | undefined): BeatGrid | null {
  return beats?.status === 'found' ? { beats: beats.beats, strong: beats.strong, durationS: beats.durationS } : null;
}

export interface FittedClips<T extends EditedClip> {
  clips: T[];
  /** Boundaries whose transition's middle now sits on a beat, of how many. */
  landed: number;
  boundaries: number;
}

/** A clip may be shortened to half its chosen length, but not under this (unless it was shorter). */
export const MIN_FITTED_S = 1;
/** The longest transition put on a strong beat. */
export const SHORT_TRANSITION_S = 0.3;

/** The beats from 0 to `untilS`, the track looped, each with whether it is strong. */
export function loopedBeats(grid: BeatGrid, untilS: number): Array<{ timeS: number; strong: boolean }> {
  const out: Array<{ timeS: number; strong: boolean }> = [];
  if (grid.beats.length === 0 || grid.durationS <= 0) return out;
  const strong = new Set(grid.strong);
  for (let loop = 0; loop * grid.durationS <= untilS; loop++) {
    grid.beats.forEach((b, i) => {
      const timeS = b + loop * grid.durationS;
      if (timeS <= untilS) out.push({ timeS, strong: strong.has(i) });
    });
  }
  return out;
}

const transitionFrames = (t: PlanTransition, fps: number) => (t.type === 'cut' ? 0 : Math.round(t.durationS * fps));

/**
 * The clips with their out points (and the transitions the fit chose) set so every transition's
 * middle lands on a beat where the clips' ranges allow. Without beats the clips are returned as they are.
 */
export function fitToBeats<T extends EditedClip>(clips: readonly T[], transition: PlanTransition, grid: BeatGrid | null, fps: number): FittedClips<T> {
  const boundaries = Math.max(0, clips.length - 1);
  if (!grid || grid.beats.length === 0 || clips.length < 2) return { clips: [...clips], landed: 0, boundaries };
  const inputs = editedClipInputs(clips);
  const chosen = planTimeline({ clips: inputs, transition }, clips.map((c, i) => ({ durationS: c.durationS, label: `Clip ${i + 1}` })), fps);
  const beats = loopedBeats(grid, chosen.durationS * 2 + 10).map((b) => ({ frame: Math.round(b.timeS * fps), strong: b.strong }));
  const shortFrames = 2 * Math.round((Math.min(transition.durationS, SHORT_TRANSITION_S) * fps) / 2);
  const out: T[] = [];
  let start = 0;
  let into = 0;
  let landed = 0;
  clips.forEach((clip, i) => {
    const inS = inputs[i]?.inS ?? 0;
    const planned = chosen.clips[i] as { frames: number };
    const most = Math.max(1, Math.floor((clip.durationS - inS) * fps + 1e-6));
    const least = Math.max(2 * into, Math.min(planned.frames, Math.max(Math.round(MIN_FITTED_S * fps), Math.ceil(planned.frames / 2))));
    const place = (frames: number, transitionOut: PlanTransition | null) => {
      out.push({ ...clip, trimOutS: inS + frames / fps, transitionOut });
    };
    if (i === clips.length - 1) {
      // The last clip brings the video's length back to the creator's, as far as it can.
      const frames = Math.min(most, Math.max(least, 1, chosen.totalFrames - start));
      place(frames, clip.transitionOut);
      return;
    }
    const boundary = chosen.boundaries[i] as { startFrame: number; frames: number };
    const target = boundary.startFrame + boundary.frames / 2;
    const own = clip.transitionOut;
    let best: { frames: number; overlap: number; transitionOut: PlanTransition | null; distance: number } | null = null;
    for (const beat of beats) {
      const distance = Math.abs(beat.frame - target);
      if (best && distance >= best.distance) continue;
      const transitionOut: PlanTransition = own ?? (beat.strong && shortFrames > 0 && transition.type !== 'cut' ? { type: transition.type, durationS: shortFrames / fps } : { type: 'cut', durationS: transition.durationS });
      const overlap = transitionFrames(transitionOut, fps);
      const frames = Math.round(beat.frame - start + overlap / 2);
      if (frames < least || frames > most || overlap > Math.floor(frames / 2) || frames - into - overlap < 0) continue;
      best = { frames, overlap, transitionOut, distance };
    }
    if (best) {
      landed++;
      place(best.frames, best.transitionOut);
      start += best.frames - best.overlap;
      into = best.overlap;
      return;
    }
    // No beat within reach: the clip keeps its length and its transition.
    const frames = Math.min(most, Math.max(least, planned.frames));
    place(frames, clip.transitionOut);
    into = boundary.frames;
    start += frames - into;
  });
  return { clips: out, landed, boundaries };
}
