import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { outputDimensions, type Shape } from '../../shared/values';
import { call } from '../generate/support/studio';
import { DISC_PHOTOS, exportProject, framePng, generateAndApprove, makeDiscPhoto, shapedProject, useFramingStudio } from './support';

const { open, tempDir } = useFramingStudio('echoes-posters-');

const FPS = 24;
const CLIP_FRAMES = 2 * FPS;
/** Compared at this width (height by the shape): small enough that encoding and scaling differences average out. */
const COMPARE_WIDTH = 48;

/** An image downscaled for comparison: small enough that encoding and scaling differences average out. */
async function small(image: string | Buffer, size: { width: number; height: number }): Promise<Buffer> {
  return sharp(image).resize(size.width, size.height, { fit: 'fill', kernel: 'cubic' }).greyscale().raw().toBuffer();
}

function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('card thumbnails show what the video shows', () => {
  it('at each shape, every clip’s thumbnail matches its first frame in the export, takes of another shape fitted the same way', async () => {
    const studio = open();
    const dir = tempDir();
    const paths = await Promise.all(DISC_PHOTOS.map((p) => makeDiscPhoto(dir, p)));
    const { projectId, clipIds } = await shapedProject(studio, '16:9', paths, ['zoom_in', 'pan_left', 'drift']);

    // Before any take: the photo framed as the device take starts (a zoom in starts on the whole framed photo).
    const before = await call(studio, 'clips.posters', { projectId });
    expect(before.map((p) => p.clipId)).toEqual(clipIds);
    expect(before.every((p) => p.poster !== null)).toBe(true);
    await generateAndApprove(studio, clipIds);

    for (const shape of ['16:9', '9:16', '1:1', '4:5'] as Shape[]) {
      await call(studio, 'timeline.update', { projectId, output: { aspect: shape, fit: 'blur' } });
      const { width, height } = outputDimensions(shape, '720p');
      const cmp = { width: COMPARE_WIDTH, height: Math.round((COMPARE_WIDTH * height) / width) };
      const posters = await call(studio, 'clips.posters', { projectId });
      const view = await call(studio, 'editor.open', { projectId });
      const video = await exportProject(studio, projectId);
      for (const [i, { poster }] of posters.entries()) {
        expect(poster!.width / poster!.height).toBeCloseTo(width / height, 2);
        const first = await small(await framePng(video, i * CLIP_FRAMES), cmp);
        const diff = meanDifference(await small(studio.media.store.path(poster!.mediaId), cmp), first);
        expect(diff, `${shape} clip ${i + 1}: thumbnail against the first frame`).toBeLessThan(3);
        // What the cards showed before: the photo's thumbnail cropped in the middle to the card's shape.
        const centred = await sharp(studio.media.store.path(view.clips[i]!.thumbMediaId!)).resize(cmp.width, cmp.height, { fit: 'cover' }).greyscale().raw().toBuffer();
        if (shape === '9:16') expect(meanDifference(centred, first), `${shape} clip ${i + 1}: a centred photo thumbnail`).toBeGreaterThan(3);
        if (shape === '16:9' && i === 0) {
          // The photo's thumbnail made before generating matched the zoom-in take's first frame too.
          expect(meanDifference(await small(studio.media.store.path(before[0]!.poster!.mediaId), cmp), first), 'photo thumbnail').toBeLessThan(6);
        }
      }
    }
  }, 600_000);
});
