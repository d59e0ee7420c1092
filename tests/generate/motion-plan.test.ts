import { describe, expect, it } from 'vitest';
import { motions } from '../../shared/api/generate';
import { chooseFit, fillCrop, fitInside } from '../../electron/services/generate/local/fit';
import { buildMotionArgs, cornerExpressions, frameCount } from '../../electron/services/generate/local/motion-filter';
import { planMotion, progressAt, rectAt, seededRandom } from '../../electron/services/generate/local/motion-plan';
import { createProviderRegistry } from '../../electron/services/generate/registry';
import { backoffMs } from '../../electron/services/generate/wait-for-task';
import { createLocalProvider } from '../../electron/services/generate/local/local-provider';

describe('motion plan', () => {
  it.each(motions)('%s keeps the window inside the image all the way, and the same seed gives the same plan', (motion) => {
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

  it('builds one graph: still stage, per-frame sub-pixel perspective, exact frame count and timestamps', () => {
    const plan = planMotion('zoom_in', 1, 2);
    const { args, frames, fit } = buildMotionArgs({ inputPath: '/m/a.jpg', source: { width: 2048, height: 1152 }, width: 1280, height: 720, fps: 24, durationS: 2, plan });
    expect(frames).toBe(48);
    expect(fit).toBe('fill');
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('loop=loop=47:size=1:start=0,settb=expr=1/24,setpts=N');
    expect(graph).toContain(':interpolation=linear:sense=source:eval=frame');
    expect(graph).not.toContain('zoompan');
    expect(args.slice(args.indexOf('-frames:v'), args.indexOf('-frames:v') + 2)).toEqual(['-frames:v', '48']);
    expect(args).toEqual(expect.arrayContaining(['-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-an']));
    expect(frameCount(2.5, 30)).toBe(75);
  });

  it('corner expressions evaluate to the planned window (FFmpeg numbers frames from 1)', () => {
    const plan = planMotion('drift', 5, 3);
    const c = cornerExpressions(plan, 72, 1280, 720);
    const evaluate = (expr: string, frame: number) =>
      // `in` is FFmpeg's frame number variable (a reserved word in JS, hence the rename).
      Function('PI', 'cos', 'exp', 'frameIn', `return ${expr.replace(/\bin\b/g, 'frameIn')};`)(Math.PI, Math.cos, Math.exp, frame + 1) as number;
    for (const n of [0, 20, 71]) {
      const r = rectAt(plan, progressAt(n, 72));
      const left = r.cx * 1280 - (r.s * 1280) / 2 + r.s * 0.5 - 0.5;
      expect(evaluate(c.x0, n)).toBeCloseTo(left, 5);
      expect(evaluate(c.x1, n) - evaluate(c.x0, n)).toBeCloseTo(r.s * 1280, 5);
      expect(evaluate(c.y3, n) - evaluate(c.y0, n)).toBeCloseTo(r.s * 720, 5);
    }
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
