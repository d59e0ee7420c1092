import { describe, expect, it } from 'vitest';
import { MOTIONS } from '../../shared/values';
import { chooseFit, fillCrop, fitInside } from '../../electron/services/generate/providers/local/fit';
import { buildMotionArgs, frameCount, prefilterKernel, segmentExpressions } from '../../electron/services/generate/providers/local/motion-filter';
import { MAX_RUN_SCALE, planSegments, windowSizes } from '../../electron/services/generate/providers/local/motion-segments';
import { planMotion, progressAt, rectAt, seededRandom } from '../../electron/services/generate/providers/local/motion-plan';
import { createProviderRegistry } from '../../electron/services/generate/registry';
import { backoffMs } from '../../electron/services/generate/wait-for-task';
import { createLocalProvider } from '../../electron/services/generate/providers/local/local-provider';

describe('motion plan', () => {
  it.each(MOTIONS)('%s keeps the window inside the image all the way, and the same seed gives the same plan', (motion) => {
    for (let seed = 0; seed < 200; seed++) {
      const plan = planMotion(motion, seed, 2 + (seed % 9));
      expect(planMotion(motion, seed, 2 + (seed % 9))).toEqual(plan);
      for (let i = 0; i <= 50; i++) {
        const r = rectAt(plan, i / 50);
        expect(r.s).toBeGreaterThan(0.7);
        expect(r.s).toBeLessThanOrEqual(1);
        expect(Math.abs(r.cx - 0.5)).toBeLessThanOrEqual((1 - r.s) / 2 + 1e-9);
        expect(Math.abs(r.cy - 0.5)).toBeLessThanOrEqual((1 - r.s) / 2 + 1e-9);
      }
    }
  });

  it('starts and ends exactly at the planned windows, at rest (eased)', () => {
    const plan = planMotion('drift', 9, 5);
    expect(rectAt(plan, progressAt(0, 120))).toEqual(plan.from);
    const end = rectAt(plan, progressAt(119, 120));
    expect(end.s).toBeCloseTo(plan.to.s, 12);
    expect(end.cx).toBeCloseTo(plan.to.cx, 12);
    // Eased: the first step is far smaller than a step in the middle.
    expect(progressAt(1, 120) - progressAt(0, 120)).toBeLessThan((progressAt(61, 120) - progressAt(60, 120)) / 50);
  });

  it('varies with the seed and moves the named way', () => {
    expect(planMotion('zoom_in', 1, 5)).not.toEqual(planMotion('zoom_in', 2, 5));
    const left = planMotion('pan_left', 4, 5);
    expect(left.to.cx).toBeLessThan(left.from.cx);
    const down = planMotion('pan_down', 4, 5);
    expect(down.to.cy).toBeGreaterThan(down.from.cy);
    expect(planMotion('zoom_in', 4, 5).to.s).toBeLessThan(1);
    expect(planMotion('zoom_out', 4, 5).to.s).toBe(1);
  });

  it('seededRandom is a fixed sequence in [0, 1)', () => {
    const a = seededRandom(42);
    const values = Array.from({ length: 1000 }, a);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Array.from({ length: 1000 }, seededRandom(42))).toEqual(values);
    expect(new Set(values).size).toBe(1000);
  });
});

describe('fit and FFmpeg arguments', () => {
  it('crops to fill when little is lost, blur-pads otherwise', () => {
    expect(chooseFit({ width: 4000, height: 3000 }, { width: 1280, height: 720 })).toBe('fill');
    expect(chooseFit({ width: 3000, height: 4000 }, { width: 1280, height: 720 })).toBe('blur');
    expect(chooseFit({ width: 1920, height: 1080 }, { width: 720, height: 1280 })).toBe('blur');
    expect(fillCrop({ width: 4000, height: 3000 }, { width: 1280, height: 720 })).toEqual({ x: 0, y: 375, width: 4000, height: 2250 });
    expect(fitInside({ width: 1920, height: 1080 }, { width: 720, height: 1280 })).toEqual({ width: 720, height: 406 });
  });

  it('builds one graph: still stage, runs of per-frame sub-pixel perspective, exact frame count and timestamps', () => {
    const plan = planMotion('zoom_in', 1, 2);
    const { args, frames, fit, segments } = buildMotionArgs({ inputPath: '/m/a.jpg', source: { width: 2048, height: 1152 }, width: 1280, height: 720, fps: 24, durationS: 2, plan });
    expect(frames).toBe(48);
    expect(fit).toBe('fill');
    expect(segments.length).toBeGreaterThan(1);
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    for (const s of segments) expect(graph).toContain(`loop=loop=${s.frames - 1}:size=1:start=0,settb=expr=1/24,setpts=N`);
    expect(graph).toContain(`concat=n=${segments.length}:v=1:a=0,settb=expr=1/24,setpts=N,format=yuv420p[v]`);
    expect(graph.split(':interpolation=linear:sense=source:eval=frame').length - 1).toBe(segments.length);
    expect(graph).not.toContain('zoompan');
    expect(args.slice(args.indexOf('-frames:v'), args.indexOf('-frames:v') + 2)).toEqual(['-frames:v', '48']);
    expect(args).toEqual(expect.arrayContaining(['-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-an']));
    expect(frameCount(2.5, 30)).toBe(75);
    // A pan keeps one window size: one run, no concat.
    const pan = buildMotionArgs({ inputPath: '/m/a.jpg', source: { width: 2048, height: 1152 }, width: 1280, height: 720, fps: 24, durationS: 2, plan: planMotion('pan_left', 1, 2) });
    expect(pan.segments).toHaveLength(1);
    expect(pan.args.join(' ')).not.toContain('concat');
  });

  it.each(MOTIONS)('%s: runs cover every frame once, each from a still that is never upscaled', (motion) => {
    for (const seed of [0, 7, 99]) {
      const plan = planMotion(motion, seed, 6);
      const frames = frameCount(6, 30);
      const sample = { width: 1280, height: 720 };
      const segments = planSegments(plan, frames, sample);
      const sizes = windowSizes(plan, frames);
      expect(segments[0]!.first).toBe(0);
      expect(segments.reduce((n, s) => n + s.frames, 0)).toBe(frames);
      segments.forEach((s, i) => {
        if (i > 0) expect(s.first).toBe(segments[i - 1]!.first + segments[i - 1]!.frames);
        expect(s.sMax / s.sMin).toBeLessThanOrEqual(MAX_RUN_SCALE + 1e-9);
        for (const size of sizes.slice(s.first, s.first + s.frames)) {
          // Still pixels per output pixel: at least 1 (photo detail kept), at most the run's scale.
          const step = (size * s.still.width) / sample.width;
          expect(step).toBeGreaterThanOrEqual(1);
          expect(step).toBeLessThanOrEqual(MAX_RUN_SCALE * 1.01);
          expect(s.box.width).toBeGreaterThanOrEqual(Math.ceil((sample.width - 1) * step) + 3);
        }
        expect(s.padded.width).toBeGreaterThanOrEqual(Math.max(s.still.width, s.box.width));
        expect(s.padded.height).toBeGreaterThanOrEqual(Math.max(s.still.height, s.box.height));
      });
    }
  });

  it('cut and corner expressions sample every output pixel at its planned place in the photo (FFmpeg numbers perspective frames from 1)', () => {
    // FFmpeg expressions as JavaScript: `a;b` is a sequence, st/ld store and load registers, `in` is a reserved word in JS.
    const evaluate = (expr: string, vars: { n?: number; in?: number }) => {
      const registers = new Array<number>(10).fill(0);
      const fn = Function('st', 'ld', 'clip', 'floor', 'exp', 'cos', 'PI', 'n', 'frameIn', `return (${expr.replace(/;/g, ',').replace(/\bin\b/g, 'frameIn')});`);
      return fn(
        (i: number, v: number) => (registers[i] = v),
        (i: number) => registers[i],
        (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v)),
        Math.floor, Math.exp, Math.cos, Math.PI, vars.n, vars.in,
      ) as number;
    };
    const sample = { width: 1280, height: 720 };
    for (const motion of ['zoom_in', 'zoom_out', 'drift', 'pan_up'] as const) {
      const plan = planMotion(motion, 5, 3);
      const frames = 72;
      for (const segment of planSegments(plan, frames, sample)) {
        const e = segmentExpressions(plan, frames, segment, sample);
        for (const local of [0, segment.frames - 1]) {
          const n = segment.first + local;
          const r = rectAt(plan, progressAt(n, frames));
          const cut = { x: evaluate(e.cropX, { n: local }), y: evaluate(e.cropY, { n: local }) };
          expect(cut.x % 2).toBe(0);
          expect(cut.x + segment.box.width).toBeLessThanOrEqual(segment.padded.width);
          const c = Object.fromEntries(Object.entries(e.corners).map(([k, v]) => [k, evaluate(v, { in: local + 1 })]));
          for (const i of [0, 640, 1279]) {
            // Sampled pixel i reads the box at x0 + i * (x1 - x0) / box width; in photo fractions, its centre.
            const u = (cut.x + c.x0! + (i * (c.x1! - c.x0!)) / segment.box.width + 0.5) / segment.still.width;
            expect(u).toBeCloseTo(r.cx - r.s / 2 + ((i + 0.5) * r.s) / sample.width, 7);
          }
          const v = (cut.y + c.y0! + (359 * (c.y2! - c.y0!)) / segment.box.height + 0.5) / segment.still.height;
          expect(v).toBeCloseTo(r.cy - r.s / 2 + (359.5 * r.s) / sample.height, 7);
          // The first sampled pixel sits within the even cut's 2 px remainder, never outside the box.
          expect(c.x0).toBeGreaterThanOrEqual(0);
          expect(c.x0).toBeLessThan(segment.box.width - (sample.width - 1) * ((c.x1! - c.x0!) / segment.box.width) - 1);
        }
      }
    }
  });

  it('the still prefilter keeps brightness (its taps sum to the divisor) and sharpens symmetrically', () => {
    const { matrix, divisor } = prefilterKernel();
    expect(matrix.reduce((a, b) => a + b, 0)).toBe(divisor);
    expect(matrix).toEqual([...matrix].reverse());
    expect(matrix[4]).toBeGreaterThan(divisor);
    expect(matrix[1]).toBeLessThan(0);
  });
});

describe('queue building blocks', () => {
  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4, 10].map((a) => backoffMs(a, 2000, 10_000))).toEqual([2000, 4000, 8000, 10_000, 10_000]);
  });

  it('registry refuses duplicates and names the available providers', () => {
    const local = createLocalProvider({ ffmpeg: async () => ({ ffmpegPath: 'ffmpeg' }), tempPath: () => '/tmp/x.mp4' });
    const registry = createProviderRegistry([local]);
    expect(registry.get('local')).toBe(local);
    expect(() => registry.register(local)).toThrow(/already registered/);
    expect(() => registry.get('runway')).toThrow('Unknown generation provider "runway"; available: local');
  });
});
