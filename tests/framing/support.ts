import { spawn } from 'node:child_process';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Studio } from '../../electron/services/studio';
import type { Shape } from '../../shared/values';
import { afterEach } from 'vitest';
import { call, openStudio, watchJobs } from '../generate/support/studio';
import { useTempDir } from '../support/temp-dir';
import { exportFinished } from '../editor/support';

import { FFMPEG } from '../support/frames';

export { framePng } from '../support/frames';

/**
 * A studio per test on a fresh data folder, its exports and generation stopped and closed after the
 * test; `tempDir` makes more temp folders (photos) removed after it too.
 */
export function useFramingStudio(prefix: string): { open(): Studio; tempDir: () => string } {
  const tempDir = useTempDir(prefix);
  let studio: Studio | null = null;
  afterEach(async () => {
    await studio?.exports.stop();
    await studio?.generation.stop();
    studio?.close();
    studio = null;
  });
  return { open: () => (studio = openStudio(tempDir())), tempDir };
}

/** A photo with one distinct subject: a bright disc on a grey texture. Centre and radius in fractions (radius of the shorter side). */
export interface DiscPhoto {
  name: string;
  width: number;
  height: number;
  disc: { x: number; y: number; r: number };
}

/** Landscape, portrait and panorama photos, each with its subject well off-centre. */
export const DISC_PHOTOS: DiscPhoto[] = [
  { name: 'landscape', width: 1600, height: 1200, disc: { x: 0.8, y: 0.93, r: 0.05 } },
  { name: 'portrait', width: 800, height: 1200, disc: { x: 0.92, y: 0.2, r: 0.05 } },
  { name: 'panorama', width: 2400, height: 800, disc: { x: 0.1, y: 0.5, r: 0.08 } },
];

export async function makeDiscPhoto(dir: string, photo: DiscPhoto): Promise<string> {
  const { width, height, disc } = photo;
  const texture = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 105, sigma: 35 } } })
    .png()
    .toBuffer();
  const r = disc.r * Math.min(width, height);
  const svg = Buffer.from(`<svg width="${width}" height="${height}"><circle cx="${disc.x * width}" cy="${disc.y * height}" r="${r}" fill="#fff6d0"/></svg>`);
  const file = join(dir, `${photo.name}.jpg`);
  await sharp(texture).composite([{ input: svg }]).jpeg({ quality: 90 }).toFile(file);
  return file;
}

/** Every frame of a video, downscaled by `shrink` with area averaging (the texture's grain averages out), as gray planes. */
export async function smallGrayFrames(file: string, width: number, height: number, shrink = 4): Promise<{ frames: Buffer[]; width: number; height: number }> {
  const w = Math.round(width / shrink);
  const h = Math.round(height / shrink);
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-i', file, '-vf', `scale=${w}:${h}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`ffmpeg exited ${code}`))));
  });
  const size = w * h;
  return { frames: Array.from({ length: raw.length / size }, (_, i) => raw.subarray(i * size, (i + 1) * size)), width: w, height: h };
}

/** Where the bright disc is in a gray frame (centroid of its pixels, fractions of the frame), or null when it is not in the frame. */
export function locateDisc(frame: Buffer, width: number, height: number, threshold = 200, minPixels = 4): { x: number; y: number; pixels: number } | null {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (frame[y * width + x]! >= threshold) {
        sx += x + 0.5;
        sy += y + 0.5;
        n++;
      }
    }
  }
  return n >= minPixels ? { x: sx / n / width, y: sy / n / height, pixels: n } : null;
}

/** Generates on the device and approves one take per clip. */
export async function generateAndApprove(studio: Studio, clipIds: string[], seed = 7): Promise<void> {
  const jobs = watchJobs(studio);
  const { jobs: queued } = await call(studio, 'generate.clips', { clipIds, seed, fps: 24 });
  await jobs.until(() => queued.every((j) => jobs.finished('succeeded').has(j.id)), 180_000);
  jobs.unsubscribe();
  for (const clipId of clipIds) {
    const takes = await call(studio, 'takes.list', { clipId });
    const take = takes.at(-1);
    if (!take) throw new Error(`clip ${clipId} has no take`);
    await call(studio, 'takes.approve', { clipId, takeId: take.id });
  }
}

/** Exports the project and returns the video's path in the media store. */
export async function exportProject(studio: Studio, projectId: string): Promise<string> {
  const started = await call(studio, 'exports.start', { projectId });
  const done = await exportFinished(studio, started.id, 180_000);
  if (done.state !== 'succeeded' || !done.mediaId) throw new Error(`export ${done.state}: ${done.message}`);
  return studio.media.store.path(done.mediaId);
}

/** A project of the given shape with the photos imported (cut transitions, 2 s clips, 720p 24 fps draft). */
export async function shapedProject(studio: Studio, shape: Shape, paths: string[], motions: Array<'zoom_in' | 'pan_left' | 'drift' | 'zoom_out' | 'pan_up'>) {
  const project = await call(studio, 'projects.create', { name: `Framing ${shape}` });
  await call(studio, 'timeline.update', {
    projectId: project.id,
    transition: { type: 'cut', durationS: 0.5 },
    output: { aspect: shape, resolution: '720p', fps: 24, quality: 'draft' },
  });
  const { results } = await call(studio, 'media.importPaths', { projectId: project.id, paths });
  const clipIds = results.map((r) => {
    if (!r.ok) throw new Error(r.error.message);
    return r.clip.id;
  });
  for (const [i, clipId] of clipIds.entries()) await call(studio, 'clips.update', { clipId, durationS: 2, motion: motions[i % motions.length]! });
  return { projectId: project.id, clipIds };
}
