import type { Motion } from '../../../../../shared/contract/generate';
import { CENTER, type FocusPoint } from '../../../../../shared/framing';

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

/** A centre on one axis as near `aim` as it can be while `reach` either side of it stays inside windows of sizes `s`. */
const centreNear = (aim: number, reach: number, ...s: number[]) => {
  const free = Math.max(0, Math.min(...s.map(room)) - reach);
  return Math.min(0.5 + free, Math.max(0.5 - free, aim));
};

/**
 * Chooses the start and end window of a camera move. The seed picks the zoom amount, direction and
 * (without a subject) the point zoomed at, so the same seed gives the same move; longer clips travel
 * a little further. With `aim` (the subject, in fractions of the base image) a zoom ends or starts
 * on the subject, a pan passes across it and a drift is centred on it, as far as the image allows;
 * the centre (the default) keeps the seed's own choice.
 */
export function planMotion(motion: Motion, seed: number, durationS: number, aim: FocusPoint = CENTER): MotionPlan {
  const aimed = aim.x !== CENTER.x || aim.y !== CENTER.y;
  const rand = seededRandom(seed);
  const intensity = 0.75 + 0.25 * Math.min(1, Math.max(0, (durationS - 2) / 8));
  const zoomed = (lo: number, hi: number) => 1 / (1 + (between(rand, lo, hi) - 1) * intensity);

  switch (motion) {
    case 'zoom_in':
    case 'zoom_out': {
      const s = zoomed(1.18, 1.3);
      const seeded = { cx: 0.5 + between(rand, -0.6, 0.6) * room(s), cy: 0.5 + between(rand, -0.6, 0.6) * room(s) };
      const focus = aimed ? { cx: centreNear(aim.x, 0, s), cy: centreNear(aim.y, 0, s), s } : { ...seeded, s };
      const whole = { cx: 0.5, cy: 0.5, s: 1 };
      return motion === 'zoom_in' ? { motion, from: whole, to: focus } : { motion, from: focus, to: whole };
    }
    case 'pan_left':
    case 'pan_right':
    case 'pan_up':
    case 'pan_down': {
      const s = zoomed(1.15, 1.25);
      const horizontal = motion === 'pan_left' || motion === 'pan_right';
      // Aimed, the pan travels a little less, so it can pass across a subject that is off-centre.
      const travel = between(rand, 0.8, 1) * room(s) * (aimed ? 0.6 : 1);
      const seededAcross = 0.5 + between(rand, -0.3, 0.3) * room(s);
      const across = aimed ? centreNear(horizontal ? aim.y : aim.x, 0, s) : seededAcross;
      const middle = aimed ? centreNear(horizontal ? aim.x : aim.y, travel, s) : 0.5;
      // The camera moves towards the named side: pan_left starts right of centre and ends left of it.
      const sign = motion === 'pan_left' || motion === 'pan_up' ? -1 : 1;
      const along = (k: number) => middle + k * sign * travel;
      return horizontal
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
      // Aimed, the drift is shorter and centred on the subject.
      const span = aimed ? 0.5 : 1;
      const dx = Math.cos(angle) * span;
      const dy = Math.sin(angle) * span;
      const reachOf = (d: number) => reach * Math.max(room(s0), room(s1)) * Math.abs(d);
      const cx = aimed ? centreNear(aim.x, reachOf(dx), s0, s1) : 0.5;
      const cy = aimed ? centreNear(aim.y, reachOf(dy), s0, s1) : 0.5;
      return {
        motion,
        from: { cx: cx - reach * room(s0) * dx, cy: cy - reach * room(s0) * dy, s: s0 },
        to: { cx: cx + reach * room(s1) * dx, cy: cy + reach * room(s1) * dy, s: s1 },
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
