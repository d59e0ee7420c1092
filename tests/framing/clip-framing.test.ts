import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { call, watchJobs } from '../generate/support/studio';
import { DISC_PHOTOS, exportProject, framePng, generateAndApprove, makeDiscPhoto, shapedProject, useFramingStudio } from './support';

const { open, tempDir } = useFramingStudio('echoes-clip-framing-');

/** Mean colour of a vertical band of a PNG frame (fractions of its width). */
async function bandColour(png: Buffer, from: number, to: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sums = [0, 0, 0];
  let n = 0;
  for (let y = 0; y < info.height; y++) {
    for (let x = Math.floor(from * info.width); x < Math.floor(to * info.width); x++) {
      for (let c = 0; c < 3; c++) sums[c]! += data[(y * info.width + x) * 3 + c]!;
      n++;
    }
  }
  return sums.map((s) => s / n) as [number, number, number];
}

/** Spread of the luma in a band: the sharp texture of the photo is far from flat, a blurred copy is nearly flat. */
async function bandSpread(png: Buffer, from: number, to: number): Promise<number> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let y = 0; y < info.height; y++) {
    for (let x = Math.floor(from * info.width); x < Math.floor(to * info.width); x++) {
      const v = data[y * info.width + x]!;
      sum += v;
      sq += v * v;
      n++;
    }
  }
  return Math.sqrt(sq / n - (sum / n) ** 2);
}

describe('per-clip framing: fill, fit over a blurred copy, fit on a colour', () => {
  it('makes the device take again with the clip’s framing, and a framing used before is approved again without rendering', async () => {
    const studio = open();
    const dir = tempDir();
    // The portrait photo in a 16:9 project: fitting it leaves wide sides, filling crops it.
    const paths = [await makeDiscPhoto(dir, DISC_PHOTOS[1]!)];
    const { projectId, clipIds } = await shapedProject(studio, '16:9', paths, ['zoom_in']);
    const clipId = clipIds[0]!;
    await generateAndApprove(studio, clipIds);
    const firstFrame = async () => framePng(await exportProject(studio, projectId), 0);

    // Automatic: a portrait photo in 16:9 loses too much to a crop, so it is fitted over a blurred copy.
    const auto = await firstFrame();
    expect(await bandSpread(auto, 0, 0.15)).toBeLessThan(6);
    const autoTake = (await call(studio, 'editor.open', { projectId })).clips[0]!.takes.find((t) => t.approved)!;

    const remade = async (framing: Parameters<typeof call<'clips.setFraming'>>[2]['framing'], expectJob: boolean) => {
      await call(studio, 'clips.setFraming', { clipId, framing });
      const jobs = watchJobs(studio);
      const { jobs: queued } = await call(studio, 'generate.remake', { clipIds: [clipId] });
      expect(queued.length, JSON.stringify(framing)).toBe(expectJob ? 1 : 0);
      await jobs.until(() => queued.every((j) => jobs.finished('succeeded').has(j.id)), 120_000);
      jobs.unsubscribe();
      return firstFrame();
    };

    // On a colour: the sides are that colour.
    const padded = await remade({ fit: 'pad', color: '#c03020', box: null }, true);
    const [r, g, b] = await bandColour(padded, 0, 0.15);
    expect(r).toBeGreaterThan(170);
    expect(g).toBeLessThan(80);
    expect(b).toBeLessThan(70);

    // Filled: the photo's texture reaches the sides.
    const filled = await remade({ fit: 'crop', color: '#000000', box: null }, true);
    expect(await bandSpread(filled, 0, 0.15)).toBeGreaterThan(15);

    // Back to the project's framing (undo): the first take is approved again, nothing is rendered.
    await remade(null, false);
    const view = await call(studio, 'editor.open', { projectId });
    expect(view.clips[0]!.takes.find((t) => t.approved)!.id).toBe(autoTake.id);
    expect(view.clips[0]!.takes).toHaveLength(3);
  }, 300_000);
});
