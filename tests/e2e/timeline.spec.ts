import type { Locator, Page } from '@playwright/test';
import type { EditorView } from '../../shared/contract';
import { formatTime } from '../../renderer/src/format';
import { planEditorTimeline } from '../../renderer/src/stores/editor/timeline-plan';
import { expect, test, type StudioServer } from './fixtures';
import { expectNoSeriousA11yViolations, saveScreen } from './screens';
import { seedProject } from './seed';
import { timelineOrder } from './timeline-actions';

test.use({ reducedMotion: 'reduce' });

const saved = async (server: StudioServer, projectId: string): Promise<EditorView> => server.studio.handlers['editor.open']({ projectId });

/** The edit's length as every place on screen must show it, from what the studio saved. */
async function expectedDuration(server: StudioServer, projectId: string): Promise<string> {
  return formatTime(planEditorTimeline(await saved(server, projectId))!.durationS);
}

/** Every duration of the edit on screen: the header, the export summary, the ruler's end. */
async function durationsOnScreen(page: Page): Promise<string[]> {
  const summary = (await page.getByTestId('export-summary').textContent()) ?? '';
  return [
    (await page.getByTestId('edit-duration').textContent()) ?? '',
    summary.match(/\d+:\d\d\.\d/)?.[0] ?? summary,
    (await page.getByTestId('ruler-end').textContent()) ?? '',
  ];
}

/** A person dragging with the mouse from the middle of `handle` by `dx` pixels. */
async function dragBy(page: Page, handle: Locator, dx: number): Promise<void> {
  const box = (await handle.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y, { steps: 4 });
  await page.mouse.move(x + dx, y, { steps: 4 });
  await page.mouse.up();
}

const playheadS = async (page: Page) => Number(await page.getByTestId('playhead').getAttribute('data-time'));

async function openSeeded(page: Page, server: StudioServer, name: string) {
  const seed = await seedProject(server.studio, { name, photos: 3, approve: true });
  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: `Open ${name}` }).click();
  await expect(page.getByTestId('timeline-item')).toHaveCount(3);
  return seed;
}

test('dragging a tile edge trims the clip and every duration on screen follows; undo puts it back', async ({ page, server }) => {
  test.setTimeout(180_000);
  const { projectId } = await openSeeded(page, server, 'Edge trims');
  await page.getByRole('tab', { name: 'Export' }).click();
  const names = await timelineOrder(page);
  const before = await expectedDuration(server, projectId);
  // Three 2 s clips and two 0.5 s crossfades.
  expect(before).toBe('0:05.0');
  await expect.poll(() => durationsOnScreen(page)).toEqual([before, before, before]);

  // The first tile's end, half a second to the left (the tile is 2 s wide on screen).
  const first = page.getByTestId('timeline-item').first();
  await dragBy(page, first.getByTestId('trim-end'), -0.5 * (((await first.boundingBox())!.width) / 2));
  await expect.poll(async () => (await saved(server, projectId)).clips[0]!.trimOutS).toBeCloseTo(1.5, 2);
  const trimmed = await expectedDuration(server, projectId);
  expect(trimmed).toBe('0:04.5');
  await expect.poll(() => durationsOnScreen(page)).toEqual([trimmed, trimmed, trimmed]);
  await expect(page.getByRole('button', { name: `Trim ${names[0]}, 1.5 s` })).toBeVisible();
  await saveScreen(page, 'timeline-01-trimmed-end');

  // The second tile's start, half a second to the right (the zoom follows the shorter video: measure again).
  const second = page.getByTestId('timeline-item').nth(1);
  await dragBy(page, second.getByTestId('trim-start'), 0.5 * (((await second.boundingBox())!.width) / 2));
  await expect.poll(async () => (await saved(server, projectId)).clips[1]!.trimInS).toBeCloseTo(0.5, 2);
  const both = await expectedDuration(server, projectId);
  expect(both).toBe('0:04.0');
  await expect.poll(() => durationsOnScreen(page)).toEqual([both, both, both]);
  await saveScreen(page, 'timeline-02-trimmed-start');

  // Each drag is one undo step.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await saved(server, projectId)).clips[1]!.trimInS).toBe(0);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await saved(server, projectId)).clips[0]!.trimOutS).toBeNull();
  await expect.poll(() => durationsOnScreen(page)).toEqual([before, before, before]);
});

test('clicking a tile selects it and moves the playhead; the ruler scrubs; Delete removes with an Undo toast', async ({ page, server }) => {
  test.setTimeout(180_000);
  const { projectId } = await openSeeded(page, server, 'Tiles and ruler');
  const tiles = page.getByTestId('timeline-item');
  const names = await timelineOrder(page);
  expect(await playheadS(page)).toBe(0);

  // A take picked on a card shows in the player (approved or not); selecting a tile shows the edit again.
  const showTake = page.getByRole('button', { name: `Show take 1 of ${names[0]} in the player` });
  await showTake.click();
  await expect(showTake).toHaveAttribute('aria-pressed', 'true');
  // Resting the pointer on a tile plays its take there, muted.
  await page.getByRole('button', { name: new RegExp(`^Move ${names[1]!.replace('.', '\\.')}`) }).hover();
  await expect(tiles.nth(1).getByTestId('hover-take')).toHaveJSProperty('muted', true);

  // The third clip starts after 2 + 2 s less two 0.5 s crossfades.
  await page.getByRole('button', { name: new RegExp(`^Move ${names[2]!.replace('.', '\\.')}`) }).click();
  await expect(tiles.nth(2)).toHaveAttribute('data-selected', 'true');
  await expect(tiles.nth(0)).toHaveAttribute('data-selected', 'false');
  await expect(showTake).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => playheadS(page)).toBeCloseTo(3, 3);
  await expect(page.getByRole('slider', { name: 'Playhead' })).toHaveAttribute('aria-valuenow', '3');
  // The playhead is drawn over the third tile's start.
  const head = (await page.getByTestId('playhead').boundingBox())!;
  const third = (await tiles.nth(2).boundingBox())!;
  expect(Math.abs(head.x + head.width / 2 - third.x)).toBeLessThan(3);
  await saveScreen(page, 'timeline-03-selected');

  // A click on the ruler seeks there; a drag along it scrubs.
  const ruler = page.getByTestId('ruler');
  const box = (await ruler.boundingBox())!;
  const pxPerS = third.width / 2;
  await page.mouse.click(box.x + 1 * pxPerS, box.y + box.height / 2);
  await expect.poll(() => playheadS(page)).toBeCloseTo(1, 1);
  await page.mouse.move(box.x + 0.5 * pxPerS, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 2 * pxPerS, box.y + box.height / 2, { steps: 5 });
  await expect.poll(() => playheadS(page)).toBeCloseTo(2, 1);
  await page.mouse.move(box.x + 4 * pxPerS, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => playheadS(page)).toBeCloseTo(4, 1);
  // Frame steps and Home / End from the keyboard, with the focus on the page.
  await page.locator('h1').click();
  await page.keyboard.press('.');
  await expect.poll(() => playheadS(page)).toBeCloseTo(4 + 1 / 30, 2);
  await page.keyboard.press('Home');
  await expect.poll(() => playheadS(page)).toBe(0);
  await page.keyboard.press('End');
  await expect.poll(() => playheadS(page)).toBeCloseTo(5, 3);
  await page.keyboard.press('j');
  await expect.poll(() => playheadS(page)).toBeCloseTo(4, 3);

  // Zoom: the tiles widen with it.
  const widthBefore = (await tiles.first().boundingBox())!.width;
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(async () => (await tiles.first().boundingBox())!.width).toBeCloseTo(widthBefore * 1.25, 0);

  // Delete on a focused tile removes its clip; the toast's Undo brings it back.
  await page.getByRole('button', { name: new RegExp(`^Move ${names[1]!.replace('.', '\\.')}`) }).focus();
  await page.keyboard.press('Delete');
  await expect(tiles).toHaveCount(2);
  await expect.poll(async () => (await saved(server, projectId)).clips.length).toBe(2);
  const toast = page.getByText(`Removed ${names[1]}.`);
  await expect(toast).toBeVisible();
  await saveScreen(page, 'timeline-04-removed');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(tiles).toHaveCount(3);
  await expect.poll(() => timelineOrder(page)).toEqual(names);
});

test('a boundary marker changes that boundary transition alone, and undo restores it', async ({ page, server }) => {
  test.setTimeout(180_000);
  const { projectId } = await openSeeded(page, server, 'Boundaries');
  const names = await timelineOrder(page);
  const markers = page.getByTestId('boundary-marker');
  await expect(markers).toHaveCount(2);
  await expect(markers.nth(0)).toHaveAttribute('data-type', 'fade');

  // Opening a boundary while the preview plays pauses it.
  const play = page.getByRole('button', { name: 'Play', exact: true });
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  await play.click();
  await expect(pause).toBeVisible();
  await markers.nth(1).click();
  await expect(play).toBeVisible();
  const form = page.getByRole('form', { name: `Transition from ${names[1]} to ${names[2]}` });
  await expect(form).toBeVisible();
  await form.getByLabel('Transition').selectOption({ label: 'Cut' });
  await expect.poll(async () => (await saved(server, projectId)).clips[1]!.transitionOut?.type).toBe('cut');
  expect((await saved(server, projectId)).clips[0]!.transitionOut).toBeNull();
  expect((await saved(server, projectId)).settings.transition.type).toBe('fade');
  await expect(markers.nth(1)).toHaveAttribute('data-type', 'cut');
  await expect(markers.nth(0)).toHaveAttribute('data-type', 'fade');
  // A cut overlaps nothing: the video is half a second longer.
  await expect(page.getByTestId('edit-duration')).toHaveText('0:05.5');
  await expect(page.getByTestId('ruler-end')).toHaveText('0:05.5');
  await saveScreen(page, 'timeline-05-boundary-cut');

  await form.getByLabel('Transition').selectOption({ label: 'Wipe left' });
  await expect.poll(async () => (await saved(server, projectId)).clips[1]!.transitionOut?.type).toBe('wipeleft');
  await expect(page.getByTestId('edit-duration')).toHaveText('0:05.0');

  await page.locator('h1').click();
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await saved(server, projectId)).clips[1]!.transitionOut?.type).toBe('cut');
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await saved(server, projectId)).clips[1]!.transitionOut).toBeNull();
  await expect(markers.nth(1)).toHaveAttribute('data-type', 'fade');
  await expect(page.getByTestId('edit-duration')).toHaveText('0:05.0');

  // Back on its own transition, then on the project's again.
  await form.getByLabel('Transition').selectOption({ label: 'Dip to black' });
  await expect.poll(async () => (await saved(server, projectId)).clips[1]!.transitionOut?.type).toBe('fadeblack');
  await form.getByRole('button', { name: "Use the project's transition" }).click();
  await expect.poll(async () => (await saved(server, projectId)).clips[1]!.transitionOut).toBeNull();
  await expectNoSeriousA11yViolations(page, 'editor with a boundary open');

  // Scrubbing on the ruler while the preview plays pauses it where the pointer puts the playhead.
  await page.locator('h1').click();
  await page.keyboard.press('Home');
  await play.click();
  await expect(pause).toBeVisible();
  const ruler = (await page.getByTestId('ruler').boundingBox())!;
  await page.mouse.click(ruler.x + 40, ruler.y + ruler.height / 2);
  await expect(play).toBeVisible();
  const parked = await playheadS(page);
  await page.waitForTimeout(500);
  expect(await playheadS(page)).toBe(parked);
});
