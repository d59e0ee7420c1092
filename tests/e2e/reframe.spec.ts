import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { expect, test, type StudioServer } from './fixtures';
import { call, seedProject } from './seed';
import { framePng } from '../support/frames';

test.use({ reducedMotion: 'reduce' });

/** The first frame of a new export made through the Export tab, downscaled to gray for comparison. */
async function exportedFirstFrame(page: Page, server: StudioServer, projectId: string): Promise<Buffer> {
  await page.getByRole('tab', { name: 'Export' }).click();
  const before = server.studio.exports.list(projectId).length;
  await page.getByRole('button', { name: /^Export (video|again)$/ }).click();
  await expect.poll(() => server.studio.exports.list(projectId).length).toBe(before + 1);
  await expect.poll(() => server.studio.exports.list(projectId)[0]!.state, { timeout: 120_000 }).toBe('succeeded');
  const done = server.studio.exports.list(projectId)[0]!;
  const png = await framePng(server.studio.media.store.path(done.mediaId!), 0);
  return sharp(png).resize(64, 36, { fit: 'fill' }).greyscale().raw().toBuffer();
}

const difference = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

/** The clip's saved crop box and whether its approved take was made with it (the device take follows the framing). */
async function framingState(server: StudioServer, projectId: string) {
  const view = await server.studio.handlers['editor.open']({ projectId });
  const clip = view.clips[0]!;
  const take = clip.takes.find((t) => t.approved);
  return { box: clip.framing?.box ?? null, followed: JSON.stringify(take?.madeWith?.framing ?? null) === JSON.stringify(clip.framing) };
}

test('reframe a clip by dragging the crop box: saved, undone and redone, the export following', async ({ page, server }) => {
  test.setTimeout(300_000);
  const { projectId } = await seedProject(server.studio, { name: 'Reframe', photos: 1, approve: true });
  await call(server.studio, 'timeline.update', { projectId, output: { resolution: '720p', quality: 'draft' } });
  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: 'Open Reframe' }).click();
  const original = await exportedFirstFrame(page, server, projectId);

  // Zoom in, then drag the box to the top-left corner of the photo; the box moves live under the pointer.
  await page.getByRole('button', { name: /^Reframe / }).first().click();
  const dialog = page.getByRole('dialog', { name: /^Reframe / });
  await dialog.getByRole('slider', { name: 'Zoom', exact: true }).fill('2');
  const box = dialog.getByTestId('crop-box');
  const start = (await box.boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x - start.width, start.y - start.height, { steps: 8 });
  const during = (await box.boundingBox())!;
  expect(during.x).toBeLessThan(start.x - 5);
  await page.mouse.up();
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();

  // Saved on the clip (the window pushed against the photo's top-left corner), the take made again with it.
  await expect.poll(async () => (await framingState(server, projectId)).box, { timeout: 30_000 }).toMatchObject({ zoom: 2 });
  const saved = (await framingState(server, projectId)).box!;
  expect(saved.cx).toBeLessThan(0.3);
  expect(saved.cy).toBeLessThan(0.3);
  await expect.poll(async () => (await framingState(server, projectId)).followed, { timeout: 120_000 }).toBe(true);
  const reframed = await exportedFirstFrame(page, server, projectId);
  expect(difference(reframed, original), 'the reframed export shows another part of the photo').toBeGreaterThan(8);

  // Undo: the clip follows the project again, and so does the export.
  await page.getByRole('tab', { name: 'Transition' }).click();
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await framingState(server, projectId)).box, { timeout: 30_000 }).toBeNull();
  await expect.poll(async () => (await framingState(server, projectId)).followed, { timeout: 120_000 }).toBe(true);
  expect(difference(await exportedFirstFrame(page, server, projectId), original), 'undone').toBeLessThan(2);

  // Redo: reframed again.
  await page.getByRole('tab', { name: 'Transition' }).click();
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await framingState(server, projectId)).box, { timeout: 30_000 }).toEqual(saved);
  await expect.poll(async () => (await framingState(server, projectId)).followed, { timeout: 120_000 }).toBe(true);
  expect(difference(await exportedFirstFrame(page, server, projectId), reframed), 'redone').toBeLessThan(2);
});
