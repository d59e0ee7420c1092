import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { checkScreen } from './screens';
import { samplePhotos, seedProject } from './seed';

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
