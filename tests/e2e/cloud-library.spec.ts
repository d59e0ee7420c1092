// The cloud library screen, end to end: a signed-in studio on the bridge, the library function
// under real Deno behind the Supabase stand-in on a scratch PostgreSQL database, the creator's
// cloud projects seeded with real photos and takes. The screen lists them newest first with their
// thumbnails (loaded as they come into view), brings a project into the local library, uses a track
// of the music catalogue, exports and backs the video up with a share link, and, with the backend
// gone, says it is offline and what is local, with the local project untouched.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect } from '@playwright/test';
import sharp from 'sharp';
import { startBridge } from '../../electron/bridge/server';
import { callStudio } from '../../electron/services/rpc/call';
import { createFileSecretStore } from '../../electron/services/cloud/secret-store';
import { createStudio } from '../../electron/services/studio';
import { completeSignInInBrowser, untilStatus } from '../cloud/support';
import { seedCloudLibrary } from '../cloud/library-seed';
import { createScratchDatabase, databaseUrl } from '../db/scratch';
import { startSupabaseStandIn } from '../fakes/supabase';
import { makeTestClip } from '../support/ffmpeg-fixtures';
import { checkScreen } from './screens';

base.skip(!databaseUrl && process.env.CI !== 'true', 'DATABASE_URL not set: start PostgreSQL with `eval "$(bash tests/db/start-postgres.sh)"`');

base('the cloud library lists cloud projects visible-first, brings one in, and works offline', async ({ page }) => {
  base.setTimeout(120_000);
  if (!databaseUrl) throw new Error('DATABASE_URL not set: start PostgreSQL with `eval "$(bash tests/db/start-postgres.sh)"`');
  const scratch = await createScratchDatabase(databaseUrl, 'e2e_cloud_library');
  const supabase = await startSupabaseStandIn({ databaseUrl: scratch.url, functions: ['library', 'admin'], functionEnv: { ADMIN_PASSWORD: 'e2e-admin' } });
  const dataDir = mkdtempSync(join(tmpdir(), 'echoes-e2e-library-'));
  const opened: string[] = [];
  const studio = createStudio({
    dataDir,
    transport: 'bridge',
    version: 'e2e',
    cloud: {
      buildConfig: { supabaseUrl: supabase.url, anonKey: supabase.anonKey },
      secretStore: createFileSecretStore(join(dataDir, 'secrets.json')),
      openExternal: async (url) => void opened.push(url),
      confirmProject: async () => true,
      offlineRetry: { baseMs: 100, maxMs: 400 },
      log: () => undefined,
    },
  });
  const bridge = await startBridge({ studio, staticDir: resolve('dist/renderer') });
  try {
    await studio.cloud.ready;
    await callStudio(studio.handlers, 'auth.signIn', {});
    await completeSignInInBrowser(studio, opened.at(-1)!);
    await untilStatus(studio, (s) => s.signedIn);
    const userId = studio.cloud.status().user!.id;
    const video = readFileSync(await makeTestClip(join(dataDir, 'take.mp4'), { width: 320, height: 180, fps: 24, durationS: 1 }));
    const photos = await Promise.all(
      Array.from({ length: 40 }, (_, i) => sharp({ create: { width: 320, height: 180, channels: 3, background: { r: (i * 53) % 255, g: 120, b: (i * 29) % 255 } } }).jpeg().toBuffer()),
    );
    const db = await scratch.connect();
    let seeded;
    try {
      seeded = await seedCloudLibrary(db, supabase, userId, { projects: 10, takesPerProject: 4, photo: (i) => photos[i]!, video: () => video });
    } finally {
      await db.end();
    }
    const newest = seeded.at(-1)!;

    await page.setViewportSize({ width: 1360, height: 600 });
    await page.goto(bridge.appUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cloud library' }).click();
    const rows = page.getByTestId('library-project');
    await expect(rows.first()).toContainText(newest.title);
    await expect(rows).toHaveCount(8);
    // the first row's thumbnails are drawn; a row far below has asked for nothing yet
    await expect(rows.first().getByTestId('library-thumb')).toHaveCount(4);
    await expect(rows.nth(7).getByTestId('library-thumb')).toHaveCount(0);
    const thumbsBefore = supabase.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/storage/v1/object/sign/')).length;
    expect(thumbsBefore).toBeLessThan(32);
    await checkScreen(page, '40-cloud-library');

    // scrolling to the end loads the next screenful
    await rows.nth(7).scrollIntoViewIfNeeded();
    await expect(rows).toHaveCount(10);
    await expect(rows.nth(7).getByTestId('library-thumb')).toHaveCount(4);

    await rows.first().getByRole('button', { name: 'Bring into my library' }).click();
    await expect(rows.first().getByRole('button', { name: 'Open' })).toBeVisible({ timeout: 30_000 });
    await expect(rows.first().locator('[data-testid="library-take"][data-local="true"]')).toHaveCount(4);

    // the catalogue: a track the admin added shows in the Music panel beside the bundled ones
    const wav = join(dataDir, 'breeze.wav');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', wav]);
    const picked = await callStudio(studio.handlers, 'music.importPath', { path: wav });
    await callStudio(studio.handlers, 'admin.musicAdd', { password: 'e2e-admin', mediaId: picked.mediaId, title: 'Sea breeze', durationS: picked.durationS });
    await rows.first().getByRole('button', { name: 'Open' }).click();
    await page.getByRole('tab', { name: 'Music' }).click();
    const catalogue = page.getByTestId('cloud-music');
    await catalogue.getByRole('button', { name: 'Use' }).click();
    await expect(page.getByLabel('Track').locator('option:checked')).toHaveText('Sea breeze.wav');
    await expect(page.getByTestId('save-status')).toContainText('saved');

    // export, then back it up from the export's result
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('button', { name: 'Export video' }).click();
    const result = page.getByTestId('export-result');
    await expect(result).toBeVisible({ timeout: 90_000 });
    await result.getByRole('button', { name: 'Back up to cloud' }).click();
    await expect(page.getByText('Backed up to your cloud library')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cloud library' }).click();
    const backups = page.getByTestId('library-video');
    await expect(backups).toHaveCount(1);
    await expect(backups.first()).toContainText(newest.title);
    await backups.first().getByLabel('Link lifetime').selectOption({ label: '1 hour' });
    await backups.first().getByRole('button', { name: 'Share link' }).click();
    const link = await page.getByTestId('share-link').getByRole('link').getAttribute('href');
    expect((await fetch(link!)).status).toBe(200);

    await supabase.stop();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const banner = page.getByTestId('library-offline');
    await expect(banner).toContainText('You are offline');
    await expect(banner).toContainText('4 takes are in your local library');
    await expect(rows.first().getByTestId('library-thumb')).toHaveCount(4);
    await expect(rows.nth(1).getByRole('button', { name: 'Bring into my library' })).toBeDisabled();
    await checkScreen(page, '41-cloud-library-offline');

    await rows.first().getByRole('button', { name: 'Open' }).click();
    await expect(page.getByRole('heading', { name: newest.title })).toBeVisible();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Projects' }).click();
    await expect(page.getByText(newest.title)).toBeVisible();
    await supabase.start();
  } finally {
    await bridge.close();
    studio.close();
    await supabase.close();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
