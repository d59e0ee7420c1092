import sharp from 'sharp';
import type { Motion } from '../../../../../shared/contract/generate';
import { runFfmpeg } from '../../../ffmpeg/runner';
import type { Fit } from './fit';
import { buildMotionArgs } from './motion-filter';
import { planMotion } from './motion-plan';

export interface MotionClipSpec {
  motion: Motion;
  seed: number;
  durationS: number;
  fps: number;
  width: number;
  height: number;
  fit?: Fit | 'auto';
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
  const plan = planMotion(options.motion, options.seed, options.durationS);
  const { args, fit, frames } = buildMotionArgs({ ...options, source, plan, inputPath: options.imagePath });
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
