import type { Motion } from '../../../../../shared/contract/generate';

/**
 * The visible window of the (already aspect-fitted) base image: centre in 0-1 of the base,
 * `s` the fraction of the base it spans (1 = whole image, 0.8 = 1.25x zoom).
 */
export interface ViewRect {
  cx: number;
  cy: number;
  s: number;
}

export interface MotionPlan {
  motion: Motion;
  from: ViewRect;
  to: ViewRect;
}

/** mulberry32: tiny, fast, and the same sequence on every platform for a given 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (rand: () => number, lo: number, hi: number) => lo + (hi - lo) * rand();
/** Free travel of the window centre on one axis while staying inside the image. */
const room = (s: number) => (1 - s) / 2;

/**
 * Chooses the start and end window of a camera move. The seed picks the zoom amount, focus
 * point and direction, so the same seed gives the same move; longer clips travel a little further.
 */
export function planMotion(motion: Motion, seed: number, durationS: number): MotionPlan {
  const rand = seededRandom(seed);
  const intensity = 0.75 + 0.25 * Math.min(1, Math.max(0, (durationS - 2) / 8));
  const zoomed = (lo: number, hi: number) => 1 / (1 + (between(rand, lo, hi) - 1) * intensity);

  switch (motion) {
    case 'zoom_in':
    case 'zoom_out': {
      const s = zoomed(1.18, 1.3);
      const focus = { cx: 0.5 + between(rand, -0.6, 0.6) * room(s), cy: 0.5 + between(rand, -0.6, 0.6) * room(s), s };
      const whole = { cx: 0.5, cy: 0.5, s: 1 };
      return motion === 'zoom_in' ? { motion, from: whole, to: focus } : { motion, from: focus, to: whole };
    }
    case 'pan_left':
    case 'pan_right':
    case 'pan_up':
    case 'pan_down': {
      const s = zoomed(1.15, 1.25);
      const travel = between(rand, 0.8, 1) * room(s);
      const across = 0.5 + between(rand, -0.3, 0.3) * room(s);
      // The camera moves towards the named side: pan_left starts right of centre and ends left of it.
      const sign = motion === 'pan_left' || motion === 'pan_up' ? -1 : 1;
      const along = (k: number) => 0.5 + k * sign * travel;
      return motion === 'pan_left' || motion === 'pan_right'
        ? { motion, from: { cx: along(-1), cy: across, s }, to: { cx: along(1), cy: across, s } }
        : { motion, from: { cx: across, cy: along(-1), s }, to: { cx: across, cy: along(1), s } };
    }
    case 'drift': {
      const zStart = 1 + (between(rand, 1.06, 1.14) - 1) * intensity;
      const zEnd = zStart + between(rand, 0.07, 0.13) * intensity * (rand() < 0.5 ? 1 : -1);
      const s0 = 1 / zStart;
      const s1 = 1 / Math.max(1.01, zEnd);
      const angle = rand() * 2 * Math.PI;
      const reach = between(rand, 0.6, 0.9);
      const dx = Math.cos(angle);
      const dy = Math.sin(angle);
      return {
        motion,
        from: { cx: 0.5 - reach * room(s0) * dx, cy: 0.5 - reach * room(s0) * dy, s: s0 },
        to: { cx: 0.5 + reach * room(s1) * dx, cy: 0.5 + reach * room(s1) * dy, s: s1 },
      };
    }
  }
}

/** Sine ease-in-out: starts and ends at rest, no kink anywhere. */
export const easeInOutSine = (t: number) => 0.5 - 0.5 * Math.cos(Math.PI * t);

/**
 * The window at eased progress p. Zoom changes geometrically (constant perceived speed); the
 * centre moves in step with the window size so a zoom keeps one image point fixed on screen,
 * and with p directly when the size does not change (pure pans). Both paths are straight lines
 * in (s, cx, cy), so a window inside the image at both ends stays inside all the way.
 */
export function rectAt(plan: MotionPlan, p: number): ViewRect {
  const { from, to } = plan;
  const s = from.s * Math.exp(Math.log(to.s / from.s) * p);
  const q = Math.abs(to.s - from.s) > 1e-9 ? (s - from.s) / (to.s - from.s) : p;
  return { cx: from.cx + (to.cx - from.cx) * q, cy: from.cy + (to.cy - from.cy) * q, s };
}

/** Frame n of N (0-based) runs from the start window exactly to the end window. */
export function progressAt(frame: number, frames: number): number {
  return frames <= 1 ? 0 : easeInOutSine(frame / (frames - 1));
}
