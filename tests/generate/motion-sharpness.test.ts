import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fillCrop } from '../../electron/services/generate/providers/local/fit';
import { planMotion, progressAt, rectAt, seededRandom } from '../../electron/services/generate/providers/local/motion-plan';
import { renderMotionClip } from '../../electron/services/generate/providers/local/render-motion-clip';
import { FFMPEG } from '../support/ffmpeg-fixtures';
import { useTempDir } from '../support/temp-dir';
import { grayFrames } from './support/media';

const tempDir = useTempDir('echoes-sharp-');
const W = 320;
const H = 180;

/** Photo-like fine texture: seeded noise softened to a grain of a few photo pixels (8x the output size). */
async function texture(file: string, width: number, height: number): Promise<string> {
  const rand = seededRandom(7);
  const data = Buffer.alloc(width * height);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(rand() * 256);
  await sharp(data, { raw: { width, height, channels: 1 } }).blur(3).toColourspace('srgb').png().toFile(file);
  return file;
}

/** Mean absolute Laplacian: how much fine detail a gray frame holds. */
function detail(lap: Float64Array): number {
  return lap.reduce((sum, v) => sum + Math.abs(v), 0) / lap.length;
}

function laplacian(px: Buffer, width: number, height: number): Float64Array {
  const out = new Float64Array((width - 2) * (height - 2));
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      out[(y - 1) * (width - 2) + x - 1] = 4 * px[i]! - px[i - 1]! - px[i + 1]! - px[i - width]! - px[i + width]!;
    }
  }
  return out;
}

/** Correlation of two frames' fine detail: near 1 when the detail is the photo's own, in place. */
function correlation(a: Float64Array, b: Float64Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('zoomed frames keep the photo detail (sampled at a higher internal resolution)', () => {
  it('the last frame of a zoom_in is nearly as detailed as an ideal crop of the photo', async () => {
    const dir = tempDir();
    const source = { width: W * 8, height: H * 8 };
    const image = await texture(join(dir, 'texture.png'), source.width, source.height);
    const outputPath = join(dir, 'zoom.mp4');
    const seed = 3;
    await renderMotionClip({ ffmpegPath: FFMPEG, imagePath: image, outputPath, motion: 'zoom_in', seed, durationS: 2, fps: 24, width: W, height: H });
    const frames = await grayFrames(outputPath, W, H);
    const last = frames.at(-1)!;

    // The ideal: the last window cut straight from the photo and scaled to the output with Lanczos.
    const plan = planMotion('zoom_in', seed, 2);
    const r = rectAt(plan, progressAt(frames.length - 1, frames.length));
    expect(1 / r.s).toBeGreaterThan(1.15);
    const crop = fillCrop(source, { width: W, height: H });
    const ideal = await sharp(image)
      .extract({
        left: Math.round(crop.x + (r.cx - r.s / 2) * crop.width),
        top: Math.round(crop.y + (r.cy - r.s / 2) * crop.height),
        width: Math.round(r.s * crop.width),
        height: Math.round(r.s * crop.height),
      })
      .resize(W, H, { fit: 'fill', kernel: 'lanczos3' })
      .greyscale()
      .raw()
      .toBuffer();

    const ours = laplacian(last, W, H);
    const best = laplacian(ideal, W, H);
    // Upscaling the window from a still at the output size keeps ~55% of this detail.
    expect(detail(ours) / detail(best)).toBeGreaterThanOrEqual(0.9);
    expect(detail(ours) / detail(best)).toBeLessThanOrEqual(1.15);
    // And it is the photo's detail in the right place, not invented sharpness (the old filter: ~0.68).
    expect(correlation(ours, best)).toBeGreaterThanOrEqual(0.85);
  });
});
