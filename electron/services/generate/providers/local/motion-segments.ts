import { progressAt, rectAt, type MotionPlan } from './motion-plan';

export interface Size {
  width: number;
  height: number;
}

/**
 * A run of consecutive frames rendered from one still. The still is the fitted photo scaled so
 * that the run's smallest window spans at least `sample` pixels: every frame of the run reads
 * the photo at one still pixel per sampled pixel or finer, never upscaled.
 */
export interface MotionSegment {
  /** Index of the run's first frame in the clip. */
  first: number;
  frames: number;
  /** Size of the run's still. */
  still: Size;
  /** The still padded (right and bottom) so the box always fits inside. */
  padded: Size;
  /**
   * The box cut from the still at a whole-pixel position for each frame: large enough to hold the
   * run's largest window plus the sub-pixel remainder and the interpolation taps.
   */
  box: Size;
  /** Smallest and largest window (fraction of the photo) of the run. */
  sMin: number;
  sMax: number;
}

/** How much the window may grow within one run: a frame is resampled by at most this factor (downscaled, never up). */
export const MAX_RUN_SCALE = 1.05;

const even = (v: number) => Math.max(2, 2 * Math.ceil(v / 2));

/** Window size (fraction of the photo) of every frame, as the FFmpeg expressions compute it. */
export function windowSizes(plan: MotionPlan, frames: number): number[] {
  return Array.from({ length: frames }, (_, n) => rectAt(plan, progressAt(n, frames)).s);
}

/**
 * Splits a move into runs of frames whose window sizes differ by at most MAX_RUN_SCALE, so each
 * run can be cut from a still made for it: zoomed frames read a larger still, and the per-frame
 * work stays at about the sampled size however strong the zoom is.
 */
export function planSegments(plan: MotionPlan, frames: number, sample: Size, maxRunScale = MAX_RUN_SCALE): MotionSegment[] {
  const sizes = windowSizes(plan, frames);
  const lo = Math.min(...sizes);
  const hi = Math.max(...sizes);
  const runs = Math.max(1, Math.ceil(Math.log(hi / lo) / Math.log(maxRunScale) - 1e-9));
  const ratio = Math.log(hi / lo) / runs;
  const runOf = (s: number) => (ratio > 0 ? Math.min(runs - 1, Math.floor(Math.log(hi / s) / ratio)) : 0);

  const segments: MotionSegment[] = [];
  let first = 0;
  for (let n = 1; n <= frames; n++) {
    if (n < frames && runOf(sizes[n]!) === runOf(sizes[first]!)) continue;
    segments.push(segmentOf(first, sizes.slice(first, n), sample));
    first = n;
  }
  return segments;
}

function segmentOf(first: number, sizes: number[], sample: Size): MotionSegment {
  const sMin = Math.min(...sizes);
  const sMax = Math.max(...sizes);
  const still = { width: even(sample.width / sMin), height: even(sample.height / sMin) };
  // Still pixels per sampled pixel at the run's largest window; the box holds that window, the
  // up-to-2 px remainder of the even-aligned cut, and the second bilinear tap.
  const step = { x: (sMax * still.width) / sample.width, y: (sMax * still.height) / sample.height };
  const box = { width: even((sample.width - 1) * step.x + 4), height: even((sample.height - 1) * step.y + 4) };
  const padded = { width: Math.max(still.width, box.width), height: Math.max(still.height, box.height) };
  return { first, frames: sizes.length, still, padded, box, sMin, sMax };
}
