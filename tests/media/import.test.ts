import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clip, ImportBatchResult, ImportProgress, MethodName, MethodOutput, StudioEvent } from '../../shared/contract';
import { dispatch } from '../../electron/services/rpc/dispatch';
import { createEventBus } from '../../electron/services/rpc/event-bus';
import { createClipRepository } from '../../electron/services/clips/clip-repository';
import { openDatabase } from '../../electron/services/db/database';
import { defaultLimits } from '../../electron/services/media/image-pipeline';
import { iccDescription } from '../../electron/services/media/jpeg-metadata';
import { createMediaLibrary } from '../../electron/services/media/media-library';
import { createProjectRepository } from '../../electron/services/projects/project-repository';
import { createStudio, type Studio } from '../../electron/services/studio';
import { useTempDir } from '../support/temp-dir';
import {
  BLUE,
  RED,
  alphaPng,
  cmykJpeg,
  copyOf,
  deepPng,
  emptyFile,
  hugeDeclaredPng,
  near,
  pixelAt,
  plainJpeg,
  rotatedJpeg,
  sparseJpeg,
  textFile,
  truncatedJpeg,
  webpImage,
  widePng,
} from './fixtures';

const tempDir = useTempDir('echoes-media-');
const open: Studio[] = [];
afterEach(() => {
  for (const studio of open.splice(0)) studio.close();
});

function openStudio(dataDir = tempDir()) {
  const studio = createStudio({ dataDir, transport: 'bridge', version: 'test' });
  open.push(studio);
  const events: StudioEvent[] = [];
  studio.events.subscribe((e) => events.push(e));
  async function call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    const result = await dispatch(studio.handlers, method, input);
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
    return result.value as MethodOutput<M>;
  }
  return { studio, events, call, dataDir };
}

/** Files in the media store (not its temp folder). */
const storedFiles = (studio: Studio) => readdirSync(studio.media.store.root).filter((name) => !name.startsWith('.'));

const imported = (batch: ImportBatchResult) => batch.results.flatMap((r) => (r.ok ? [r.clip] : []));

describe('photo import', () => {
  it('imports a mixed batch: valid photos become clips in order, each bad file gets one clear error, earlier clips stay', async () => {
    const { studio, events, call } = openStudio();
    const dir = tempDir();
    const project = await call('projects.create', { name: 'Mixed' });

    const earlier = await call('media.importPaths', {
      projectId: project.id,
      paths: [await plainJpeg(dir, 'first.jpg', { r: 20, g: 120, b: 220 }), await plainJpeg(dir, 'second.jpg', { r: 240, g: 240, b: 240 })],
    });
    expect(earlier.results.every((r) => r.ok)).toBe(true);
    const before = await call('clips.list', { projectId: project.id });
    expect(before.map((c) => c.sourceName)).toEqual(['first.jpg', 'second.jpg']);

    const rotated = await rotatedJpeg(dir);
    const batch = [
      rotated,
      await alphaPng(dir),
      emptyFile(dir),
      await deepPng(dir),
      await truncatedJpeg(dir),
      await cmykJpeg(dir),
      textFile(dir),
      await webpImage(dir),
      await widePng(dir),
      hugeDeclaredPng(dir, 20_000, 10_000),
      sparseJpeg(dir, 201 * 1024 * 1024),
      copyOf(rotated, dir, 'rotated-copy.jpg'),
    ];
    const batchId = '6f1c7c1e-1f0e-4d55-9b8a-2f2b7e0c9a11';
    const result = await call('media.importPaths', { projectId: project.id, paths: batch, batchId });
    expect(result.batchId).toBe(batchId);
    expect(result.results.map((r) => [r.index, r.file, r.ok])).toEqual([
      [0, 'rotated.jpg', true],
      [1, 'alpha.png', true],
      [2, 'empty.jpg', false],
      [3, 'deep.png', true],
      [4, 'truncated.jpg', false],
      [5, 'cmyk.jpg', true],
      [6, 'notes.jpg', false],
      [7, 'photo.webp', true],
      [8, 'wide.png', true],
      [9, 'huge.png', false],
      [10, 'enormous.jpg', false],
      [11, 'rotated-copy.jpg', true],
    ]);

    const errors = Object.fromEntries(result.results.flatMap((r) => (r.ok ? [] : [[r.file, r.error]])));
    expect(errors['empty.jpg']).toEqual({ code: 'EMPTY', message: 'empty.jpg: the file is empty (0 bytes)' });
    expect(errors['truncated.jpg']?.code).toBe('DAMAGED');
    expect(errors['truncated.jpg']?.message).toMatch(/^truncated\.jpg: the image data is damaged or incomplete( \(.*premature end.*\))?$/i);
    expect(errors['notes.jpg']).toEqual({ code: 'NOT_AN_IMAGE', message: 'notes.jpg: not an image: it is a text file, whatever its name says' });
    expect(errors['huge.png']).toEqual({
      code: 'TOO_LARGE',
      message: 'huge.png: the image is too large (20000 × 10000 px is 200 MP; the limit is 100 MP)',
    });
    expect(errors['enormous.jpg']).toEqual({ code: 'TOO_LARGE', message: 'enormous.jpg: the file is too large (201.0 MB; the limit is 200.0 MB)' });

    // Earlier clips untouched, new ones appended in the batch's order.
    const after = await call('clips.list', { projectId: project.id });
    expect(after.slice(0, 2)).toEqual(before);
    expect(after.map((c) => c.sourceName)).toEqual([
      'first.jpg',
      'second.jpg',
      'rotated.jpg',
      'alpha.png',
      'deep.png',
      'cmyk.jpg',
      'photo.webp',
      'wide.png',
      'rotated-copy.jpg',
    ]);
    expect(after.map((c) => c.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(after.slice(2)).toEqual(imported(result));
    const bySource = Object.fromEntries(after.map((c) => [c.sourceName, c])) as Record<string, Clip>;

    // Orientation: the content is turned, not only the size.
    const turned = bySource['rotated.jpg']!;
    expect([turned.width, turned.height]).toEqual([64, 128]);
    const workingPath = studio.media.store.path(turned.workingMediaId!);
    expect(near(await pixelAt(workingPath, 32, 16), [RED.r, RED.g, RED.b])).toBe(true);
    expect(near(await pixelAt(workingPath, 32, 112), [BLUE.r, BLUE.g, BLUE.b])).toBe(true);
    const workingMeta = await sharp(workingPath).metadata();
    expect(workingMeta.format).toBe('jpeg');
    expect(workingMeta.orientation ?? 1).toBe(1);
    expect(workingMeta.exif).toBeUndefined();

    // Alpha flattened onto white; 16-bit and CMYK become 8-bit sRGB with the right colours.
    const alpha = studio.media.store.path(bySource['alpha.png']!.workingMediaId!);
    expect(near(await pixelAt(alpha, 20, 60), [255, 255, 255])).toBe(true);
    expect(near(await pixelAt(alpha, 140, 60), [0, 200, 0])).toBe(true);
    const deep = studio.media.store.path(bySource['deep.png']!.workingMediaId!);
    expect(await sharp(deep).metadata()).toMatchObject({ depth: 'uchar', space: 'srgb', channels: 3 });
    expect(near(await pixelAt(deep, 48, 32), [255, 128, 0], 12)).toBe(true);
    const cmyk = studio.media.store.path(bySource['cmyk.jpg']!.workingMediaId!);
    expect(await sharp(cmyk).metadata()).toMatchObject({ space: 'srgb', channels: 3 });
    expect(near(await pixelAt(cmyk, 80, 60), [230, 20, 20], 45)).toBe(true);
    expect(near(await pixelAt(studio.media.store.path(bySource['photo.webp']!.workingMediaId!), 50, 40), [230, 200, 20], 12)).toBe(true);

    // The wide image is brought within 4096 px, keeping its aspect ratio.
    expect([bySource['wide.png']!.width, bySource['wide.png']!.height]).toEqual([4096, 410]);

    // Thumbnails: WebP, at most 60 kB, stored sizes are the real ones, same orientation.
    for (const clip of imported(result)) {
      const thumb = studio.media.store.path(clip.thumbMediaId!);
      const meta = await sharp(thumb).metadata();
      expect(meta.format).toBe('webp');
      expect(statSync(thumb).size).toBeLessThanOrEqual(60_000);
      expect([meta.width, meta.height]).toEqual([clip.thumbWidth, clip.thumbHeight]);
      expect(Math.max(clip.thumbWidth!, clip.thumbHeight!)).toBeLessThanOrEqual(480);
      expect(clip.workingMediaId).toMatch(/^[0-9a-f]{64}\.jpg$/);
      expect(clip.thumbMediaId).toMatch(/^[0-9a-f]{64}\.webp$/);
    }
    const turnedThumb = studio.media.store.path(turned.thumbMediaId!);
    expect(near(await pixelAt(turnedThumb, 32, 16), [RED.r, RED.g, RED.b])).toBe(true);

    // The duplicate is a clip of its own that shares the stored files.
    const copy = result.results[11]!;
    expect(copy.ok && copy.duplicateOf).toBe(turned.id);
    expect(bySource['rotated-copy.jpg']!.workingMediaId).toBe(turned.workingMediaId);
    expect(storedFiles(studio)).toHaveLength(2 * 8);

    // One progress event as each file starts and one as it ends, in the batch's order at the end.
    const progress = events.flatMap((e) => (e.type === 'import.progress' && e.payload.batchId === batchId ? [e.payload] : [])) as ImportProgress[];
    expect(progress.filter((p) => p.status === 'importing').map((p) => p.index).sort((a, b) => a - b)).toEqual(batch.map((_, i) => i));
    const ends = progress.filter((p) => p.status !== 'importing');
    expect(ends.map((p) => [p.index, p.status, p.completed])).toEqual(
      result.results.map((r, i) => [i, r.ok ? 'imported' : 'failed', i + 1]),
    );
    expect(ends.every((p) => p.total === batch.length && p.projectId === project.id)).toBe(true);
    expect(ends.find((p) => p.file === 'notes.jpg')?.error).toBe(errors['notes.jpg']?.message);
    expect(events.some((e) => e.type === 'clips.changed' && e.payload.projectId === project.id)).toBe(true);
  });

  it('stores a photo imported again once, reusing the earlier work, and refuses an unknown project', async () => {
    const { studio, call } = openStudio();
    const dir = tempDir();
    const project = await call('projects.create', { name: 'Again' });
    const photo = await webpImage(dir, 'again.webp');
    const first = await call('media.importPaths', { projectId: project.id, paths: [photo] });
    const stored = storedFiles(studio).sort();
    const second = await call('media.importPaths', { projectId: project.id, paths: [photo] });
    expect(storedFiles(studio).sort()).toEqual(stored);
    const [a, b] = [imported(first)[0]!, imported(second)[0]!];
    expect(b.id).not.toBe(a.id);
    expect([b.workingMediaId, b.thumbMediaId]).toEqual([a.workingMediaId, a.thumbMediaId]);
    expect(second.results[0]).toMatchObject({ ok: true, duplicateOf: a.id });

    await expect(
      call('media.importPaths', { projectId: '00000000-0000-4000-8000-000000000000', paths: [photo] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('media.importPaths', { projectId: project.id, paths: ['relative/photo.jpg'] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(call('media.importPaths', { projectId: project.id, paths: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const missing = await call('media.importPaths', { projectId: project.id, paths: [join(dir, 'gone.jpg'), dir] });
    expect(missing.results.map((r) => !r.ok && r.error)).toEqual([
      { code: 'UNREADABLE', message: 'gone.jpg: the file no longer exists (it was moved or deleted)' },
      { code: 'UNREADABLE', message: `${dir.split('/').pop()}: it is a folder, not a file` },
    ]);
  });

  it('accepts AVIF and refuses formats it does not take by their content', async () => {
    const { call } = openStudio();
    const dir = tempDir();
    const project = await call('projects.create', { name: 'Formats' });
    const avif = join(dir, 'photo.avif');
    await sharp({ create: { width: 96, height: 72, channels: 3, background: { r: 10, g: 200, b: 90 } } }).avif().toFile(avif);
    const gif = join(dir, 'anim.jpg');
    await sharp({ create: { width: 8, height: 8, channels: 3, background: RED } }).gif().toFile(gif);
    const result = await call('media.importPaths', { projectId: project.id, paths: [avif, gif] });
    expect(result.results[0]).toMatchObject({ ok: true, clip: { width: 96, height: 72 } });
    expect(result.results[1]).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED', message: 'anim.jpg: it is a GIF image, not a photo Echoes can use (JPEG, PNG, WebP, HEIC or AVIF)' },
    });
  });

  it('converts Display P3 photos to sRGB colours (upright and turned), and keeps sRGB-tagged colours as they are', async () => {
    const { studio, call } = openStudio();
    const dir = tempDir();
    const project = await call('projects.create', { name: 'Colours' });
    // Left half green, right half red, in sRGB; stored with a Display P3 profile, sharp converts them
    // into P3 values, which differ from the sRGB ones by far more than JPEG noise.
    const GREEN = [40, 200, 60];
    const CRIMSON = [240, 20, 20];
    const halves = Buffer.alloc(128 * 96 * 3);
    for (let i = 0; i < 128 * 96; i += 1) halves.set((i % 128) < 64 ? GREEN : CRIMSON, i * 3);
    const make = async (name: string, profile: 'p3' | 'srgb', orientation: number) => {
      const file = join(dir, name);
      const photo = sharp(halves, { raw: { width: 128, height: 96, channels: 3 } }).jpeg({ quality: 98, chromaSubsampling: '4:4:4' }).withMetadata({ orientation });
      await photo.withIccProfile(profile).toFile(file);
      return file;
    };
    const paths = [await make('p3.jpg', 'p3', 1), await make('p3-turned.jpg', 'p3', 6), await make('srgb-turned.jpg', 'srgb', 6)];

    // The P3 files really hold other numbers: a pipeline that dropped the profile would store these.
    const storedP3 = await sharp(paths[0]!, { ignoreIcc: true }).raw().toBuffer();
    expect(near([...storedP3.subarray(0, 3)], GREEN, 20)).toBe(false);
    expect(near([...storedP3.subarray(100 * 3, 100 * 3 + 3)], CRIMSON, 20)).toBe(false);

    const result = await call('media.importPaths', { projectId: project.id, paths });
    const [upright, turned, srgbTurned] = imported(result);
    expect([upright!.width, upright!.height, turned!.width, turned!.height, srgbTurned!.width, srgbTurned!.height]).toEqual([128, 96, 96, 128, 96, 128]);

    // Read as plain numbers (no profile applied on reading): the stored values are the sRGB colours.
    const plainPixel = async (file: string, x: number, y: number) => {
      const { data, info } = await sharp(file, { ignoreIcc: true }).raw().toBuffer({ resolveWithObject: true });
      const at = (y * info.width + x) * info.channels;
      return [data[at]!, data[at + 1]!, data[at + 2]!];
    };
    const checks: Array<[Clip, [number, number], [number, number]]> = [
      [upright!, [20, 48], [108, 48]],
      // Orientation 6: the left half ends up on top.
      [turned!, [48, 20], [48, 108]],
      [srgbTurned!, [48, 20], [48, 108]],
    ];
    for (const [clip, [gx, gy], [rx, ry]] of checks) {
      const working = studio.media.store.path(clip.workingMediaId!);
      const meta = await sharp(working).metadata();
      expect(meta.icc === undefined || /sRGB/.test(iccDescription(meta.icc) ?? ''), `${clip.sourceName}`).toBe(true);
      expect(near(await plainPixel(working, gx, gy), GREEN, 6), `${clip.sourceName} green`).toBe(true);
      expect(near(await plainPixel(working, rx, ry), CRIMSON, 6), `${clip.sourceName} red`).toBe(true);
      // The thumbnail shows the same colours.
      const thumb = studio.media.store.path(clip.thumbMediaId!);
      const scale = clip.thumbWidth! / clip.width!;
      expect(near(await plainPixel(thumb, Math.round(gx * scale), Math.round(gy * scale)), GREEN, 10), `${clip.sourceName} thumb`).toBe(true);
      expect(near(await plainPixel(thumb, Math.round(rx * scale), Math.round(ry * scale)), CRIMSON, 10), `${clip.sourceName} thumb`).toBe(true);
    }
  });

  it('keeps a working image under the data-URI budget by lowering quality, then size', async () => {
    const dir = tempDir();
    // Pure noise hardly compresses: 2400 x 1800 at quality 100 is far over a 1 MB budget.
    const noisy = join(dir, 'noise.jpg');
    await sharp({ create: { width: 2400, height: 1800, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 80 } } })
      .jpeg({ quality: 100 })
      .toFile(noisy);
    // A smaller budget than Runway's keeps the test fast; the ladder is the same.
    const db = openDatabase(join(dir, 'studio.db'));
    const project = createProjectRepository(db).create('Noisy');
    const library = createMediaLibrary({
      db,
      events: createEventBus(),
      clips: createClipRepository(db),
      root: join(dir, 'media'),
      limits: { ...defaultLimits, workingMaxBytes: 1_000_000 },
    });
    const result = await library.importer.importFiles({ projectId: project.id, files: [{ path: noisy, name: 'noise.jpg' }] });
    const clip = imported(result)[0]!;
    expect(statSync(library.store.path(clip.workingMediaId!)).size).toBeLessThanOrEqual(1_000_000);
    expect(clip.width! / clip.height!).toBeCloseTo(2400 / 1800, 2);
    library.close();
    db.close();
  });
});

describe('clips', () => {
  async function projectWithClips(count: number) {
    const env = openStudio();
    const dir = tempDir();
    const project = await env.call('projects.create', { name: 'Clips' });
    const paths = [];
    for (let i = 0; i < count; i += 1) paths.push(await plainJpeg(dir, `p${i}.jpg`, { r: 40 * i, g: 100, b: 200 - 40 * i }));
    const batch = await env.call('media.importPaths', { projectId: project.id, paths });
    return { ...env, project, clips: imported(batch) };
  }

  it('updates prompt, duration and motion, and validates them', async () => {
    const { call, clips } = await projectWithClips(1);
    const clip = clips[0]!;
    expect(clip).toMatchObject({ prompt: '', durationS: 5, motion: null, approved: false });
    const updated = await call('clips.update', { clipId: clip.id, prompt: 'waves roll in', durationS: 10, motion: 'zoom_in' });
    expect(updated).toMatchObject({ prompt: 'waves roll in', durationS: 10, motion: 'zoom_in', workingMediaId: clip.workingMediaId });
    expect(await call('clips.update', { clipId: clip.id, motion: null })).toMatchObject({ motion: null, prompt: 'waves roll in' });
    await expect(call('clips.update', { clipId: clip.id, durationS: 11 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('clips.update', { clipId: clip.id, motion: 'spin' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('clips.update', { clipId: clip.id, prompt: 'x'.repeat(1001) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('clips.update', { clipId: 'nope', prompt: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reorders with the full list only', async () => {
    const { call, project, clips } = await projectWithClips(3);
    const [a, b, c] = clips.map((clip) => clip.id) as [string, string, string];
    const list = await call('clips.reorder', { projectId: project.id, clipIds: [c, a, b] });
    expect(list.map((clip) => [clip.id, clip.position])).toEqual([
      [c, 0],
      [a, 1],
      [b, 2],
    ]);
    await expect(call('clips.reorder', { projectId: project.id, clipIds: [c, a] })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(call('clips.reorder', { projectId: project.id, clipIds: [c, a, a] })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await call('clips.list', { projectId: project.id })).map((clip) => clip.id)).toEqual([c, a, b]);
  });

  it('deletes clips all or nothing into the trash, and frees media no clip uses once the trash is purged on the next start', async () => {
    const { studio, call, project, clips, dataDir } = await projectWithClips(3);
    const dir = tempDir();
    const again = await call('media.importPaths', { projectId: project.id, paths: [await plainJpeg(dir, 'p0.jpg', { r: 0, g: 100, b: 200 })] });
    const copy = imported(again)[0]!;
    expect(copy.workingMediaId).toBe(clips[0]!.workingMediaId);
    expect(storedFiles(studio)).toHaveLength(6);

    await expect(call('clips.delete', { clipIds: [clips[1]!.id, 'missing'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await call('clips.list', { projectId: project.id })).toHaveLength(4);

    // In the trash: gone from the list, media kept (the delete can be undone).
    const first = await call('clips.delete', { clipIds: [clips[0]!.id, clips[1]!.id] });
    expect(first).toEqual({ deleted: [clips[0]!.id, clips[1]!.id] });
    expect((await call('clips.list', { projectId: project.id })).map((c) => [c.id, c.position])).toEqual([
      [clips[2]!.id, 0],
      [copy.id, 1],
    ]);
    expect(storedFiles(studio)).toHaveLength(6);
    await expect(call('clips.delete', { clipIds: [clips[0]!.id] })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Importing a trashed photo again makes a new clip (not a duplicate of the trashed one) from the stored files.
    const back = await call('media.importPaths', { projectId: project.id, paths: [await plainJpeg(dir, 'p1.jpg', { r: 200, g: 0, b: 40 })] });
    expect(back.results[0]).toMatchObject({ ok: true });
    expect(back.results[0]).not.toHaveProperty('duplicateOf');
    await call('clips.delete', { clipIds: [imported(back)[0]!.id] });

    // The next start purges the trash: the second photo's files go; the first is still used by its copy.
    studio.close();
    open.splice(open.indexOf(studio), 1);
    const reopened = openStudio(dataDir);
    await vi.waitFor(() => expect(storedFiles(reopened.studio)).toHaveLength(4));
    expect(reopened.studio.media.store.has(clips[0]!.workingMediaId!)).toBe(true);
    expect(reopened.studio.media.store.has(clips[1]!.workingMediaId!)).toBe(false);
    expect(reopened.studio.media.store.has(clips[1]!.thumbMediaId!)).toBe(false);
    await expect(reopened.call('clips.restore', { clipIds: [clips[1]!.id] })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Importing a freed photo again works: the old source record no longer points at missing files.
    const fresh = await reopened.call('media.importPaths', { projectId: project.id, paths: [await plainJpeg(dir, 'p1.jpg', { r: 200, g: 0, b: 40 })] });
    expect(reopened.studio.media.store.has(imported(fresh)[0]!.workingMediaId!)).toBe(true);
  });

  it('frees the media of a project whose rows are gone (a purge), at once and on the next start', async () => {
    const { studio, call, project, dataDir } = await projectWithClips(2);
    const other = await call('projects.create', { name: 'Other' });
    await call('media.importPaths', { projectId: other.id, paths: [await plainJpeg(tempDir(), 'kept.jpg', { r: 1, g: 2, b: 3 })] });
    expect(storedFiles(studio)).toHaveLength(6);

    // Deleted while the studio runs: the projects.changed event triggers collection.
    studio.db.prepare('DELETE FROM projects WHERE id = ?').run(project.id);
    studio.events.emit({ type: 'projects.changed', payload: { projectId: project.id } });
    await vi.waitFor(() => expect(storedFiles(studio)).toHaveLength(2));

    // Deleted while it was closed: collected when it starts.
    studio.close();
    open.splice(open.indexOf(studio), 1);
    const db = openDatabase(join(dataDir, 'studio.db'));
    db.prepare('DELETE FROM projects WHERE id = ?').run(other.id);
    db.close();
    const reopened = openStudio(dataDir);
    await vi.waitFor(() => expect(storedFiles(reopened.studio)).toHaveLength(0));
  });

  it('sweeps temp files a crash left behind, on the next start', async () => {
    const { studio, dataDir } = openStudio();
    const stale = studio.media.store.tempPath('jpg');
    writeFileSync(stale, 'half a photo');
    const old = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    utimesSync(stale, old, old);
    studio.close();
    open.pop();
    openStudio(dataDir);
    await vi.waitFor(() => expect(() => statSync(stale)).toThrow());
  });
});
