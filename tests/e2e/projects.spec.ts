import { expect, test } from './fixtures';

test('create, rename and delete a project; it survives a reload and a restart', async ({ page, server }) => {
  await page.goto(server.bridge.appUrl);
  await expect(page.getByText('No projects yet')).toBeVisible();

  await page.getByRole('button', { name: 'Create your first project' }).click();
  await page.getByLabel('Project name').fill('Summer in Lisbon');
  await page.getByRole('button', { name: 'Create project' }).click();
  const cards = page.getByTestId('project-card');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('Summer in Lisbon');
  await expect(cards.first()).toContainText('0 clips');
  // The token left the address bar once it was read.
  expect(page.url()).not.toContain('token=');

  await page.reload();
  await expect(page.getByTestId('project-card')).toHaveCount(1);
  await expect(page.getByTestId('project-card').first()).toContainText('Summer in Lisbon');

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

  await page.getByRole('button', { name: 'Delete Lisbon 2026' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('No projects yet')).toBeVisible();
  await page.screenshot({ path: 'test-results/e2e/projects-empty.png' });
});

test('a page without the token cannot call the studio', async ({ page, server }) => {
  await page.goto(server.bridge.url);
  await expect(page.getByRole('alert')).toContainText('Could not load projects');
  await expect(page.getByRole('alert')).toContainText('bridge token');
});
