// The page's unhandled errors in the opt-in reports, end to end: with reports consented, an error
// thrown and a promise rejected in the page reach the studio's recorder over the bridge; an error
// loop is cut at 20 a session; the page works on; and at quit the unsent reports are in the data
// folder, read back by the next start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { call } from './seed';

test("the page's errors reach the opt-in reports without flooding them, and survive a restart", async ({ page, server }) => {
  await call(server.studio, 'settings.update', { reports: 'on' });
  await page.goto(server.bridge.appUrl);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeVisible();

  await page.evaluate(() => {
    setTimeout(() => {
      throw new TypeError('e2e: clip is undefined');
    });
    void Promise.reject(new Error('e2e: load failed'));
  });
  await expect.poll(() => server.studio.telemetry.queued()).toBe(2);

  // an error loop: the same message once, and at most 20 reports in the session
  await page.evaluate(() => {
    for (let i = 0; i < 40; i++) {
      setTimeout(() => {
        throw new Error(`e2e: loop ${i % 30}`);
      });
    }
  });
  await expect.poll(() => server.studio.telemetry.queued()).toBe(20);
  await page.waitForTimeout(300);
  expect(server.studio.telemetry.queued()).toBe(20);

  // the page is unharmed
  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('region', { name: 'Updates and reports' })).toBeVisible();

  // no cloud to send to here: the quit leaves them in the data folder, and the next start has them
  await page.close(); // (its Settings calls would meet the closing studio)
  await server.restart();
  const spool = JSON.parse(readFileSync(join(server.dataDir, 'reports', 'unsent.json'), 'utf8')) as { events: Array<Record<string, unknown>> };
  expect(spool.events).toHaveLength(20);
  expect(spool.events.slice(0, 2)).toMatchObject([
    { kind: 'error', name: 'renderer_uncaught_error', message: 'TypeError: e2e: clip is undefined', stack: expect.stringContaining('e2e: clip is undefined') },
    { kind: 'error', name: 'renderer_unhandled_rejection', message: 'Error: e2e: load failed' },
  ]);
  expect(server.studio.telemetry.queued()).toBe(20);
});
