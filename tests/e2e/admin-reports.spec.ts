// The admin's view of the opt-in reports, end to end: seeded telemetry rows in a scratch
// PostgreSQL database, the admin function under real Deno behind the Supabase stand-in, the
// studio on the bridge configured for that project, and the admin screen in Chromium showing
// p50 / p95 per KPI per app version for the last 7 days and the error counts with top messages.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startBridge } from '../../electron/bridge/server';
import { createFileSecretStore } from '../../electron/services/cloud/secret-store';
import { createStudio } from '../../electron/services/studio';
import { createAuthUser, createScratchDatabase, databaseUrl } from '../db/scratch';
import { startSupabaseStandIn } from '../fakes/supabase';
import { checkScreen } from './screens';

const PASSWORD = 'e2e-admin-password';

base.skip(!databaseUrl && process.env.CI !== 'true', 'DATABASE_URL not set: start PostgreSQL with `eval "$(bash tests/db/start-postgres.sh)"`');

base('the admin screen shows p50/p95 per KPI per app version for 7 days, and the errors with their top messages', async ({ page }) => {
  base.setTimeout(90_000);
  if (!databaseUrl) throw new Error('DATABASE_URL not set: start PostgreSQL with `eval "$(bash tests/db/start-postgres.sh)"`');
  const scratch = await createScratchDatabase(databaseUrl, 'e2e_admin_reports');
  const supabase = await startSupabaseStandIn({ databaseUrl: scratch.url, functions: ['admin'], functionEnv: { ADMIN_PASSWORD: PASSWORD } });
  const dataDir = mkdtempSync(join(tmpdir(), 'echoes-e2e-admin-'));
  const studio = createStudio({
    dataDir,
    transport: 'bridge',
    version: 'e2e',
    cloud: {
      buildConfig: { supabaseUrl: supabase.url, anonKey: supabase.anonKey },
      secretStore: createFileSecretStore(join(dataDir, 'secrets.json')),
      openExternal: async () => undefined,
      confirmProject: async () => true,
      log: () => undefined,
    },
  });
  const bridge = await startBridge({ studio, staticDir: resolve('dist/renderer') });
  try {
    const db = await scratch.connect();
    try {
      const user = randomUUID();
      await createAuthUser(db, user);
      // 1.2.0: 20 dashboard loads of 100..290 ms, 10 exports at 2.0..2.9x realtime, 3 errors of two kinds;
      // 1.1.0: one old error from 9 days ago (outside the window) and one fresh one
      const rows: Array<[string, string, string, number | null, string | null, string]> = [];
      for (let i = 0; i < 20; i++) rows.push(['1.2.0', 'kpi', 'dashboard_first_card_ms', 100 + 10 * i, null, '1 hour']);
      for (let i = 0; i < 10; i++) rows.push(['1.2.0', 'kpi', 'export_x_realtime', 2 + i / 10, null, '2 days']);
      rows.push(['1.2.0', 'error', 'uncaught_exception', null, 'TypeError: clip is undefined', '3 hours']);
      rows.push(['1.2.0', 'error', 'uncaught_exception', null, 'TypeError: clip is undefined', '5 hours']);
      rows.push(['1.2.0', 'error', 'unhandled_rejection', null, 'Error: EPERM <path>', '6 days']);
      rows.push(['1.1.0', 'error', 'uncaught_exception', null, 'Error: an old crash', '9 days']);
      rows.push(['1.1.0', 'error', 'uncaught_exception', null, 'Error: still here', '1 day']);
      for (const [version, kind, name, value, message, ago] of rows) {
        await db.query(
          `insert into public.telemetry_events (user_id, recorded_at, app_version, os, kind, name, value, message)
           values ($1, now() - $2::interval, $3, 'darwin 24.1.0 arm64', $4, $5, $6, $7)`,
          [user, ago, version, kind, name, value, message],
        );
      }
    } finally {
      await db.end();
    }

    await page.goto(bridge.appUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Admin settings…' }).click();
    await page.getByLabel('Admin password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    const reports = page.getByRole('region', { name: 'Reports (last 7 days)' });
    const latest = reports.getByRole('article', { name: 'Version 1.2.0' });
    await expect(latest).toBeVisible();
    // p50 of 100..290 step 10 = 195; p95 = 280.5 (linear interpolation, percentile_cont)
    await expect(latest.getByRole('row', { name: /Dashboard: time to first card/ })).toHaveText(/195 ms.*281 ms.*20/);
    await expect(latest.getByRole('row', { name: /Export speed/ })).toHaveText(/2\.45 × realtime.*2\.8[56] × realtime.*10/);
    await expect(latest).toContainText('3 errors');
    const top = latest.getByRole('list', { name: 'Top errors of 1.2.0' }).getByRole('listitem');
    await expect(top).toHaveText(['TypeError: clip is undefined × 2', 'Error: EPERM <path> × 1']);
    const older = reports.getByRole('article', { name: 'Version 1.1.0' });
    await expect(older).toContainText('1 error');
    await expect(older).not.toContainText('an old crash');
    // newest version first
    await expect(reports.getByRole('article')).toHaveText([/^Version 1\.2\.0/, /^Version 1\.1\.0/]);
    await checkScreen(page, '30-admin-reports');
  } finally {
    await bridge.close();
    studio.close();
    await supabase.close();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
