import type { PlanSource, TimelinePlan } from '../../../../../shared/timeline-plan';

/**
 * Where everything on the timeline sits, in pixels, from the frame plan the export uses and the zoom
 * (pixels per second of the edited video). Pure: the tiles, the boundary markers, the ruler and the
 * trim handles all come from here, so what is drawn is what will be exported.
 */

export const MIN_PX_PER_S = 8;
export const MAX_PX_PER_S = 480;
export const DEFAULT_PX_PER_S = 60;
/** What the studio keeps of a clip at the least (clips.trim refuses less). */
export const MIN_TRIM_S = 0.5;

export const clampZoom = (pxPerS: number) => Math.min(MAX_PX_PER_S, Math.max(MIN_PX_PER_S, Number.isFinite(pxPerS) ? pxPerS : DEFAULT_PX_PER_S));

/** One zoom step in or out (a button press, a notch of Ctrl+wheel). */
export const zoomBy = (pxPerS: number, steps: number) => clampZoom(pxPerS * 1.25 ** steps);

/** The zoom at which `durationS` fills `widthPx`. */
export const zoomToFit = (durationS: number, widthPx: number) => (durationS > 0 && widthPx > 0 ? clampZoom(widthPx / durationS) : DEFAULT_PX_PER_S);

export interface TileBox {
  index: number;
  /** Left edge and width in pixels from the start of the video. */
  left: number;
  width: number;
  /** The part shared with the previous / next clip (its transition window), in pixels. */
  headPx: number;
  tailPx: number;
  startS: number;
  endS: number;
}

export interface BoundaryBox {
  /** boundaries[i] sits between tiles i and i + 1. */
  index: number;
  /** The transition window (zero wide for a cut). */
  left: number;
  width: number;
  /** Where the marker goes: the window's middle, or the cut. */
  centre: number;
  startS: number;
  durationS: number;
}

export interface TimelineLayout {
  tiles: TileBox[];
  boundaries: BoundaryBox[];
  widthPx: number;
}

export function layoutTimeline(plan: TimelinePlan<PlanSource>, pxPerS: number): TimelineLayout {
  const px = (frames: number) => (frames / plan.fps) * pxPerS;
  const tiles = plan.clips.map((clip, index) => ({
    index,
    left: px(clip.startFrame),
    width: px(clip.frames),
    headPx: px(clip.headFrames),
    tailPx: px(clip.tailFrames),
    startS: clip.startFrame / plan.fps,
    endS: (clip.startFrame + clip.frames) / plan.fps,
  }));
  const boundaries = plan.boundaries.map((b, index) => {
    // A cut's frame is where the next clip starts.
    const startFrame = b.frames > 0 ? b.startFrame : (plan.clips[index + 1]?.startFrame ?? 0);
    const left = px(startFrame);
    const width = px(b.frames);
    return { index, left, width, centre: left + width / 2, startS: startFrame / plan.fps, durationS: b.frames / plan.fps };
  });
  return { tiles, boundaries, widthPx: px(plan.totalFrames) };
}

/* The transport's steps (J, `,` and `.`). */
/** Seconds one J press steps back: 1 s, then twice as far for each press that follows within a second, up to 8 s. */
export function jumpBackS(streak: number): number {
  return Math.min(8, 2 ** Math.max(0, streak));
}

/** The time one frame before or after `timeS`, on the output's frame grid. */
export function frameStep(timeS: number, fps: number, direction: 1 | -1): number {
  const frame = Math.round(timeS * fps + 1e-6);
  return Math.max(0, (frame + direction) / fps);
}

/** The time under a point of the ruler, inside the video. */
export const timeAtX = (x: number, pxPerS: number, durationS: number) => Math.min(durationS, Math.max(0, x / pxPerS));

export interface RulerTick {
  timeS: number;
  x: number;
  /** Major ticks carry a label. */
  major: boolean;
}

const STEPS = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];

/**
 * Ticks for the ruler: labelled ones at the smallest round step that leaves `minLabelPx` between
 * labels, and unlabelled ones between them (at most every 12 px).
 */
export function rulerTicks(durationS: number, pxPerS: number, minLabelPx = 56): { stepS: number; ticks: RulerTick[] } {
  const stepS = STEPS.find((s) => s * pxPerS >= minLabelPx) ?? (STEPS.at(-1) as number);
  const divisions = [5, 4, 2, 1].find((d) => (stepS / d) * pxPerS >= 12) ?? 1;
  const minorS = stepS / divisions;
  const ticks: RulerTick[] = [];
  const count = Math.floor(durationS / minorS + 1e-9);
  for (let i = 0; i <= count; i++) {
    const timeS = Math.round(i * minorS * 1000) / 1000;
    ticks.push({ timeS, x: timeS * pxPerS, major: i % divisions === 0 });
  }
  return { stepS, ticks };
}

export interface TrimDrag {
  edge: 'start' | 'end';
  /** How far the pointer moved, in pixels (negative: to the left). */
  deltaPx: number;
  pxPerS: number;
  /** Output frame rate: trims land on whole frames. */
  fps: number;
  inS: number;
  /** The current out point (the take's length when untrimmed). */
  outS: number;
  /** The take's length. */
  takeS: number;
}

/**
 * The in and out points after dragging one edge of a tile: the edge moves by the drag, on whole
 * frames, inside the take, keeping at least MIN_TRIM_S; an out point at the take's end is null (untrimmed).
 */
export function trimFromDrag({ edge, deltaPx, pxPerS, fps, inS, outS, takeS }: TrimDrag): { inS: number; outS: number | null } {
  const snap = (s: number) => Math.round(Math.round(s * fps) / fps * 1000) / 1000;
  const deltaS = deltaPx / pxPerS;
  const minS = Math.min(MIN_TRIM_S, takeS);
  let nextIn = inS;
  let nextOut = Math.min(outS, takeS);
  if (edge === 'start') nextIn = Math.max(0, Math.min(snap(inS + deltaS), nextOut - minS));
  else nextOut = Math.min(takeS, Math.max(snap(outS + deltaS), inS + minS));
  // Snapping may land a hair inside the limits; keep them exact.
  nextIn = Math.max(0, Math.min(nextIn, nextOut - minS));
  return { inS: Math.round(nextIn * 1000) / 1000, outS: nextOut >= takeS - 1e-6 ? null : Math.round(nextOut * 1000) / 1000 };
}
