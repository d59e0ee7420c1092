import { expect, test } from './fixtures';
import { checkScreen } from './screens';
import { call, seedProject } from './seed';

test.use({ reducedMotion: 'reduce' });

test('Clear cache keeps deleted projects; Empty trash asks first, then deletes them for good', async ({ page, server }) => {
  const { projectId } = await seedProject(server.studio, { name: 'Old trip', photos: 1 });
  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: 'Delete Old trip' }).click();
  await expect(page.getByTestId('project-card')).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const library = page.getByRole('region', { name: 'Library' });
  const inTrash = library.getByText('Projects in the trash').locator('xpath=following-sibling::dd[1]');
  await expect(inTrash).toHaveText('1');

  await library.getByRole('button', { name: 'Clear cache' }).click();
  await expect(page.getByText(/^Cache cleared: freed /)).toBeVisible();
  await expect(inTrash).toHaveText('1');

  // Empty trash asks first; keeping them changes nothing.
  await library.getByRole('button', { name: 'Empty trash…' }).click();
  const confirm = library.getByRole('group', { name: 'Empty the trash?' });
  await expect(confirm).toContainText('Delete 1 project in the trash for good?');
  await expect(confirm.getByRole('button', { name: 'Delete 1 project for good' })).toBeFocused();
  await checkScreen(page, '14-settings-empty-trash');
  await confirm.getByRole('button', { name: 'Keep them' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(inTrash).toHaveText('1');

  await library.getByRole('button', { name: 'Empty trash…' }).click();
  await confirm.getByRole('button', { name: 'Delete 1 project for good' }).click();
  await expect(page.getByText(/^Trash emptied: 1 project deleted for good/)).toBeVisible();
  await expect(inTrash).toHaveText('0');
  await expect(library.getByRole('button', { name: 'Empty trash…' })).toBeDisabled();
  await expect(call(server.studio, 'projects.restore', { id: projectId })).rejects.toMatchObject({ code: 'NOT_FOUND' });

  // Undoing the delete cannot work any more: the dashboard says so and drops it from the undo list.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Projects' }).click();
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('alert').filter({ hasText: 'Could not undo “Delete Old trip”' })).toBeVisible();
  await expect(page.getByTestId('project-card')).toHaveCount(0);
});

test('Updates and reports: reports stay off until the creator says yes once; the log folder is named and opened where it can be', async ({ page, server }) => {
  await page.goto(server.bridge.appUrl);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const card = page.getByRole('region', { name: 'Updates and reports' });
  await expect(card.getByTestId('log-dir')).toHaveText(`${server.dataDir}/logs`);
  expect((await call(server.studio, 'settings.get', {})).reports).toBe('ask');
  await card.getByRole('group', { name: 'Send reports?' }).getByRole('button', { name: 'Send reports' }).click();
  const toggle = card.getByRole('checkbox', { name: /Send error and speed reports/ });
  await expect(toggle).toBeChecked();
  expect((await call(server.studio, 'settings.get', {})).reports).toBe('on');
  await toggle.uncheck();
  await expect.poll(async () => (await call(server.studio, 'settings.get', {})).reports).toBe('off');
  await card.getByRole('combobox', { name: 'Release channel' }).selectOption('beta');
  await expect.poll(async () => (await call(server.studio, 'settings.get', {})).updateChannel).toBe('beta');
  // a browser has no file manager to open: the path is shown instead
  await card.getByRole('button', { name: 'Open log folder' }).click();
  await expect(page.getByText(`The log files are in ${server.dataDir}/logs`)).toBeVisible();
});
