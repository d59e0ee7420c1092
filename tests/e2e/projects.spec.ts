import { expect, test } from './fixtures';

test('create, rename, duplicate, delete with undo; projects survive a reload and a restart', async ({ page, server }) => {
  await page.goto(server.bridge.appUrl);
  await expect(page.getByText('No projects yet')).toBeVisible();

  await page.getByRole('button', { name: 'Create your first project' }).click();
  await page.getByLabel('Project name').fill('Summer in Lisbon');
  await page.getByRole('button', { name: 'Create project' }).click();
  // A new project opens in the editor, ready for photos.
  await expect(page.getByRole('heading', { name: 'Summer in Lisbon' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import photos' })).toBeVisible();
  expect(page.url()).not.toContain('token=');

  await page.getByRole('button', { name: 'Back to projects' }).click();
  const cards = page.getByTestId('project-card');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('0 clips');

  await page.reload();
  await expect(page.getByTestId('project-card')).toHaveCount(1);
  await server.restart();
  await page.reload();
  await expect(page.getByTestId('project-card').first()).toContainText('Summer in Lisbon');

  await page.getByRole('button', { name: 'Rename Summer in Lisbon' }).click();
  await page.getByLabel('Project name').fill('   ');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('name must not be empty');
  await page.getByLabel('Project name').fill('Lisbon 2026');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('project-card').first()).toContainText('Lisbon 2026');
  await expect(page.getByTestId('save-status')).toContainText('saved');

  await page.getByRole('button', { name: 'Duplicate Lisbon 2026' }).click();
  await expect(page.getByTestId('project-card')).toHaveCount(2);
  await page.getByLabel('Search projects').fill('copy');
  await expect(page.getByTestId('project-card')).toHaveCount(1);
  await page.getByLabel('Search projects').fill('');

  await page.getByRole('button', { name: 'Delete Lisbon 2026 (copy)' }).click();
  await expect(page.getByTestId('project-card')).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('project-card')).toHaveCount(2);
  // Ctrl+Z undoes the last edit too (here: the restore is itself undone by redoing the delete).
  await page.keyboard.press('Control+Shift+Z');
  await expect(page.getByTestId('project-card')).toHaveCount(1);

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('a page without the token cannot call the studio', async ({ page, server }) => {
  await page.goto(server.bridge.url);
  await expect(page.getByRole('alert')).toContainText('Could not load projects');
  await expect(page.getByRole('alert')).toContainText('bridge token');
});
