import { basename, join } from 'node:path';
import { expect, test } from './fixtures';
import { checkScreen } from './screens';
import { samplePhotos } from './seed';
import { dragOnto, ffprobe, handleOf, moveByKeys, timelineOrder } from './timeline-actions';

const photos = samplePhotos.slice(0, 6);
const names = photos.map((p) => basename(p));

// Still transition tiles (frozen mid-effect) give stable screenshots and an axe pass that never samples
// colours halfway through an animation.
test.use({ reducedMotion: 'reduce' });

test('from six photos to a finished video: import, generate, approve, arrange, music, transition, export, play', async ({ page, server }) => {
  test.setTimeout(420_000);
  await page.goto(server.bridge.appUrl);
  await expect(page.getByText('No projects yet')).toBeVisible();
  await checkScreen(page, '01-projects-empty');

  await page.getByRole('button', { name: 'Create your first project' }).click();
  await page.getByLabel('Project name').fill('Alps to the sea');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('heading', { name: 'Alps to the sea' })).toBeVisible();
  await checkScreen(page, '02-editor-empty');

  // Import through the page's own picker, as a person clicking "Import photos" would.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import photos' }).first().click();
  await (await chooser).setFiles(photos);
  const cards = page.getByTestId('clip-card');
  await expect(cards).toHaveCount(6);
  await expect(page.locator('[data-testid="clip-card"][data-status="imported"]')).toHaveCount(6);
  for (const [i, name] of names.entries()) await expect(cards.nth(i)).toContainText(name);
  // Thumbnails arrive into boxes already sized from the stored width/height.
  await expect(cards.first().locator('img')).toHaveJSProperty('complete', true);
  await checkScreen(page, '03-editor-imported');

  // Short clips keep the run quick on a busy machine.
  for (let i = 0; i < 6; i++) await cards.nth(i).getByLabel('Length').selectOption('2');
  await expect(page.getByTestId('save-status')).toContainText('saved');

  await page.getByRole('button', { name: /^Generate all/ }).click();
  await expect(page.locator('[data-testid="clip-card"][data-status="queued"], [data-testid="clip-card"][data-status="generating"]').first()).toBeVisible();
  await checkScreen(page, '04-editor-generating');
  await expect(page.locator('[data-testid="clip-card"][data-status="ready"]')).toHaveCount(6, { timeout: 180_000 });

  // Approve one take on its card, then the other five at once.
  await page.getByRole('button', { name: `Approve take 1 of ${names[0]}` }).click();
  await expect(page.getByTestId('timeline-item')).toHaveCount(1);
  await page.getByRole('button', { name: 'Approve all (5)' }).click();
  await expect(page.getByTestId('timeline-item')).toHaveCount(6);
  expect(await timelineOrder(page)).toEqual(names);
  // Approving is undoable like every edit: "Approve all" is one step back, the first approval the next.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('timeline-item')).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('timeline-item')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('timeline-item')).toHaveCount(6);
  expect(await timelineOrder(page)).toEqual(names);

  const [n0, n1, n2, n3, n4, n5] = names as [string, string, string, string, string, string];
  // Two moves by pointer: the first clip onto the third (rightwards), then the last onto the fourth (leftwards).
  await dragOnto(page, handleOf(page, n0), handleOf(page, n2));
  await expect.poll(() => timelineOrder(page)).toEqual([n1, n2, n0, n3, n4, n5]);
  await expect(page.getByTestId('save-status')).toContainText('saved');
  await dragOnto(page, handleOf(page, n5), handleOf(page, n3));
  await expect.poll(() => timelineOrder(page)).toEqual([n1, n2, n0, n5, n3, n4]);
  await expect(page.getByTestId('save-status')).toContainText('saved');

  // Two moves by keyboard: the last clip one place left, then the first clip two places right.
  await moveByKeys(page, n4, 'ArrowLeft', 1, 5, 6);
  await expect.poll(() => timelineOrder(page)).toEqual([n1, n2, n0, n5, n4, n3]);
  await expect(page.getByTestId('save-status')).toContainText('saved');
  await moveByKeys(page, n1, 'ArrowRight', 2, 3, 6);
  const afterKeys = [n2, n0, n1, n5, n4, n3];
  await expect.poll(() => timelineOrder(page)).toEqual(afterKeys);
  await expect(page.getByTestId('save-status')).toContainText('saved');

  await page.getByRole('radio', { name: 'Dip to black' }).click();
  await expect(page.getByRole('radio', { name: 'Dip to black' })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('tab', { name: 'Music' }).click();
  await page.getByLabel('Track').selectOption({ label: 'Sunrise (upbeat) · 1:00' });
  await expect(page.getByLabel('Volume')).toHaveValue('80');
  // The bundled track can be heard before exporting: its preview loads from the media store.
  const preview = page.getByLabel('Preview Sunrise (upbeat)', { exact: true });
  await expect(preview).toHaveAttribute('src', /\/media\/[0-9a-f]{64}\.m4a\?token=/);
  const previewS = await preview.evaluate(
    (audio: HTMLAudioElement) =>
      new Promise<number>((done, fail) => {
        audio.addEventListener('loadedmetadata', () => done(audio.duration), { once: true });
        audio.addEventListener('error', () => fail(new Error(`the preview did not load (${audio.error?.message ?? 'no detail'})`)), { once: true });
        audio.preload = 'metadata';
        audio.load();
      }),
  );
  expect(previewS).toBeCloseTo(60, 0);
  await checkScreen(page, '05-editor-music');
  await page.getByRole('tab', { name: 'Export' }).click();
  await page.getByLabel('Resolution').selectOption('720p');
  await page.getByLabel('Quality').selectOption('draft');
  await expect(page.getByTestId('save-status')).toContainText('saved');

  // The arrangement is saved: a reload shows the same order.
  await page.reload();
  // The app boots again first (slow on a loaded machine); then the order is checked.
  await expect(page.getByTestId('timeline-item')).toHaveCount(6, { timeout: 30_000 });
  await expect.poll(() => timelineOrder(page)).toEqual(afterKeys);
  await page.getByRole('tab', { name: 'Export' }).click();
  await expect(page.getByLabel('Resolution')).toHaveValue('720p');
  await checkScreen(page, '06-editor-timeline');

  await page.getByRole('button', { name: 'Export video' }).click();
  await expect(page.getByTestId('export-progress')).toBeVisible();
  await checkScreen(page, '07-export-running');
  await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 180_000 });
  await checkScreen(page, '08-export-done');

  // Play the result in the page.
  const video = page.getByTestId('export-video');
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.5);
  const played = await video.evaluate((v: HTMLVideoElement) => ({ duration: v.duration, width: v.videoWidth, height: v.videoHeight }));
  expect(played.width).toBe(1280);
  expect(played.height).toBe(720);

  // Download it as a browser user would, and probe the file.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download MP4' }).click();
  const file = join(server.dataDir, 'download.mp4');
  await (await download).saveAs(file);
  const probe = await ffprobe(file);
  // What the timeline should give, in whole frames at the export's frame rate: every clip's frames
  // minus the frames each transition overlaps (the compile engine's rule, from the saved project).
  const [project] = await server.studio.handlers['projects.list']({});
  const saved = await server.studio.handlers['editor.open']({ projectId: project!.id });
  const fps = saved.settings.output.fps;
  expect(fps).toBe(30);
  const clipFrames = saved.clips
    .filter((c) => c.approved)
    .map((c) => Math.round(((c.trimOutS ?? c.takes.find((t) => t.approved)!.durationS) - c.trimInS) * fps));
  expect(clipFrames).toEqual([60, 60, 60, 60, 60, 60]);
  expect(saved.settings.transition).toEqual({ type: 'fadeblack', durationS: 0.5 });
  const overlaps = clipFrames.slice(1).map((right, i) => Math.min(Math.round(saved.settings.transition.durationS * fps), Math.floor(clipFrames[i]! / 2), Math.floor(right / 2)));
  const expectedFrames = clipFrames.reduce((a, b) => a + b, 0) - overlaps.reduce((a, b) => a + b, 0);
  expect(expectedFrames).toBe(6 * 60 - 5 * 15);

  const videoStream = probe.streams.find((s) => s.codec_type === 'video')!;
  const audioStream = probe.streams.find((s) => s.codec_type === 'audio')!;
  expect(videoStream).toMatchObject({ codec_name: 'h264', width: 1280, height: 720, avg_frame_rate: '30/1', r_frame_rate: '30/1' });
  expect(Number(videoStream.nb_read_frames)).toBe(expectedFrames);
  const videoS = Number(videoStream.duration);
  expect(Math.abs(videoS - expectedFrames / fps)).toBeLessThanOrEqual(0.5 / fps);
  expect(audioStream.codec_name).toBe('aac');
  // The music lasts exactly as long as the picture (within one frame), not the track's full minute.
  expect(Math.abs(Number(audioStream.duration) - videoS)).toBeLessThanOrEqual(1 / fps);
  expect(Math.abs(played.duration - expectedFrames / fps)).toBeLessThanOrEqual(1 / fps);

  await page.getByRole('button', { name: 'Back to projects' }).click();
  await expect(page.getByTestId('project-card')).toHaveCount(1);
  await expect(page.getByTestId('project-card')).toContainText('6 clips');
  await checkScreen(page, '09-projects');

  // Thumbnails arrive into boxes sized from the stored width and height: loading them shifts nothing.
  await page.reload();
  await expect(page.getByTestId('project-card').locator('img')).toHaveJSProperty('complete', true);
  const layoutShift = await page.evaluate(
    () =>
      new Promise<number>((done) => {
        new PerformanceObserver((list) => done(list.getEntries().reduce((sum, e) => sum + (e as PerformanceEntry & { value: number }).value, 0))).observe({
          type: 'layout-shift',
          buffered: true,
        });
        setTimeout(() => done(0), 1000);
      }),
  );
  expect(layoutShift).toBeLessThan(0.01);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByTestId('data-dir')).toHaveText(server.dataDir);
  await checkScreen(page, '10-settings');

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await checkScreen(page, '11-shortcuts');
});
