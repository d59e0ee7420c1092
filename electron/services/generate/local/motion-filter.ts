import { chooseFit, fillCrop, fitInside, type Fit } from './fit';
import type { MotionPlan } from './motion-plan';

export interface MotionRenderSpec {
  source: { width: number; height: number };
  width: number;
  height: number;
  fps: number;
  durationS: number;
  plan: MotionPlan;
  fit?: Fit | 'auto';
}

export function frameCount(durationS: number, fps: number): number {
  return Math.max(2, Math.round(durationS * fps));
}

/** Numbers inside FFmpeg expressions: fixed precision so the same plan always gives the same text. */
const num = (v: number) => {
  const text = v.toFixed(9).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
};

/**
 * The still stage: decode once, fit to the output aspect (crop to fill or blur-padded), then repeat
 * the one processed frame N times with exact timestamps. Runs on a single frame, so its cost does
 * not grow with the clip length.
 */
function stillStage(spec: MotionRenderSpec, frames: number): { graph: string; fit: Fit } {
  const { width: W, height: H } = spec;
  const fit = !spec.fit || spec.fit === 'auto' ? chooseFit(spec.source, spec) : spec.fit;
  const crop = fillCrop(spec.source, spec);
  const filled = `crop=${crop.width}:${crop.height}:${crop.x}:${crop.y},scale=${W}:${H}:flags=lanczos`;
  const repeat = `format=yuv420p,setsar=1,loop=loop=${frames - 1}:size=1:start=0,settb=expr=1/${spec.fps},setpts=N`;
  if (fit === 'fill') return { graph: `[0:v]${filled},${repeat}[still]`, fit };
  const inner = fitInside(spec.source, spec);
  const small = { w: Math.max(2, 2 * Math.round(W / 16)), h: Math.max(2, 2 * Math.round(H / 16)) };
  const graph =
    `[0:v]split[bgsrc][fgsrc];` +
    `[bgsrc]crop=${crop.width}:${crop.height}:${crop.x}:${crop.y},scale=${small.w}:${small.h}:flags=area,gblur=sigma=2.5,` +
    `scale=${W}:${H}:flags=bicubic,eq=brightness=-0.06[bg];` +
    `[fgsrc]scale=${inner.width}:${inner.height}:flags=lanczos[fg];` +
    `[bg][fg]overlay=x=${(W - inner.width) / 2}:y=${(H - inner.height) / 2},${repeat}[still]`;
  return { graph, fit };
}

/**
 * Expressions for the window corners at frame `in`. FFmpeg's perspective filter numbers the
 * frames from 1, hence `in-1`. The half-pixel terms align pixel centres (an output pixel i
 * samples the source at X + i * w/W), so the move has no constant sub-pixel drift.
 */
export function cornerExpressions(plan: MotionPlan, frames: number, W: number, H: number) {
  const { from, to } = plan;
  const p = `(0.5-0.5*cos(PI*(in-1)/${frames - 1}))`;
  const s = `(${num(from.s)}*exp(${num(Math.log(to.s / from.s))}*${p}))`;
  const sizeChanges = Math.abs(to.s - from.s) > 1e-9;
  const q = sizeChanges ? `((${s}-${num(from.s)})/${num(to.s - from.s)})` : p;
  const cx = `(${num(from.cx)}+${num(to.cx - from.cx)}*${q})`;
  const cy = `(${num(from.cy)}+${num(to.cy - from.cy)}*${q})`;
  const left = `(${cx}*${W}-${s}*${W / 2}+${s}*0.5-0.5)`;
  const top = `(${cy}*${H}-${s}*${H / 2}+${s}*0.5-0.5)`;
  const right = `(${left}+${s}*${W})`;
  const bottom = `(${top}+${s}*${H})`;
  return { x0: left, y0: top, x1: right, y1: top, x2: left, y2: bottom, x3: right, y3: bottom };
}

/**
 * FFmpeg arguments (without the output path) for a camera-move clip. The move is done by the
 * perspective filter evaluated per frame with sub-pixel precision (1/256 px) and bilinear
 * sampling, on a still already fitted to the output size: smooth without the 4x-upscaled
 * zoompan that integer crop positions would otherwise need. Measured at 720p: path error
 * ~0.04 px rms against ~0.2 px for zoompan on a 4x upscale, and ~30% less CPU.
 * x264 ultrafast at CRF 20: these clips are intermediates the compiler re-encodes, so encode
 * speed counts more than size (PSNR ~54 dB against a lossless render).
 */
export function buildMotionArgs(spec: MotionRenderSpec & { inputPath: string; threads?: number }): { args: string[]; fit: Fit; frames: number } {
  const frames = frameCount(spec.durationS, spec.fps);
  const still = stillStage(spec, frames);
  const c = cornerExpressions(spec.plan, frames, spec.width, spec.height);
  const move =
    `[still]perspective=x0='${c.x0}':y0='${c.y0}':x1='${c.x1}':y1='${c.y1}':x2='${c.x2}':y2='${c.y2}':x3='${c.x3}':y3='${c.y3}'` +
    `:interpolation=linear:sense=source:eval=frame,format=yuv420p[v]`;
  const threads = spec.threads ? ['-threads', String(spec.threads)] : [];
  const args = [
    '-loglevel', 'error',
    '-i', spec.inputPath,
    '-filter_complex', `${still.graph};${move}`,
    '-map', '[v]',
    '-frames:v', String(frames),
    '-r', String(spec.fps),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '20', '-pix_fmt', 'yuv420p',
    '-g', String(spec.fps), ...threads,
    '-an', '-map_metadata', '-1', '-fflags', '+bitexact', '-movflags', '+faststart',
    '-f', 'mp4',
  ];
  return { args, fit: still.fit, frames };
}
