import { test as base } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { createStudio, type Studio } from '../../electron/services/studio';

export interface StudioServer {
  bridge: Bridge;
  studio: Studio;
  dataDir: string;
  /** Stops the server and starts a new one on the same data folder and port (an app restart). */
  restart(): Promise<void>;
}

/** Where each test leaves the V8 coverage of the renderer's scripts (tests/e2e/coverage-report.ts reads it). */
export const E2E_COVERAGE_DIR = resolve('test-results/e2e-coverage');

/** Every test gets its own studio on a fresh data folder, served by the real bridge. */
export const test = base.extend<{ server: StudioServer }>({
  // Chromium's own coverage of the app's bundles, so the renderer's statement coverage under the UI tests can be reported.
  page: async ({ page }, use) => {
    await page.coverage.startJSCoverage({ resetOnNavigation: false });
    await use(page);
    const all = await page.coverage.stopJSCoverage().catch(() => []); // a page the test closed has nothing left to report
    const entries = all.filter((e) => /\/assets\/[^/]+\.js$/.test(new URL(e.url).pathname));
    mkdirSync(E2E_COVERAGE_DIR, { recursive: true });
    writeFileSync(resolve(E2E_COVERAGE_DIR, `${randomUUID()}.json`), JSON.stringify(entries.map(({ url, functions }) => ({ url, functions }))));
  },
  server: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'echoes-e2e-'));
    const staticDir = resolve('dist/renderer');
    const open = async (port = 0, token?: string) => {
      const studio = createStudio({ dataDir, transport: 'bridge', version: 'e2e' });
      const bridge = await startBridge({ studio, staticDir, port, ...(token ? { token } : {}) });
      return { studio, bridge };
    };
    let current = await open();
    const server: StudioServer = {
      get bridge() {
        return current.bridge;
      },
      get studio() {
        return current.studio;
      },
      dataDir,
      async restart() {
        const { port, token } = current.bridge;
        await current.bridge.close();
        current.studio.close();
        current = await open(port, token);
      },
    };
    await use(server);
    await current.bridge.close();
    current.studio.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
