import { CENTER, DEFAULT_PAD_COLOR, type FocusPoint } from '../../../../../shared/framing';
import { chooseFit, fillCrop, fitInside, type Fit } from './fit';
import type { MotionPlan } from './motion-plan';
import type { Quality } from '../../../../../shared/values';
import { DEVICE_TAKE_QUALITY, joinableKeyframeArgs, joinableX264Args } from '../../../export/compile/encoder-args';
import { planSegments, type MotionSegment, type Size } from './motion-segments';

export interface MotionRenderSpec {
  source: Size;
  width: number;
  height: number;
  fps: number;
  durationS: number;
  plan: MotionPlan;
  fit?: Fit | 'auto';
  /** The point of the photo the crop is centred on (its subject, or the creator's crop box). */
  centre?: FocusPoint;
  /** The creator's zoom of the crop box (fill only). */
  zoom?: number;
  /** Background of `pad`, #rrggbb. */
  color?: string;
  /** The export quality the take is encoded at, so an export at that quality copies it (default: the export's default). */
  quality?: Quality;
}

/** The fit a spec asks for, `auto` resolved: fill unless that loses too much of the photo, then blur. */
export function resolveFit(spec: Pick<MotionRenderSpec, 'source' | 'width' | 'height' | 'fit'>): Fit {
  return !spec.fit || spec.fit === 'auto' ? chooseFit(spec.source, spec) : spec.fit;
}

/**
 * Where the crop centre lands in the fitted frame (fractions of it): what the camera move aims at.
 * Fill: inside the crop box; blur and pad: inside the whole photo placed in the middle of the frame.
 */
export function frameAim(spec: Pick<MotionRenderSpec, 'source' | 'width' | 'height' | 'centre' | 'zoom'>, fit: Fit): FocusPoint {
  const centre = spec.centre ?? CENTER;
  if (fit === 'fill') {
    const box = fillCrop(spec.source, spec, centre, spec.zoom ?? 1);
    const at = (c: number, full: number, start: number, size: number) => Math.min(1, Math.max(0, (c * full - start) / size));
    return { x: at(centre.x, spec.source.width, box.x, box.width), y: at(centre.y, spec.source.height, box.y, box.height) };
  }
  const photo = fitInside(spec.source, spec);
  return {
    x: ((spec.width - photo.width) / 2 + centre.x * photo.width) / spec.width,
    y: ((spec.height - photo.height) / 2 + centre.y * photo.height) / spec.height,
  };
}

export function frameCount(durationS: number, fps: number): number {
  return Math.max(2, Math.round(durationS * fps));
}

/** Numbers inside FFmpeg expressions: fixed precision so the same plan always gives the same text. */
const num = (v: number) => {
  const text = v.toFixed(9).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
};

const even = (v: number) => Math.max(2, 2 * Math.round(v / 2));

/**
 * An FFmpeg expression prelude that stores the window at clip frame `frame` (an expression):
 * ld(1) its size s (fraction of the photo), ld(2) and ld(3) its centre. Same eased, geometric
 * path as rectAt in motion-plan.ts.
 */
export function windowPrelude(plan: MotionPlan, frames: number, frame: string): string {
  const { from, to } = plan;
  const sizeChanges = Math.abs(to.s - from.s) > 1e-9;
  const p = `st(0,0.5-0.5*cos(PI*(${frame})/${frames - 1}))`;
  const s = `st(1,${num(from.s)}*exp(${num(Math.log(to.s / from.s))}*ld(0)))`;
  const q = sizeChanges ? `(ld(1)-${num(from.s)})/${num(to.s - from.s)}` : 'ld(0)';
  const cx = `st(2,${num(from.cx)}+${num(to.cx - from.cx)}*${q})`;
  const cy = `st(3,${num(from.cy)}+${num(to.cy - from.cy)}*${q})`;
  return `${p};${s};${cx};${cy}`;
}

/**
 * Per-frame positions of one run, in pixels of its still (after windowPrelude): where sampled pixel
 * 0 reads the still (pixel centres aligned: sampled pixel i reads at `start + i * step`), the step,
 * and the even whole-pixel corner of the box cut around the window.
 */
function axis(o: { centre: string; still: number; sample: number; padded: number; box: number }) {
  const start = `(${o.centre}*${o.still}-ld(1)*${num(o.still / 2)}+ld(1)*${num(o.still / (2 * o.sample))}-0.5)`;
  const step = `(ld(1)*${num(o.still / o.sample)})`;
  const cut = `clip(2*floor(${start}/2),0,${o.padded - o.box})`;
  return { start, step, cut };
}

/**
 * The per-frame expressions of one run: where the crop filter cuts the box from the run's still
 * (its `n` counts the run's frames from 0), and the perspective corners, in box pixels, of the
 * window: box pixel i reads x0 + i * (x1 - x0) / box width, so the first `sample` pixels are the frame.
 */
export function segmentExpressions(plan: MotionPlan, frames: number, segment: MotionSegment, sample: Size) {
  const x = axis({ centre: 'ld(2)', still: segment.still.width, sample: sample.width, padded: segment.padded.width, box: segment.box.width });
  const y = axis({ centre: 'ld(3)', still: segment.still.height, sample: sample.height, padded: segment.padded.height, box: segment.box.height });
  const atCrop = windowPrelude(plan, frames, `n+${segment.first}`);
  // FFmpeg's perspective filter numbers the frames from 1.
  const atMove = windowPrelude(plan, frames, `in-1+${segment.first}`);
  const left = `${x.start}-${x.cut}`;
  const top = `${y.start}-${y.cut}`;
  const right = `${left}+${segment.box.width}*${x.step}`;
  const bottom = `${top}+${segment.box.height}*${y.step}`;
  const corner = (value: string) => `${atMove};${value}`;
  return {
    cropX: `${atCrop};${x.cut}`,
    cropY: `${atCrop};${y.cut}`,
    corners: { x0: corner(left), y0: corner(top), x1: corner(right), y1: corner(top), x2: corner(left), y2: corner(bottom), x3: corner(right), y3: corner(bottom) },
  };
}

/**
 * The still stage: decode once and fit to the output aspect (crop to fill, centred on the subject;
 * the whole photo over a blurred copy; or the whole photo on a colour) at `size`. Runs on a single
 * frame, so its cost does not grow with the clip length.
 */
function stillStage(spec: MotionRenderSpec, size: Size, fit: Fit): string {
  const { width: W, height: H } = size;
  const centre = spec.centre ?? CENTER;
  const crop = fillCrop(spec.source, spec, centre, fit === 'fill' ? (spec.zoom ?? 1) : 1);
  const cropped = `crop=${crop.width}:${crop.height}:${crop.x}:${crop.y}`;
  if (fit === 'fill') return `[0:v]${cropped},scale=${W}:${H}:flags=lanczos,format=yuv420p,setsar=1`;
  const photo = fitInside(spec.source, size);
  if (fit === 'pad') {
    const color = `0x${(spec.color ?? DEFAULT_PAD_COLOR).slice(1)}`;
    return `[0:v]scale=${photo.width}:${photo.height}:flags=lanczos,pad=${W}:${H}:${(W - photo.width) / 2}:${(H - photo.height) / 2}:color=${color},format=yuv420p,setsar=1`;
  }
  // The background is blurred at a sixteenth of the output size, whatever size the still is made at.
  const small = { w: even(spec.width / 16), h: even(spec.height / 16) };
  return (
    `[0:v]split[bgsrc][fgsrc];` +
    `[bgsrc]${cropped},scale=${small.w}:${small.h}:flags=area,gblur=sigma=2.5,` +
    `scale=${W}:${H}:flags=bicubic,eq=brightness=-0.06[bg];` +
    `[fgsrc]scale=${photo.width}:${photo.height}:flags=lanczos[fg];` +
    `[bg][fg]overlay=x=${(W - photo.width) / 2}:y=${(H - photo.height) / 2},format=yuv420p,setsar=1`
  );
}

/**
 * Bilinear interpolation at a sub-pixel offset averages neighbours, so a moving frame is softer
 * than the photo even at one still pixel per output pixel. A small sharpening prefilter on the
 * still (once per run, not per frame) compensates it, as in quasi-interpolation: with [-a, 1+2a, -a]
 * per axis and a = 0.08, frames sit closest to an ideal Lanczos crop of the photo (lowest error,
 * measured over textures of several grain sizes) at the cost of plain bilinear sampling.
 */
export function prefilterKernel(a = 0.08): { matrix: number[]; divisor: number } {
  const taps = [-a, 1 + 2 * a, -a];
  const matrix = taps.flatMap((row) => taps.map((col) => Math.round(row * col * 1000)));
  return { matrix, divisor: matrix.reduce((sum, v) => sum + v, 0) };
}

const PREFILTER = (() => {
  const { matrix, divisor } = prefilterKernel();
  const m = matrix.join(' ');
  return `convolution=0m='${m}':1m='${m}':2m='${m}':0rdiv=1/${divisor}:1rdiv=1/${divisor}:2rdiv=1/${divisor}`;
})();

/**
 * One run: its still (scaled from the largest one), repeated once per frame with exact timestamps,
 * a box cut at a whole-pixel position around each frame's window, and the sub-pixel rest of the
 * move done by the perspective filter (evaluated per frame, 1/256 px precision, bilinear).
 */
function segmentChain(spec: MotionRenderSpec, frames: number, segment: MotionSegment, sample: Size, base: Size, label: string): string {
  const e = segmentExpressions(spec.plan, frames, segment, sample);
  const { still, padded, box } = segment;
  const scaled = still.width === base.width && still.height === base.height ? [] : [`scale=${still.width}:${still.height}:flags=lanczos`];
  const pad = padded.width === still.width && padded.height === still.height ? [] : [`pad=${padded.width}:${padded.height}:0:0`];
  const c = e.corners;
  const filters = [
    ...scaled,
    PREFILTER,
    ...pad,
    `loop=loop=${segment.frames - 1}:size=1:start=0`,
    `settb=expr=1/${spec.fps}`,
    'setpts=N',
    `crop=w=${box.width}:h=${box.height}:x='${e.cropX}':y='${e.cropY}'`,
    `perspective=x0='${c.x0}':y0='${c.y0}':x1='${c.x1}':y1='${c.y1}':x2='${c.x2}':y2='${c.y2}':x3='${c.x3}':y3='${c.y3}'` +
      ':interpolation=linear:sense=source:eval=frame',
    `crop=${sample.width}:${sample.height}:0:0`,
    'setsar=1',
  ];
  return `[${label}]${filters.join(',')}[run${label}]`;
}

/**
 * FFmpeg arguments (without the output path) for a camera-move clip. The move is split into runs
 * whose window sizes differ by at most 5%; each run reads a still made at the scale its windows
 * need (at least one photo pixel per output pixel at the run's strongest zoom), so zoomed frames
 * keep the photo's detail instead of being upscaled, while the per-frame work stays at about the
 * output size. Positions are sub-pixel per frame: smooth, no zoompan jitter. Same spec, same
 * arguments, same video.
 * Encoded with the export's x264 settings (joinableX264Args), so an export can copy them.
 */
export function buildMotionArgs(spec: MotionRenderSpec & { inputPath: string; threads?: number }): {
  args: string[];
  fit: Fit;
  frames: number;
  segments: MotionSegment[];
} {
  const frames = frameCount(spec.durationS, spec.fps);
  const fit = resolveFit(spec);
  const sample = { width: spec.width, height: spec.height };
  const segments = planSegments(spec.plan, frames, sample);
  const base = segments.reduce((a, b) => (b.still.width > a.width ? b.still : a), segments[0]!.still);
  const labels = segments.map((_, i) => `s${i}`);
  const split = segments.length === 1 ? `[${labels[0]}]` : `,split=${segments.length}${labels.map((l) => `[${l}]`).join('')}`;
  const runs = segments.map((segment, i) => segmentChain(spec, frames, segment, sample, base, labels[i]!));
  const joined = labels.map((l) => `[run${l}]`).join('') + (segments.length === 1 ? 'null,' : `concat=n=${segments.length}:v=1:a=0,`);
  const tail = `${joined}settb=expr=1/${spec.fps},setpts=N,format=yuv420p[v]`;
  const graph = [`${stillStage(spec, base, fit)}${split}`, ...runs, tail].join(';');
  const threads = spec.threads ? ['-threads', String(spec.threads)] : [];
  const args = [
    '-loglevel', 'error',
    '-i', spec.inputPath,
    '-filter_complex', graph,
    '-map', '[v]',
    '-frames:v', String(frames),
    '-r', String(spec.fps),
    // The export's own x264 settings with keyframes where bodies start and end: a segmented export
    // copies this take's bodies instead of encoding them again (export/compile/segmented.ts).
    ...joinableX264Args(spec.quality ?? DEVICE_TAKE_QUALITY, spec.fps), ...joinableKeyframeArgs(frames, spec.fps), ...threads,
    '-an', '-map_metadata', '-1', '-fflags', '+bitexact', '-movflags', '+faststart',
    '-f', 'mp4',
  ];
  return { args, fit, frames, segments };
}
