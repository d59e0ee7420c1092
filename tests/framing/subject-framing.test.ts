import { describe, expect, it } from 'vitest';
import { CENTER, cropWindow } from '../../shared/framing';
import { outputDimensions, shapeRatio, type Shape } from '../../shared/values';
import { call } from '../generate/support/studio';
import { DISC_PHOTOS, exportProject, generateAndApprove, locateDisc, makeDiscPhoto, shapedProject, smallGrayFrames, useFramingStudio } from './support';

const { open, tempDir } = useFramingStudio('echoes-framing-');

const SHAPES_UNDER_TEST: Shape[] = ['9:16', '16:9'];
const FPS = 24;
const CLIP_FRAMES = 2 * FPS;

describe('subject-aware framing: photos with an off-centre subject, rendered to other shapes', () => {
  it('finds each photo’s subject at import and stores it with the photo', async () => {
    const studio = open();
    const dir = tempDir();
    const paths = await Promise.all(DISC_PHOTOS.map((p) => makeDiscPhoto(dir, p)));
    const project = await call(studio, 'projects.create', { name: 'Focus' });
    const { results } = await call(studio, 'media.importPaths', { projectId: project.id, paths });
    results.forEach((r, i) => {
      if (!r.ok) throw new Error(r.error.message);
      const { disc } = DISC_PHOTOS[i]!;
      expect(r.clip.focus, DISC_PHOTOS[i]!.name).not.toBeNull();
      expect(Math.abs(r.clip.focus!.x - disc.x), `${DISC_PHOTOS[i]!.name} x`).toBeLessThan(0.08);
      expect(Math.abs(r.clip.focus!.y - disc.y), `${DISC_PHOTOS[i]!.name} y`).toBeLessThan(0.08);
    });
    // Imported again (same bytes): the stored focus point comes back without decoding.
    const again = await call(studio, 'media.importPaths', { projectId: project.id, paths: [paths[0]!] });
    const first = results[0]!;
    expect(again.results[0]!.ok && first.ok && again.results[0]!.clip.focus).toEqual(first.ok ? first.clip.focus : null);
  });

  it('keeps the subject in the frame at the start, middle and end of every clip in 9:16 and 16:9, where a centre crop loses it', async () => {
    const studio = open();
    const dir = tempDir();
    const paths = await Promise.all(DISC_PHOTOS.map((p) => makeDiscPhoto(dir, p)));

    // A centre crop of the shape would cut the subject out of most of these photos.
    let lostByCentreCrop = 0;
    for (const shape of SHAPES_UNDER_TEST) {
      for (const photo of DISC_PHOTOS) {
        const w = cropWindow(photo, shapeRatio(shape), CENTER);
        const x = photo.disc.x * photo.width;
        const y = photo.disc.y * photo.height;
        if (x < w.x || x > w.x + w.width || y < w.y || y > w.y + w.height) lostByCentreCrop++;
      }
    }
    expect(lostByCentreCrop).toBeGreaterThanOrEqual((SHAPES_UNDER_TEST.length * DISC_PHOTOS.length) / 2);

    for (const shape of SHAPES_UNDER_TEST) {
      // Default settings: the project's shape, subject-aware framing; a zoom, a pan and a drift.
      const { projectId, clipIds } = await shapedProject(studio, shape, paths, ['zoom_in', 'pan_left', 'drift']);
      await generateAndApprove(studio, clipIds);
      const video = await exportProject(studio, projectId);
      const { width, height } = outputDimensions(shape, '720p');
      const small = await smallGrayFrames(video, width, height);
      expect(small.frames.length).toBe(CLIP_FRAMES * DISC_PHOTOS.length);
      DISC_PHOTOS.forEach((photo, i) => {
        for (const [moment, n] of [['start', 0], ['middle', CLIP_FRAMES / 2], ['end', CLIP_FRAMES - 1]] as const) {
          const frame = small.frames[i * CLIP_FRAMES + n]!;
          const found = locateDisc(frame, small.width, small.height);
          expect(found, `${shape} ${photo.name} ${moment}: the subject is in the frame`).not.toBeNull();
        }
      });
    }
  }, 600_000);

  it('with subject framing off (focus: center) the crops are centred and lose the subject', async () => {
    const studio = open();
    const dir = tempDir();
    const paths = await Promise.all(DISC_PHOTOS.map((p) => makeDiscPhoto(dir, p)));
    const shape: Shape = '16:9';
    const { projectId, clipIds } = await shapedProject(studio, shape, paths, ['zoom_in', 'pan_left', 'drift']);
    await call(studio, 'timeline.update', { projectId, output: { focus: 'center' } });
    await generateAndApprove(studio, clipIds);
    const { width, height } = outputDimensions(shape, '720p');
    const small = await smallGrayFrames(await exportProject(studio, projectId), width, height);
    // The landscape photo is cropped to fill 16:9 (it loses a quarter): centred, its subject at the bottom edge is gone.
    const missing = [0, CLIP_FRAMES / 2, CLIP_FRAMES - 1].filter((n) => locateDisc(small.frames[n]!, small.width, small.height) === null);
    expect(missing.length).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
