import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMotionClip } from '../../electron/services/generate/providers/local/render-motion-clip';
import { FFMPEG } from '../support/ffmpeg-fixtures';
import { grayFrames } from './support/media';
import { findBlobs, fitMarkers, markerLayout, markerPhoto, testRandom, windowOf, type MarkerFit, type Window } from './support/locate-window';

/**
 * The expectation is built from measurement and from the motion's written definition only (the
 * comments of motion-plan.ts), never from the product's formulas: the same move is rendered from a
 * photo of disks at known places, the visible window is measured in its frames, and the ideal last
 * frame is cut from the texture photo at that measured window.
 */
const W = 320;
const H = 180;
/** The photo is 8x the output, with the output's aspect: the whole photo is the fitted base image. */
const PHOTO = { width: W * 8, height: H * 8 };
// Encoded at the export's best quality, so the measure is the move's resampling more than x264's loss.
const MOVE = { motion: 'zoom_in', seed: 3, durationS: 2, fps: 24, width: W, height: H, quality: 'high' } as const;
const FRAMES = MOVE.durationS * MOVE.fps;
/** Frames whose window is measured: the ends and the quarters. */
const SAMPLED = [0, 12, 24, 36, FRAMES - 1];
/** The definition's sine ease-in-out: frame n of N goes from the start window (0) to the end window (1). */
const eased = (n: number) => 0.5 - 0.5 * Math.cos((Math.PI * n) / (FRAMES - 1));

/** Photo-like fine texture: seeded noise softened to a grain of a few photo pixels (8x the output size). */
async function texture(file: string, width: number, height: number): Promise<string> {
  const rand = testRandom(7);
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

const round = (w: Window) => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, Math.round(v * 100) / 100]));

describe('a zoom_in, measured on its frames (window located from markers, detail against an ideal crop)', () => {
  let dir = '';
  let textureImage = '';
  let textureLast: Buffer;
  const fits = new Map<number, MarkerFit>();
  const windows = new Map<number, Window>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'echoes-sharp-'));
    const layout = markerLayout(PHOTO);
    const [markers, image] = await Promise.all([
      markerPhoto(join(dir, 'markers.png'), PHOTO, layout, 40),
      texture(join(dir, 'texture.png'), PHOTO.width, PHOTO.height),
    ]);
    textureImage = image;
    const markersClip = join(dir, 'markers.mp4');
    const textureClip = join(dir, 'texture.mp4');
    // The same move on two photos of the same size: the same window in every frame.
    await Promise.all([
      renderMotionClip({ ffmpegPath: FFMPEG, imagePath: markers, outputPath: markersClip, ...MOVE }),
      renderMotionClip({ ffmpegPath: FFMPEG, imagePath: image, outputPath: textureClip, ...MOVE }),
    ]);
    const markerFrames = await grayFrames(markersClip, W, H);
    const textureFrames = await grayFrames(textureClip, W, H);
    // Every frame of the clip, 2 s at 24 fps: the sampled frame numbers below count on it.
    if (markerFrames.length !== FRAMES || textureFrames.length !== FRAMES) {
      throw new Error(`the clips have ${markerFrames.length} and ${textureFrames.length} frames, ${FRAMES} expected`);
    }
    for (const n of SAMPLED) {
      const fit = fitMarkers(findBlobs(markerFrames[n]!, { width: W, height: H }), layout);
      fits.set(n, fit);
      windows.set(n, windowOf(fit, { width: W, height: H }));
    }
    textureLast = textureFrames.at(-1)!;
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every measured frame is an undistorted view of the photo, located without ambiguity', () => {
    for (const n of SAMPLED) {
      const fit = fits.get(n)!;
      const context = `frame ${n}: ${JSON.stringify({ ...fit, ...round(windows.get(n)!) })}`;
      expect(fit.matched, context).toBeGreaterThanOrEqual(10);
      expect(fit.unmatched, context).toBe(0);
      expect(fit.runnerUp, context).toBeLessThanOrEqual(fit.matched / 2);
      // Every disk sits where one scale and translation puts it: no stretch, shear or warp.
      expect(fit.rms, context).toBeLessThan(0.25);
      expect(Math.abs(fit.scaleY / fit.scaleX - 1), context).toBeLessThan(0.003);
    }
  });

  it('follows the definition of zoom_in: the whole photo, then zooming in towards one fixed point, always inside the photo', () => {
    const first = windows.get(0)!;
    const last = windows.get(FRAMES - 1)!;
    const context = `first ${JSON.stringify(round(first))}, last ${JSON.stringify(round(last))}`;
    // Starts on the whole photo (to a quarter of an output pixel: 2 photo pixels).
    expect(Math.abs(first.left), context).toBeLessThan(2);
    expect(Math.abs(first.top), context).toBeLessThan(2);
    expect(Math.abs(first.width - PHOTO.width), context).toBeLessThan(3);
    expect(Math.abs(first.height - PHOTO.height), context).toBeLessThan(3);
    // Ends zoomed in by the amount a 2 s clip is planned for.
    const zoom = (w: Window) => PHOTO.width / w.width;
    expect(zoom(last), context).toBeGreaterThan(1.1);
    expect(zoom(last), context).toBeLessThan(1.35);

    // The one photo point that is at the same place on screen in the first and last frame.
    const a0 = fits.get(0)!;
    const a1 = fits.get(FRAMES - 1)!;
    const fixed = { x: (a1.offsetX - a0.offsetX) / (a0.scaleX - a1.scaleX), y: (a1.offsetY - a0.offsetY) / (a0.scaleY - a1.scaleY) };
    const screen = { x: a0.scaleX * fixed.x + a0.offsetX, y: a0.scaleY * fixed.y + a0.offsetY };

    let previous = 0;
    for (const n of SAMPLED) {
      const w = windows.get(n)!;
      const fit = fits.get(n)!;
      const at = `frame ${n}: window ${JSON.stringify(round(w))}, photo point (${fixed.x.toFixed(1)}, ${fixed.y.toFixed(1)}) fixed at (${screen.x.toFixed(2)}, ${screen.y.toFixed(2)}) on screen`;
      // Inside the photo (to an eighth of an output pixel).
      expect(w.left, at).toBeGreaterThan(-1);
      expect(w.top, at).toBeGreaterThan(-1);
      expect(w.left + w.width, at).toBeLessThan(PHOTO.width + 1);
      expect(w.top + w.height, at).toBeLessThan(PHOTO.height + 1);
      // Zooming in all the way, geometrically on the sine-eased progress.
      expect(zoom(w), at).toBeGreaterThan(previous);
      previous = zoom(w);
      expect(Math.abs(Math.log(zoom(w)) / Math.log(zoom(last)) - eased(n)), at).toBeLessThan(0.01);
      // The fixed point stays put on screen in between (to a tenth of an output pixel).
      expect(Math.abs(fit.scaleX * fixed.x + fit.offsetX - screen.x), at).toBeLessThan(0.1);
      expect(Math.abs(fit.scaleY * fixed.y + fit.offsetY - screen.y), at).toBeLessThan(0.1);
    }
  });

  it('keeps the photo detail in its last frame, in place, nearly as well as an ideal Lanczos crop of the measured window', async () => {
    const last = windows.get(FRAMES - 1)!;
    const ideal = await sharp(textureImage)
      .extract({ left: Math.round(last.left), top: Math.round(last.top), width: Math.round(last.width), height: Math.round(last.height) })
      .resize(W, H, { fit: 'fill', kernel: 'lanczos3' })
      .greyscale()
      .raw()
      .toBuffer();

    const ours = laplacian(textureLast, W, H);
    const best = laplacian(ideal, W, H);
    // Upscaling the window from a still at the output size keeps ~55% of this detail. The take is
    // encoded at the export's settings (so an export can copy it), whose deblocking and rate
    // control cost some fine detail: 0.84 measured at 'high' (0.9+ with the old ultrafast intermediate).
    expect(detail(ours) / detail(best)).toBeGreaterThanOrEqual(0.78);
    expect(detail(ours) / detail(best)).toBeLessThanOrEqual(1.15);
    // And it is the photo's detail in the right place, not invented sharpness (the old filter: ~0.68; 0.84 now, 0.85+ before the export-quality encode).
    expect(correlation(ours, best)).toBeGreaterThanOrEqual(0.8);
  });
});
