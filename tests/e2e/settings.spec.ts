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
