import sharp from 'sharp';
import type { Motion } from '../../../../../shared/contract/generate';
import type { Quality } from '../../../../../shared/values';
import { runFfmpeg } from '../../../ffmpeg/runner';
import { CENTER, type FocusPoint } from '../../../../../shared/framing';
import type { Fit } from './fit';
import { buildMotionArgs, frameAim, resolveFit } from './motion-filter';
import { planMotion, type MotionPlan } from './motion-plan';

export interface MotionClipSpec {
  motion: Motion;
  seed: number;
  durationS: number;
  fps: number;
  width: number;
  height: number;
  fit?: Fit | 'auto';
  /** The point of the photo the crop is centred on and the move aims at; the middle when absent. */
  centre?: FocusPoint;
  zoom?: number;
  color?: string;
  /** The export quality the take is encoded at (see buildMotionArgs). */
  quality?: Quality;
}

/**
 * The fit and the camera move of a clip: the move aims at the crop centre (the subject) when there
 * is one. Pure; the thumbnails plan the first frame with it too.
 */
export function planClip(spec: MotionClipSpec & { source: { width: number; height: number } }): { fit: Fit; plan: MotionPlan } {
  const fit = resolveFit(spec);
  const aimed = spec.centre && (spec.centre.x !== CENTER.x || spec.centre.y !== CENTER.y || (spec.zoom ?? 1) !== 1);
  const plan = planMotion(spec.motion, spec.seed, spec.durationS, aimed ? frameAim(spec, fit) : CENTER);
  return { fit, plan };
}

export interface RenderMotionClipOptions extends MotionClipSpec {
  ffmpegPath: string;
  imagePath: string;
  outputPath: string;
  signal?: AbortSignal;
  /** 0-1. */
  onProgress?: (fraction: number) => void;
}

/** Pixel size of an image as stored (the working image is already upright). */
export async function imageSize(imagePath: string): Promise<{ width: number; height: number }> {
  const meta = await sharp(imagePath, { failOn: 'none' }).metadata();
  if (!meta.width || !meta.height) throw new Error(`could not read the size of ${imagePath}`);
  return { width: meta.width, height: meta.height };
}

/** Renders one camera-move clip from a still to an H.264 MP4 (written atomically to outputPath). */
export async function renderMotionClip(options: RenderMotionClipOptions): Promise<{ fit: Fit; frames: number }> {
  const source = await imageSize(options.imagePath);
  const { fit: chosen, plan } = planClip({ ...options, source });
  const { args, fit, frames } = buildMotionArgs({ ...options, fit: chosen, source, plan, inputPath: options.imagePath });
  await runFfmpeg({
    ffmpegPath: options.ffmpegPath,
    args,
    totalDurationS: frames / options.fps,
    outputPath: options.outputPath,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: (p) => p.percent !== null && options.onProgress?.(p.percent / 100) } : {}),
  });
  return { fit, frames };
}
