import { spawn } from 'node:child_process';
import { FFMPEG } from './ffmpeg-fixtures';

/** A decoded frame's luma, one byte a pixel. */
export interface GrayFrame {
  width: number;
  height: number;
  pixels: Buffer;
}

/** Decodes a video through `filters` (ending in gray at `size`) into frames. */
function decodeGray(file: string, filters: string, size: { width: number; height: number }): Promise<GrayFrame[]> {
  const args = ['-hide_banner', '-loglevel', 'error', '-i', file, '-vf', filters, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-'];
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ffmpeg exited ${code}: ${stderr}`));
      const all = Buffer.concat(chunks);
      const bytes = size.width * size.height;
      const frames: GrayFrame[] = [];
      for (let at = 0; at + bytes <= all.length; at += bytes) frames.push({ ...size, pixels: all.subarray(at, at + bytes) });
      resolve(frames);
    });
  });
}

/** The luma of frames `numbers` (0-based, ascending) of a video, scaled to `size`. */
export function grayFrames(file: string, numbers: readonly number[], size: { width: number; height: number }): Promise<GrayFrame[]> {
  const select = numbers.map((n) => `eq(n\\,${n})`).join('+');
  return decodeGray(file, `select=${select},scale=${size.width}:${size.height},format=gray`, size);
}

/** The luma of every frame of a (small) video, scaled to `size`, for frame-difference analysis. */
export function allGrayFrames(file: string, size: { width: number; height: number }): Promise<GrayFrame[]> {
  return decodeGray(file, `scale=${size.width}:${size.height},format=gray`, size);
}

/** Where two frames differ by more than `threshold` levels: the bounding box (null when nowhere) and how many pixels. */
export function changedRegion(a: GrayFrame, b: GrayFrame, threshold = 40): { box: { left: number; top: number; right: number; bottom: number } | null; count: number } {
  let left = Infinity;
  let top = Infinity;
  let right = -1;
  let bottom = -1;
  let count = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const i = y * a.width + x;
      if (Math.abs((a.pixels[i] as number) - (b.pixels[i] as number)) <= threshold) continue;
      count++;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  return { box: count ? { left, top, right: right + 1, bottom: bottom + 1 } : null, count };
}

/** Mean absolute luma difference of two frames. */
export function meanDifference(a: GrayFrame, b: GrayFrame): number {
  let sum = 0;
  for (let i = 0; i < a.pixels.length; i++) sum += Math.abs((a.pixels[i] as number) - (b.pixels[i] as number));
  return sum / a.pixels.length;
}
