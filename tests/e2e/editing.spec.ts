import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { checkScreen } from './screens';
import { makeTestAudio } from '../support/ffmpeg-fixtures';
import { call, samplePhotos, seedProject } from './seed';

test.use({ reducedMotion: 'reduce' });

test('a bad batch: each bad file gets its own message, good photos still become clips', async ({ page, server }) => {
  const { projectId } = await seedProject(server.studio, { name: 'Mixed batch' });
  const notAPhoto = join(server.dataDir, 'notes.jpg');
  writeFileSync(notAPhoto, 'this is a shopping list, not a photo');
  const empty = join(server.dataDir, 'empty.png');
  writeFileSync(empty, '');

  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: 'Open Mixed batch' }).click();
  await expect(page.getByRole('heading', { name: 'Mixed batch' })).toBeVisible();

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import photos' }).click();
  await (await chooser).setFiles([samplePhotos[0]!, notAPhoto, empty, samplePhotos[1]!]);

  await expect(page.getByTestId('clip-card')).toHaveCount(2);
  const failures = page.getByTestId('import-failures');
  await expect(failures).toContainText('2 files were not imported');
  await expect(failures).toContainText('notes.jpg');
  await expect(failures).toContainText('empty.png');
  await expect(page.getByTestId('import-progress')).toHaveCount(0);
  await checkScreen(page, '12-import-errors');
  await failures.getByRole('button', { name: 'Dismiss' }).click();
  await expect(failures).toHaveCount(0);

  // Removing a clip asks first; Keep leaves it alone.
  const first = page.getByTestId('clip-card').first();
  await first.getByRole('button', { name: /^Remove / }).click();
  await page.getByRole('button', { name: 'Keep' }).click();
  await expect(page.getByTestId('clip-card')).toHaveCount(2);
  await first.getByRole('button', { name: /^Remove / }).click();
  await page.getByRole('button', { name: /and its takes$/ }).click();
  await expect(page.getByTestId('clip-card')).toHaveCount(1);
  expect(await server.studio.handlers['clips.list']({ projectId })).toHaveLength(1);

  // Removing is an edit like any other: Ctrl+Z brings the clip back in its place, Shift+Ctrl+Z removes it again.
  const order = async () => (await server.studio.handlers['clips.list']({ projectId })).map((c) => c.sourceName);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('clip-card')).toHaveCount(2);
  await expect.poll(order).toEqual([samplePhotos[0]!.split('/').at(-1), samplePhotos[1]!.split('/').at(-1)]);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('clip-card')).toHaveCount(1);
  await expect.poll(order).toEqual([samplePhotos[1]!.split('/').at(-1)]);
});

test('trim with a clear error, undo and redo from the keyboard, cancel a running generation', async ({ page, server }) => {
  test.setTimeout(180_000);
  const { projectId } = await seedProject(server.studio, { name: 'Trims', photos: 2, approve: true });
  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: 'Open Trims' }).click();
  const items = page.getByTestId('timeline-item');
  await expect(items).toHaveCount(2);
  const name = (await items.first().getAttribute('data-name'))!;

  await page.getByRole('button', { name: `Trim ${name}, 2.0 s` }).click();
  const form = page.getByRole('form', { name: `Trim ${name}` });
  await form.getByLabel('Start (s)').fill('1.5');
  await form.getByLabel('End (s)').fill('1');
  await form.getByRole('button', { name: 'Apply trim' }).click();
  await expect(form.getByRole('alert')).toContainText('Choose a start from 0 and an end after it');
  await form.getByLabel('Start (s)').fill('0.5');
  await form.getByLabel('End (s)').fill('1.5');
  await form.getByRole('button', { name: 'Apply trim' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('button', { name: `Trim ${name}, 1.0 s` })).toBeVisible();
  expect((await server.studio.handlers['editor.open']({ projectId })).clips[0]).toMatchObject({ trimInS: 0.5, trimOutS: 1.5 });

  await page.keyboard.press('Control+z');
  await expect(page.getByRole('button', { name: `Trim ${name}, 2.0 s` })).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByRole('button', { name: `Trim ${name}, 1.0 s` })).toBeVisible();

  // A new take for both clips, long enough to cancel while it runs.
  const cards = page.getByTestId('clip-card');
  for (let i = 0; i < 2; i++) await cards.nth(i).getByLabel('Length').selectOption('10');
  for (let i = 0; i < 2; i++) await cards.nth(i).getByRole('button', { name: /^Regenerate / }).click();
  await expect(page.getByTestId('generation-progress')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel all' }).click();
  await expect(page.getByTestId('generation-progress')).toHaveCount(0, { timeout: 30_000 });
  const jobs = await server.studio.handlers['jobs.list']({ projectId, activeOnly: true });
  expect(jobs).toEqual([]);
  // The approved takes are untouched: the timeline still plays what it did.
  await expect(items).toHaveCount(2);
});

test('undo stays in its project, arrow keys in the transition picker make one undo step, an undo that cannot work is dropped', async ({ page, server }) => {
  test.setTimeout(180_000);
  const a = await seedProject(server.studio, { name: 'Project A', photos: 1, approve: true });
  const b = await seedProject(server.studio, { name: 'Project B' });
  await call(server.studio, 'timeline.update', { projectId: b.projectId, transition: { type: 'slideup', durationS: 0.5 } });
  const saved = (projectId: string) => call(server.studio, 'editor.open', { projectId });
  const transitionOf = async (projectId: string) => (await saved(projectId)).settings.transition.type;
  const saveStatus = page.getByTestId('save-status');

  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: 'Open Project A' }).click();
  await expect(page.getByRole('heading', { name: 'Project A' })).toBeVisible();

  // In A: the transition, chosen with the arrow keys (Crossfade -> Dip to black -> Wipe right).
  const picker = page.getByRole('radiogroup', { name: 'Transition' });
  await picker.getByRole('radio', { name: 'Crossfade' }).focus();
  // Two presses in quick succession (as a person browsing does): checking focus in between could let
  // the pause that saves pass on a loaded machine, making two steps.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const wipeRight = picker.getByRole('radio', { name: 'Wipe right' });
  await expect(wipeRight).toBeFocused();
  await expect(wipeRight).toHaveAttribute('aria-checked', 'true');
  await expect.poll(() => transitionOf(a.projectId)).toBe('wiperight');
  await expect(saveStatus).toContainText('saved');
  // ... and a clip's length.
  const card = page.getByTestId('clip-card');
  await card.getByLabel('Length').selectOption('3');
  await expect(saveStatus).toContainText('saved');
  expect((await saved(a.projectId)).clips[0]!.durationS).toBe(3);

  // Open B and press Ctrl+Z: B has nothing to undo, and neither project changes.
  await page.getByRole('button', { name: 'Back to projects' }).click();
  await page.getByRole('button', { name: 'Open Project B' }).click();
  await expect(page.getByRole('heading', { name: 'Project B' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Slide up' })).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Control+z');
  // B's own edit, then its undo: B goes back to what it had, never to A's earlier values.
  await page.getByRole('radio', { name: 'Circle open' }).click();
  await expect.poll(() => transitionOf(b.projectId)).toBe('circleopen');
  await page.keyboard.press('Control+z');
  await expect.poll(() => transitionOf(b.projectId)).toBe('slideup');
  await expect(page.getByRole('radio', { name: 'Slide up' })).toHaveAttribute('aria-checked', 'true');
  const aNow = await saved(a.projectId);
  expect(aNow.settings.transition.type).toBe('wiperight');
  expect(aNow.clips[0]!.durationS).toBe(3);

  // Back in A, the clip is removed elsewhere (another window, the CLI): undoing its edit cannot work.
  await page.getByRole('button', { name: 'Back to projects' }).click();
  await page.getByRole('button', { name: 'Open Project A' }).click();
  await expect(card).toHaveCount(1);
  await call(server.studio, 'clips.delete', { clipIds: a.clipIds });
  await expect(card).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('alert').filter({ hasText: 'Could not undo “Edit clip”' })).toBeVisible();
  // It left the list: the next Ctrl+Z undoes the edit before it, in one step for all the arrow presses.
  await page.keyboard.press('Control+z');
  await expect.poll(() => transitionOf(a.projectId)).toBe('fade');
  await expect(page.getByRole('radio', { name: 'Crossfade' })).toHaveAttribute('aria-checked', 'true');
});

test('a failed export names the damaged clip and offers the fix: remove it, then the export works', async ({ page, server }) => {
  test.setTimeout(180_000);
  const { projectId, clipIds } = await seedProject(server.studio, { name: 'Damaged', photos: 2, approve: true });
  await call(server.studio, 'timeline.update', { projectId, output: { resolution: '720p', quality: 'draft' } });
  // The first clip's approved video is damaged on disk.
  const view = await call(server.studio, 'editor.open', { projectId });
  const take = view.clips[0]!.takes.find((t) => t.approved)!;
  const file = server.studio.media.store.path(take.mediaId);
  chmodSync(file, 0o644);
  writeFileSync(file, 'not a video any more');

  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: 'Open Damaged' }).click();
  await page.getByRole('tab', { name: 'Export' }).click();
  await page.getByRole('button', { name: 'Export video' }).click();
  const panel = page.getByRole('tabpanel');
  const failure = panel.getByRole('alert');
  // It names the clip as the creator knows it, not by its id or its place in the media store.
  await expect(failure).toContainText('Export failed: Clip 1 (01-alpine-dawn.jpg) cannot be read', { timeout: 60_000 });
  await expect(failure).not.toContainText(clipIds[0]!);
  // The toast offers the same fixes as the panel.
  const toast = page.getByRole('alert').filter({ hasText: 'Export failed' }).filter({ has: page.getByRole('button', { name: 'Dismiss' }) });
  await expect(toast.getByRole('button', { name: 'Regenerate clip 1' })).toBeVisible();
  await expect(toast.getByRole('button', { name: 'Remove clip 1' })).toBeVisible();
  await checkScreen(page, '13-export-failed');

  await failure.getByRole('button', { name: 'Remove clip 1' }).click();
  await expect(page.getByTestId('clip-card')).toHaveCount(1);
  await expect(page.getByTestId('timeline-item')).toHaveCount(1);
  expect((await call(server.studio, 'clips.list', { projectId })).map((c) => c.id)).toEqual([clipIds[1]]);
  await page.getByRole('button', { name: 'Export video' }).click();
  await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 90_000 });
});

test("the creator's own music file, picked in the browser, is uploaded, chosen and playable", async ({ page, server }) => {
  const { projectId } = await seedProject(server.studio, { name: 'Own music' });
  const song = await makeTestAudio(join(server.dataDir, 'Our song.m4a'), { durationS: 3, kind: 'music' });
  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: 'Open Own music' }).click();
  await page.getByRole('tab', { name: 'Music' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Use my own music file…' }).click();
  await (await chooser).setFiles(song);
  await expect(page.getByLabel('Track')).toHaveValue('file');
  await expect(page.getByLabel('Track').locator('option:checked')).toHaveText('Our song.m4a');
  await expect(page.getByTestId('save-status')).toContainText('saved');
  const { settings } = await call(server.studio, 'editor.open', { projectId });
  expect(settings.music?.choice).toMatchObject({ source: 'file', name: 'Our song.m4a' });
  const durationS = await page.getByLabel('Preview Our song.m4a').evaluate(
    (audio: HTMLAudioElement) =>
      new Promise<number>((done, fail) => {
        audio.addEventListener('loadedmetadata', () => done(audio.duration), { once: true });
        audio.addEventListener('error', () => fail(new Error('the preview did not load')), { once: true });
        audio.preload = 'metadata';
        audio.load();
      }),
  );
  expect(durationS).toBeCloseTo(3, 0);
});

test('a transition that cannot be saved says why and goes back to the saved one', async ({ page, server }) => {
  const { projectId } = await seedProject(server.studio, { name: 'Going away' });
  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: 'Open Going away' }).click();
  const saved = page.getByRole('radio', { checked: true });
  const before = (await saved.getAttribute('aria-label')) ?? (await saved.innerText());
  // The project is deleted elsewhere (the CLI, another window): the next save cannot work.
  await call(server.studio, 'projects.delete', { id: projectId });
  await page.getByRole('radio', { name: 'Circle open' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `No project with id ${projectId}` })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Circle open' })).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByRole('radio', { checked: true })).toHaveCount(1);
  expect((await page.getByRole('radio', { checked: true }).getAttribute('aria-label')) ?? (await page.getByRole('radio', { checked: true }).innerText())).toBe(before);
});
