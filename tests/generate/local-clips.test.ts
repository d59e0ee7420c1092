import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MOTIONS } from '../../shared/values';
import type { Motion } from '../../shared/contract/generate';
import { renderMotionClip } from '../../electron/services/generate/providers/local/render-motion-clip';
import { planMotion, progressAt, rectAt } from '../../electron/services/generate/providers/local/motion-plan';
import { countFrames, FFMPEG, ffprobe } from '../support/ffmpeg-fixtures';
import { useTempDir } from '../support/temp-dir';
import { blobCentre, frameHashes, grayFrames, makeStill } from './support/media';

const tempDir = useTempDir('echoes-gen-');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function render(dir: string, image: string, name: string, o: { motion: Motion; seed: number; fps?: number; width?: number; height?: number; durationS?: number }) {
  const outputPath = join(dir, `${name}.mp4`);
  await renderMotionClip({
    ffmpegPath: FFMPEG,
    imagePath: image,
    outputPath,
    motion: o.motion,
    seed: o.seed,
    durationS: o.durationS ?? 2,
    fps: o.fps ?? 24,
    width: o.width ?? 320,
    height: o.height ?? 180,
  });
  return outputPath;
}

describe('local motion clips (real FFmpeg, checked with ffprobe)', () => {
  it('makes an H.264 yuv420p MP4 of the asked size, fps and length whose frames move', async () => {
    const dir = tempDir();
    const image = await makeStill(join(dir, 'photo.png'), { width: 640, height: 360, blobs: [{ u: 0.5, v: 0.5 }] });
    const file = await render(dir, image, 'zoom', { motion: 'zoom_in', seed: 11 });

    const probe = await ffprobe(file);
    expect(probe.format.format_name).toContain('mp4');
    expect(probe.video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 320, height: 180, r_frame_rate: '24/1' });
    expect(probe.audio).toBeUndefined();
    expect(Number(probe.format.duration)).toBeCloseTo(2, 1);
    expect(await countFrames(file)).toBe(48);

    const hashes = await frameHashes(file);
    expect(hashes).toHaveLength(48);
    // An eased move barely moves at its very ends, but nearly every frame must differ from the last.
    expect(new Set(hashes).size).toBeGreaterThanOrEqual(44);
    expect(hashes[0]).not.toBe(hashes.at(-1));
  });

  it('is byte-identical for the same seed and different for another seed', async () => {
    const dir = tempDir();
    const image = await makeStill(join(dir, 'photo.png'), { width: 640, height: 360, blobs: [{ u: 0.4, v: 0.6 }] });
    const a = await render(dir, image, 'a', { motion: 'drift', seed: 1234 });
    const b = await render(dir, image, 'b', { motion: 'drift', seed: 1234 });
    const c = await render(dir, image, 'c', { motion: 'drift', seed: 1235 });
    expect(sha256(a)).toBe(sha256(b));
    expect(await frameHashes(a)).toEqual(await frameHashes(b));
    const other = await frameHashes(c);
    const same = await frameHashes(a);
    expect(other.filter((h, i) => h === same[i]).length).toBeLessThan(3);
  });

  it('renders 30 fps and a portrait aspect from a landscape photo (blur-padded)', async () => {
    const dir = tempDir();
    const grid = Array.from({ length: 32 }, (_, i) => ({ u: 0.0625 + 0.125 * (i % 8), v: 0.125 + 0.25 * Math.floor(i / 8) }));
    const image = await makeStill(join(dir, 'wide.png'), { width: 640, height: 360, base: 120, blobs: grid, sigmaPx: 5 });
    const file = await render(dir, image, 'portrait', { motion: 'pan_up', seed: 5, fps: 30, width: 180, height: 320, durationS: 3 });
    const probe = await ffprobe(file);
    expect(probe.video).toMatchObject({ width: 180, height: 320, r_frame_rate: '30/1', pix_fmt: 'yuv420p' });
    expect(await countFrames(file)).toBe(90);
    expect(Number(probe.format.duration)).toBeCloseTo(3, 1);
    // Blur padding: above and below the whole photo sits a blurred copy (bright but smooth),
    // not black bars and not the photo cropped to fill (which would be as detailed as the middle).
    const [first] = await grayFrames(file, 180, 320);
    const rows = (from: number, to: number) => {
      let variation = 0;
      let level = 0;
      for (let y = from; y < to; y++) {
        for (let x = 0; x < 179; x++) {
          variation += Math.abs(first![y * 180 + x + 1]! - first![y * 180 + x]!);
          level += first![y * 180 + x]!;
        }
      }
      return { variation: variation / ((to - from) * 179), level: level / ((to - from) * 179) };
    };
    const top = rows(0, 60);
    const middle = rows(130, 190);
    expect(top.level).toBeGreaterThan(60);
    expect(top.variation).toBeLessThan(middle.variation / 3);
  });

  it.each(MOTIONS)('%s follows its planned path to within a fraction of a pixel (no zoompan jitter)', async (motion) => {
    const dir = tempDir();
    const blobs = [
      { u: 0.5, v: 0.5 },
      { u: 0.44, v: 0.45 },
      { u: 0.56, v: 0.56 },
    ];
    const image = await makeStill(join(dir, 'blobs.png'), { width: 640, height: 360, blobs, sigmaPx: 5 });
    const seed = 77;
    const file = await render(dir, image, motion, { motion, seed });
    const frames = await grayFrames(file, 320, 180);
    const plan = planMotion(motion, seed, 2);
    const errors: number[] = [];
    const paths = blobs.map((b) =>
      frames.map((frame, n) => {
        const r = rectAt(plan, progressAt(n, frames.length));
        const ideal = { x: ((b.u - (r.cx - r.s / 2)) / r.s) * 320, y: ((b.v - (r.cy - r.s / 2)) / r.s) * 180 };
        const seen = blobCentre(frame, 320, 180, ideal.x, ideal.y, 8);
        expect(seen).not.toBeNull();
        errors.push(Math.hypot(seen!.x - ideal.x, seen!.y - ideal.y));
        return seen!;
      }),
    );
    const rms = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    expect(rms).toBeLessThan(0.25);

    // The camera goes the way the name says: content moves the opposite way on screen.
    const centre = paths[0]!;
    const moved = { x: centre.at(-1)!.x - centre[0]!.x, y: centre.at(-1)!.y - centre[0]!.y };
    if (motion === 'pan_left') expect(moved.x).toBeGreaterThan(4);
    if (motion === 'pan_right') expect(moved.x).toBeLessThan(-4);
    if (motion === 'pan_up') expect(moved.y).toBeGreaterThan(2);
    if (motion === 'pan_down') expect(moved.y).toBeLessThan(-2);
    const spread = (n: number) => Math.hypot(paths[1]![n]!.x - paths[2]![n]!.x, paths[1]![n]!.y - paths[2]![n]!.y);
    if (motion === 'zoom_in') expect(spread(frames.length - 1)).toBeGreaterThan(spread(0) * 1.1);
    if (motion === 'zoom_out') expect(spread(frames.length - 1)).toBeLessThan(spread(0) / 1.1);
  });

  it('fails with a clear error for an unreadable image and leaves no output', async () => {
    const dir = tempDir();
    const bogus = join(dir, 'not-an-image.png');
    const { writeFileSync, existsSync } = await import('node:fs');
    writeFileSync(bogus, 'definitely not a png');
    await expect(render(dir, bogus, 'never', { motion: 'zoom_in', seed: 1 })).rejects.toThrow();
    expect(existsSync(join(dir, 'never.mp4'))).toBe(false);
  });
});
