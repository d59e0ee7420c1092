import sharp from 'sharp';
import { runTool, FFMPEG } from '../../support/ffmpeg-fixtures';

export interface Blob {
  /** Centre in 0-1 of the image. */
  u: number;
  v: number;
}

/**
 * A photo-like test still: a soft gradient with fine noise (so the encoder has real detail to
 * move) and bright Gaussian blobs whose centres the motion tests track. `variant` changes the
 * colours so several stills never share content.
 */
export async function makeStill(
  file: string,
  o: { width: number; height: number; blobs?: Blob[]; variant?: number; sigmaPx?: number; base?: number },
): Promise<string> {
  const { width: W, height: H, blobs = [], variant = 0, sigmaPx = 4, base = 24 } = o;
  const data = Buffer.alloc(W * H * 3);
  let noise = 12345 + variant * 7919;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      noise = (noise * 1103515245 + 12345) >>> 0;
      const n = ((noise >>> 16) & 7) - 4;
      let lum = base + n;
      for (const b of blobs) {
        const d2 = (x + 0.5 - b.u * W) ** 2 + (y + 0.5 - b.v * H) ** 2;
        lum = Math.max(lum, base + 220 * Math.exp(-d2 / (2 * sigmaPx * sigmaPx)));
      }
      const i = (y * W + x) * 3;
      data[i] = Math.min(255, lum + ((x * 20) / W + variant * 37) % 20);
      data[i + 1] = Math.min(255, lum + ((y * 15) / H + variant * 53) % 15);
      data[i + 2] = Math.min(255, lum + (variant * 71) % 18);
    }
  }
  await sharp(data, { raw: { width: W, height: H, channels: 3 } }).png().toFile(file);
  return file;
}

/** Decoded frames of a video as 8-bit gray planes. */
export async function grayFrames(file: string, width: number, height: number): Promise<Buffer[]> {
  const { spawn } = await import('node:child_process');
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`ffmpeg exited ${code}`))));
  });
  const size = width * height;
  return Array.from({ length: raw.length / size }, (_, i) => raw.subarray(i * size, (i + 1) * size));
}

/** MD5 of every decoded frame (ffmpeg's framemd5 muxer). */
export async function frameHashes(file: string): Promise<string[]> {
  const { stdout } = await runTool(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-']);
  return stdout
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').at(-1)?.trim() ?? '');
}

/** Brightness-weighted centre of the blob near (x0, y0), in pixels (pixel centres at i + 0.5). */
export function blobCentre(frame: Buffer, width: number, height: number, x0: number, y0: number, radius: number, floor = 70) {
  let sx = 0;
  let sy = 0;
  let sw = 0;
  for (let y = Math.max(0, Math.round(y0 - radius)); y < Math.min(height, Math.round(y0 + radius)); y++) {
    for (let x = Math.max(0, Math.round(x0 - radius)); x < Math.min(width, Math.round(x0 + radius)); x++) {
      const w = Math.max(0, frame[y * width + x]! - floor);
      sx += (x + 0.5) * w;
      sy += (y + 0.5) * w;
      sw += w;
    }
  }
  return sw > 0 ? { x: sx / sw, y: sy / sw } : null;
}
