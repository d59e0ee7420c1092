import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SCREENS_DIR = resolve('test-results/screens');

/** Saves a full-page screenshot of the current screen as test-results/screens/<name>.png. */
export async function saveScreen(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const path = join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Runs axe (WCAG 2.x A/AA and best practices) and fails on serious or critical violations, naming each node. */
export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  - ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`);
  // Soft: the journey goes on, so one run reports every screen's problems.
  expect.soft(report, `axe on the ${screen} screen`).toEqual([]);
}

/** Screenshot and accessibility check of one screen, the way every screen of the journey is checked. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await saveScreen(page, name);
  await expectNoSeriousA11yViolations(page, name);
}
