import { copyFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { call, samplePhotos, seedProject, type SeedOptions } from './seed';
import { dragOnto, expectedFrameCount, ffprobe, handleOf, moveByKeys, timelineOrder } from './timeline-actions';
import type { StudioServer } from './fixtures';

test.use({ reducedMotion: 'reduce' });

const names = samplePhotos.slice(0, 3).map((p) => basename(p)) as [string, string, string];

/** The timeline as the studio saved it: clip order, the first clip's trim, the transition. */
async function savedState(server: StudioServer, projectId: string) {
  const view = await server.studio.handlers['editor.open']({ projectId });
  return {
    order: view.clips.map((c) => c.sourceName),
    trims: Object.fromEntries(view.clips.map((c) => [c.sourceName, [c.trimInS, c.trimOutS]])),
    transition: view.settings.transition.type,
  };
}

/** Exports through the page and checks the file's decoded frame count against the saved timeline. */
async function exportAndCount(page: Page, server: StudioServer, projectId: string, label: string): Promise<number> {
  await page.getByRole('tab', { name: 'Export' }).click();
  const exportsBefore = server.studio.exports.list(projectId).length;
  await page.getByRole('button', { name: /^Export (video|again)$/ }).click();
  await expect.poll(() => server.studio.exports.list(projectId).length).toBe(exportsBefore + 1);
  await expect.poll(() => server.studio.exports.list(projectId)[0]!.state, { timeout: 120_000 }).toBe('succeeded');
  const done = server.studio.exports.list(projectId)[0]!;
  const file = join(server.dataDir, `undo-${label}.mp4`);
  await copyFile(server.studio.media.store.path(done.mediaId!), file);
  const probe = await ffprobe(file);
  const frames = Number(probe.streams.find((s) => s.codec_type === 'video')!.nb_read_frames);
  expect(frames, `frames of the ${label} export`).toBe(expectedFrameCount(await server.studio.handlers['editor.open']({ projectId })));
  await page.getByRole('tab', { name: 'Transition' }).click();
  return frames;
}

test('reorder by drag and by keyboard, trim, change the transition: each one undone and redone, the export following', async ({ page, server }) => {
  test.setTimeout(420_000);
  const seed: SeedOptions = { name: 'Undo everything', photos: 3, approve: true };
  const { projectId } = await seedProject(server.studio, seed);
  await call(server.studio, 'timeline.update', { projectId, output: { resolution: '720p', quality: 'draft' } });
  const [a, b, c] = names;
  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: `Open ${seed.name}` }).click();
  await expect.poll(() => timelineOrder(page)).toEqual([a, b, c]);
  const saved = () => savedState(server, projectId);
  const settled = () => expect(page.getByTestId('save-status')).toContainText('saved');
  const original = await saved();
  expect(original).toMatchObject({ order: [a, b, c], transition: 'fade' });
  const originalFrames = await exportAndCount(page, server, projectId, 'original');

  // Four edits, each checked on screen and in what the studio saved.
  await dragOnto(page, handleOf(page, c), handleOf(page, a));
  await expect.poll(() => timelineOrder(page)).toEqual([c, a, b]);
  await settled();
  await expect.poll(async () => (await saved()).order).toEqual([c, a, b]);

  await moveByKeys(page, a, 'ArrowRight', 1, 3, 3);
  await expect.poll(() => timelineOrder(page)).toEqual([c, b, a]);
  await settled();
  await expect.poll(async () => (await saved()).order).toEqual([c, b, a]);

  await page.getByRole('button', { name: `Trim ${c}, 2.0 s` }).click();
  const form = page.getByRole('form', { name: `Trim ${c}` });
  await form.getByLabel('Start (s)').fill('0.5');
  await form.getByLabel('End (s)').fill('1');
  await form.getByRole('button', { name: 'Apply trim' }).click();
  await expect(page.getByRole('button', { name: `Trim ${c}, 0.5 s` })).toBeVisible();
  await expect.poll(async () => (await saved()).trims[c]).toEqual([0.5, 1]);

  await page.getByRole('radio', { name: 'Cut', exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Cut', exact: true })).toHaveAttribute('aria-checked', 'true');
  await expect.poll(async () => (await saved()).transition).toBe('cut');
  const editedFrames = await exportAndCount(page, server, projectId, 'edited');
  // 6 s at 30 fps minus two 0.5 s crossfades; then 0.5 + 2 + 2 s with cuts.
  expect([originalFrames, editedFrames]).toEqual([150, 135]);

  // Undo each edit, newest first.
  const undo = () => page.keyboard.press('Control+z');
  const redo = () => page.keyboard.press('Control+Shift+z');
  await undo();
  await expect.poll(async () => (await saved()).transition).toBe('fade');
  await expect(page.getByRole('radio', { name: 'Crossfade' })).toHaveAttribute('aria-checked', 'true');
  await undo();
  await expect(page.getByRole('button', { name: `Trim ${c}, 2.0 s` })).toBeVisible();
  await expect.poll(async () => (await saved()).trims[c]).toEqual([0, null]);
  await undo();
  await expect.poll(() => timelineOrder(page)).toEqual([c, a, b]);
  await expect.poll(async () => (await saved()).order).toEqual([c, a, b]);
  await undo();
  await expect.poll(() => timelineOrder(page)).toEqual([a, b, c]);
  await expect.poll(saved).toEqual(original);
  expect(await exportAndCount(page, server, projectId, 'undone')).toBe(originalFrames);

  // Redo each, oldest first: back to the edited timeline.
  await redo();
  await expect.poll(async () => (await saved()).order).toEqual([c, a, b]);
  await redo();
  await expect.poll(() => timelineOrder(page)).toEqual([c, b, a]);
  await expect.poll(async () => (await saved()).order).toEqual([c, b, a]);
  await redo();
  await expect.poll(async () => (await saved()).trims[c]).toEqual([0.5, 1]);
  await redo();
  await expect.poll(async () => (await saved()).transition).toBe('cut');
  expect(await exportAndCount(page, server, projectId, 'redone')).toBe(editedFrames);
});
