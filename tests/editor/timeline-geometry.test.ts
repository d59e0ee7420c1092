// The timeline's pure geometry: tiles, boundaries, ruler ticks and trims from a drag, all from the
// frame plan the export itself uses (shared/timeline-plan.ts), so what is drawn is what is exported.
import { describe, expect, it } from 'vitest';
import { planTimeline } from '../../shared/timeline-plan';
import {
  DEFAULT_PX_PER_S,
  MAX_PX_PER_S,
  MIN_PX_PER_S,
  clampZoom,
  frameStep,
  jumpBackS,
  layoutTimeline,
  rulerTicks,
  timeAtX,
  trimFromDrag,
  zoomBy,
  zoomToFit,
} from '../../renderer/src/screens/editor/timeline/geometry';

const sources = (lengths: number[]) => lengths.map((durationS, i) => ({ durationS, label: `Clip ${i + 1}` }));

describe('layoutTimeline', () => {
  it('makes each tile as wide as it plays and overlaps neighbours by their transition window', () => {
    const plan = planTimeline({ clips: [{ inS: 0 }, { inS: 0, outS: 3 }, { inS: 1 }], transition: { type: 'fade', durationS: 0.5 } }, sources([2, 5, 4]), 30);
    const layout = layoutTimeline(plan, 100);
    expect(plan.durationS).toBe(7);
    expect(layout.widthPx).toBeCloseTo(700);
    expect(layout.tiles.map((t) => [t.left, t.width, t.headPx, t.tailPx])).toEqual([
      [0, 200, 0, 50],
      [150, 300, 50, 50],
      [400, 300, 50, 0],
    ]);
    expect(layout.tiles.map((t) => [t.startS, t.endS])).toEqual([
      [0, 2],
      [1.5, 4.5],
      [4, 7],
    ]);
    expect(layout.boundaries.map((b) => [b.left, b.width, b.centre, b.startS, b.durationS])).toEqual([
      [150, 50, 175, 1.5, 0.5],
      [400, 50, 425, 4, 0.5],
    ]);
  });

  it('puts a cut where the next clip starts, with no window, and follows per-boundary transitions', () => {
    const plan = planTimeline(
      { clips: [{ inS: 0, transitionOut: { type: 'cut', durationS: 0.5 } }, { inS: 0, transitionOut: { type: 'wipeleft', durationS: 1 } }, { inS: 0 }], transition: { type: 'fade', durationS: 0.5 } },
      sources([2, 2, 2]),
      25,
    );
    const layout = layoutTimeline(plan, 50);
    expect(layout.boundaries[0]).toMatchObject({ left: 100, width: 0, centre: 100, startS: 2, durationS: 0 });
    // A 1 s wipe between two 2 s clips takes half of each: 1 s.
    expect(layout.boundaries[1]).toMatchObject({ left: 150, width: 50, centre: 175, startS: 3, durationS: 1 });
    expect(layout.widthPx).toBe(250);
    expect(layout.tiles[2]).toMatchObject({ left: 150, width: 100, headPx: 50 });
  });

  it('scales with the zoom', () => {
    const plan = planTimeline({ clips: [{ inS: 0 }, { inS: 0 }], transition: { type: 'cut', durationS: 0 } }, sources([3, 2]), 24);
    expect(layoutTimeline(plan, 10).widthPx).toBe(50);
    expect(layoutTimeline(plan, 200).tiles[1]).toMatchObject({ left: 600, width: 400 });
  });
});

describe('zoom', () => {
  it('clamps, steps by a quarter and fits a length to a width', () => {
    expect(clampZoom(1)).toBe(MIN_PX_PER_S);
    expect(clampZoom(10_000)).toBe(MAX_PX_PER_S);
    expect(clampZoom(Number.NaN)).toBe(DEFAULT_PX_PER_S);
    expect(zoomBy(100, 1)).toBe(125);
    expect(zoomBy(100, -1)).toBe(80);
    expect(zoomBy(MAX_PX_PER_S, 3)).toBe(MAX_PX_PER_S);
    expect(zoomToFit(10, 800)).toBe(80);
    expect(zoomToFit(0, 800)).toBe(DEFAULT_PX_PER_S);
    expect(zoomToFit(1000, 800)).toBe(MIN_PX_PER_S);
  });
});

describe('rulerTicks', () => {
  it('labels the smallest round step that leaves room for a label, with minor ticks between', () => {
    const { stepS, ticks } = rulerTicks(10, 60);
    expect(stepS).toBe(1);
    const majors = ticks.filter((t) => t.major).map((t) => t.timeS);
    expect(majors).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // 60 px a second: fifths of a second between labels (12 px apart), the last tick at the end.
    expect(ticks).toHaveLength(51);
    expect(ticks[1]).toEqual({ timeS: 0.2, x: 12, major: false });
    // 40 px a second: 2 s labels (1 s is under 56 px), fifths of them between (16 px).
    expect(rulerTicks(10, 40).ticks.slice(0, 6).map((t) => [t.timeS, t.major])).toEqual([
      [0, true],
      [0.4, false],
      [0.8, false],
      [1.2, false],
      [1.6, false],
      [2, true],
    ]);
    // 20 px a second: 5 s labels, 1 s between (20 px; fifths would be 20 px too).
    expect(rulerTicks(10, 20).ticks.map((t) => t.timeS)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ticks.at(-1)).toEqual({ timeS: 10, x: 600, major: true });
  });

  it('widens the step when zoomed out and never exceeds the video', () => {
    expect(rulerTicks(120, 8).stepS).toBe(10);
    expect(rulerTicks(7.3, 200).stepS).toBe(0.5);
    const { ticks } = rulerTicks(7.3, 200);
    expect(Math.max(...ticks.map((t) => t.timeS))).toBeLessThanOrEqual(7.3);
    expect(rulerTicks(0, 60).ticks).toEqual([{ timeS: 0, x: 0, major: true }]);
  });
});

describe('timeAtX', () => {
  it('maps a point of the ruler to a time inside the video', () => {
    expect(timeAtX(150, 60, 10)).toBe(2.5);
    expect(timeAtX(-20, 60, 10)).toBe(0);
    expect(timeAtX(9000, 60, 10)).toBe(10);
  });
});

describe('trimFromDrag', () => {
  const base = { pxPerS: 100, fps: 30, inS: 0, outS: 4, takeS: 4 };
  it('moves the end edge by the drag, on whole frames', () => {
    expect(trimFromDrag({ ...base, edge: 'end', deltaPx: -50 })).toEqual({ inS: 0, outS: 3.5 });
    // 1.23 s -> frame 37 at 30 fps.
    expect(trimFromDrag({ ...base, edge: 'end', deltaPx: -277 })).toEqual({ inS: 0, outS: 1.233 });
  });

  it('moves the start edge, keeping the out point', () => {
    expect(trimFromDrag({ ...base, edge: 'start', deltaPx: 100 })).toEqual({ inS: 1, outS: null });
    expect(trimFromDrag({ ...base, edge: 'start', deltaPx: -100 })).toEqual({ inS: 0, outS: null });
  });

  it('keeps at least half a second and stays inside the take; the end of the take is untrimmed (null)', () => {
    expect(trimFromDrag({ ...base, edge: 'end', deltaPx: -1000 })).toEqual({ inS: 0, outS: 0.5 });
    expect(trimFromDrag({ ...base, inS: 1, outS: 3, edge: 'start', deltaPx: 1000 })).toEqual({ inS: 2.5, outS: 3 });
    expect(trimFromDrag({ ...base, inS: 1, outS: 3, edge: 'end', deltaPx: 5000 })).toEqual({ inS: 1, outS: null });
    expect(trimFromDrag({ ...base, inS: 1, outS: 3, edge: 'end', deltaPx: 0 })).toEqual({ inS: 1, outS: 3 });
  });

  it('reads the drag at the zoom it happened at', () => {
    expect(trimFromDrag({ ...base, pxPerS: 20, edge: 'end', deltaPx: -20 })).toEqual({ inS: 0, outS: 3 });
  });
});

describe('transport steps', () => {
  it('steps back further on each J press in a row, up to 8 s', () => {
    expect([0, 1, 2, 3, 4, 9].map(jumpBackS)).toEqual([1, 2, 4, 8, 8, 8]);
  });

  it('steps one frame on the output frame grid, never before 0', () => {
    expect(frameStep(1, 30, 1)).toBeCloseTo(31 / 30, 9);
    expect(frameStep(1, 30, -1)).toBeCloseTo(29 / 30, 9);
    // Between frames: from the nearest frame.
    expect(frameStep(0.51, 25, 1)).toBeCloseTo(14 / 25, 9);
    expect(frameStep(0, 24, -1)).toBe(0);
  });
});
