import type { Locator, Page } from '@playwright/test';
import { formatTime } from '../../renderer/src/format';
import { planEditorTimeline } from '../../renderer/src/stores/editor/timeline-plan';
import { expect, test } from './fixtures';
import { expectNoSeriousA11yViolations, saveScreen } from './screens';
import { seedProject } from './seed';

test.use({ reducedMotion: 'reduce' });

const CONTROLS = 'button, select, input, textarea, [role="tab"], [role="radio"], [role="slider"]';

/** Inside the window and not covered: the point in its middle belongs to it (or to something inside it). */
async function expectReachable(page: Page, control: Locator, what: string): Promise<void> {
  const size = page.viewportSize()!;
  const box = (await control.boundingBox())!;
  expect(box, `${what} is laid out`).not.toBeNull();
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(size.width + 0.5);
  expect(box.y + box.height, `${what}: bottom edge`).toBeLessThanOrEqual(size.height + 0.5);
  const hit = await control.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const at = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return at === el || el.contains(at) ? 'itself' : at ? `${at.tagName.toLowerCase()}.${at.className}` : 'nothing';
  });
  expect(hit, `${what}: what is at its centre`).toBe('itself');
}

/** Every visible control inside `region`, scrolled into view within its own panel when it scrolls. */
async function expectControlsReachable(page: Page, region: Locator, label: string): Promise<number> {
  const controls = region.locator(CONTROLS);
  let checked = 0;
  for (let i = 0; i < (await controls.count()); i++) {
    const control = controls.nth(i);
    if (!(await control.isVisible())) continue;
    await control.scrollIntoViewIfNeeded();
    const name = (await control.getAttribute('aria-label')) ?? (await control.textContent())?.trim() ?? `control ${i}`;
    await expectReachable(page, control, `${label}: ${name}`);
    checked++;
  }
  return checked;
}

for (const [width, height] of [
  [1280, 720],
  [1440, 900],
] as const) {
  test(`at ${width}x${height}: Export in the header, the side panel and the timeline all reachable, the player large`, async ({ page, server }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width, height });
    const name = `Layout ${width}`;
    const { projectId } = await seedProject(server.studio, { name, photos: 4, approve: true, exportVideo: true });
    await page.goto(server.bridge.appUrl);
    await page.getByRole('button', { name: `Open ${name}` }).click();
    await expect(page.getByTestId('timeline-item')).toHaveCount(4);

    const exportButton = page.getByTestId('header-export');
    await expect(exportButton).toHaveText('Export again');
    await expectReachable(page, exportButton, 'the Export button');
    await expectControlsReachable(page, page.locator('header').last(), 'header');

    // Side by side, never on top of each other: the timeline starts below the side panel and the player.
    const aside = (await page.getByRole('complementary', { name: 'Transition, music and export' }).boundingBox())!;
    const footer = (await page.locator('footer').boundingBox())!;
    const player = (await page.getByTestId('player-area').boundingBox())!;
    expect(aside.y + aside.height).toBeLessThanOrEqual(footer.y + 0.5);
    expect(player.y + player.height).toBeLessThanOrEqual(footer.y + 0.5);
    expect(player.x + player.width).toBeLessThanOrEqual(aside.x + 0.5);
    expect(footer.y + footer.height).toBeLessThanOrEqual(height + 0.5);
    if (width === 1440) expect(player.width, 'the player area is at least half the editor').toBeGreaterThanOrEqual(width / 2);

    const panel = page.getByRole('complementary', { name: 'Transition, music and export' });
    for (const tab of ['Transition', 'Music', 'Export']) {
      await page.getByRole('tab', { name: tab }).click();
      expect(await expectControlsReachable(page, panel, `${tab} tab`)).toBeGreaterThan(2);
      await saveScreen(page, `layout-${width}x${height}-${tab.toLowerCase()}`);
    }
    await expectControlsReachable(page, page.locator('footer'), 'timeline');

    // One duration everywhere: the header, the export summary, the ruler and the exported file.
    const saved = await server.studio.handlers['editor.open']({ projectId });
    const duration = formatTime(planEditorTimeline(saved)!.durationS);
    await expect(page.getByTestId('edit-duration')).toHaveText(duration);
    await expect(page.getByTestId('export-summary')).toContainText(duration);
    await expect(page.getByTestId('ruler-end')).toHaveText(duration);
    await expect(page.getByTestId('export-duration')).toHaveText(duration);
    await expectNoSeriousA11yViolations(page, `editor at ${width}x${height}`);
  });
}

test("the project's one shape is chosen in the header, the Export tab shows it and leads there; a clip's framing names fit its select", async ({ page, server }) => {
  test.setTimeout(120_000);
  const { projectId } = await seedProject(server.studio, { name: 'One shape', photos: 1 });
  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: 'Open One shape' }).click();
  await page.getByRole('tab', { name: 'Export' }).click();

  // One control sets the shape: no other select offers the shapes.
  await expect(page.locator('select:has(option[value="9:16"])')).toHaveCount(1);
  const header = page.locator('#project-shape');
  const shown = page.getByRole('button', { name: /^Shape 16:9/ });
  await expect(shown).toBeVisible();
  await shown.click();
  await expect(header).toBeFocused();
  await header.selectOption('9:16');
  await expect(page.getByRole('button', { name: /^Shape 9:16/ })).toBeVisible();
  await expect.poll(async () => (await server.studio.handlers['editor.open']({ projectId })).settings.output.aspect).toBe('9:16');

  // Each framing's name is whole in the clip card's select (text width within the box, arrow and padding aside).
  const framing = page.getByRole('combobox', { name: /^Framing of / });
  for (const value of ['', 'crop', 'blur', 'pad']) {
    await framing.selectOption(value);
    const room = await framing.evaluate((el: HTMLSelectElement) => {
      const style = getComputedStyle(el);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = context.measureText(el.selectedOptions[0]!.text).width;
      return el.clientWidth - parseFloat(style.paddingLeft) - 24 - text;
    });
    expect(room, `the option "${value}" is not cut off`).toBeGreaterThanOrEqual(0);
  }
  await expectNoSeriousA11yViolations(page, 'editor with the Export tab');
});
