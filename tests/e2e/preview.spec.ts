import { mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { call, seedProject } from './seed';
import type { StudioServer } from './fixtures';
import { bufferedWhole, grabFrame, meanAbs, seekTo, videoState } from './preview-frames';

const SHOTS = 'test-results/preview';

/** A frame of a file, decoded by FFmpeg and scaled to the preview's size, as RGB bytes. */
function exportFrame(file: string, frame: number, width: number, height: number): number[] {
  const out = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', `select=eq(n\\,${frame}),scale=${width}:${height}:flags=area`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  if (out.status !== 0) throw new Error(out.stderr.toString());
  return [...out.stdout];
}

function psnr(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
  const mse = sum / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

async function openPreviewed(page: Page, server: StudioServer, name: string) {
  const { projectId, clipIds } = await seedProject(server.studio, { name, photos: 3, approve: true });
  await call(server.studio, 'timeline.update', {
    projectId,
    transition: { type: 'fade', durationS: 0.5 },
    music: { choice: { source: 'bundled', trackId: 'sunrise' }, volume: 100, fadeInS: 0, fadeOutS: 0 },
    output: { aspect: '16:9', resolution: '720p', fps: 24, quality: 'draft' },
  });
  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: `Open ${name}` }).click();
  const manifest = (await call(server.studio, 'preview.open', { projectId }))!;
  // Every piece in the buffers: the whole edit plays without a wait.
  await expect.poll(async () => await bufferedWhole(page), { timeout: 90_000 }).toBeGreaterThan(manifest.durationS - 0.1);
  return { projectId, clipIds, manifest };
}

test('the preview plays the whole edit with its transitions and music, and shows the export’s frames', async ({ page, server }) => {
  test.setTimeout(480_000);
  mkdirSync(SHOTS, { recursive: true });
  const { projectId, manifest } = await openPreviewed(page, server, 'Preview');
  // 3 clips of 2 s at 24 fps, two 12-frame fades.
  expect(manifest.totalFrames).toBe(144 - 24);
  const [firstWindow, secondWindow] = manifest.video.filter((p) => p.kind === 'transition');
  await expect(page.getByTestId('preview-time')).toContainText('0:05.0');
  await page.screenshot({ path: `${SHOTS}/1-opened.png` });

  // Play: the playhead and the player's time move across the first transition.
  await page.getByTestId('preview-play').click();
  await expect.poll(async () => (await videoState(page)).t, { timeout: 20_000 }).toBeGreaterThan(firstWindow!.startS + firstWindow!.durationS + 0.2);
  await page.getByTestId('preview-play').click();
  await expect.poll(async () => (await videoState(page)).paused).toBe(true);
  await page.screenshot({ path: `${SHOTS}/2-played.png` });

  // Mid-transition the frame is a blend of the two clips: nearer their average than either.
  const before = (firstWindow!.startFrame - 1) / 24 + 1e-3;
  const after = (firstWindow!.startFrame + firstWindow!.frames) / 24 + 1e-3;
  const mid = (firstWindow!.startFrame + firstWindow!.frames / 2) / 24 + 1e-3;
  await seekTo(page, before);
  const a = (await grabFrame(page)).rgb;
  await seekTo(page, after);
  const b = (await grabFrame(page)).rgb;
  await seekTo(page, mid);
  const blend = await grabFrame(page);
  await page.screenshot({ path: `${SHOTS}/3-mid-transition.png` });
  const average = a.map((v, i) => (v + (b[i] ?? 0)) / 2);
  expect(meanAbs(a, b)).toBeGreaterThan(10);
  expect(meanAbs(blend.rgb, average)).toBeLessThan(meanAbs(blend.rgb, a));
  expect(meanAbs(blend.rgb, average)).toBeLessThan(meanAbs(blend.rgb, b));

  // Scrubbed frames match the export's frames at the same times, downscaled.
  const started = await call(server.studio, 'exports.start', { projectId });
  await expect.poll(() => server.studio.exports.list(projectId)[0]?.state, { timeout: 180_000 }).toBe('succeeded');
  const file = server.studio.media.store.path(server.studio.exports.list(projectId).find((e) => e.id === started.id)!.mediaId!);
  for (const frame of [firstWindow!.startFrame + 6, 60, secondWindow!.startFrame + 3]) {
    await seekTo(page, frame / 24 + 1e-3);
    const shown = await grabFrame(page);
    const db = psnr(shown.rgb, exportFrame(file, frame, shown.width, shown.height));
    expect(db, `PSNR of frame ${frame}`).toBeGreaterThanOrEqual(30);
  }

  // The music is in the preview: its level while playing.
  const level = await page.getByTestId('preview-video').evaluate(async (v: HTMLVideoElement) => {
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    context.createMediaElementSource(v).connect(analyser);
    analyser.connect(context.destination);
    v.currentTime = 1;
    await v.play();
    await context.resume();
    let peak = 0;
    const samples = new Float32Array(analyser.fftSize);
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      peak = Math.max(peak, Math.sqrt(sum / samples.length));
    }
    v.pause();
    return peak;
  });
  expect(level).toBeGreaterThan(0.01);
});

test('changing one boundary’s transition previews the new one; a missing take fails only its part', async ({ page, server }) => {
  test.setTimeout(360_000);
  mkdirSync(SHOTS, { recursive: true });
  const { projectId, clipIds, manifest } = await openPreviewed(page, server, 'Preview edits');
  const window = manifest.video.find((p) => p.kind === 'transition')!;
  const mid = (window.startFrame + window.frames / 2) / 24 + 1e-3;
  await seekTo(page, mid);
  const fade = await grabFrame(page);

  // The first boundary becomes a wipe: the window at the playhead is made again and shown.
  await call(server.studio, 'clips.setTransition', { clipId: clipIds[0]!, transition: { type: 'wipeleft', durationS: 0.5 } });
  const edited = await call(server.studio, 'preview.open', { projectId, focusS: mid });
  const newWindow = edited!.video.find((p) => p.startFrame === window.startFrame)!;
  expect(newWindow.key).not.toBe(window.key);
  // Only that window is made again.
  expect(edited!.video.filter((p) => p.state !== 'ready').map((p) => p.key)).toEqual(newWindow.state === 'ready' ? [] : [newWindow.key]);
  await expect.poll(async () => (await call(server.studio, 'preview.open', { projectId, focusS: mid }))!.video.find((p) => p.key === newWindow.key)!.state, { timeout: 120_000 }).toBe('ready');
  await expect
    .poll(
      async () => {
        await seekTo(page, 0.5);
        await seekTo(page, mid);
        return meanAbs((await grabFrame(page)).rgb, fade.rgb);
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(5);
  await page.screenshot({ path: `${SHOTS}/4-wipe.png` });
  // A wipe shows each clip whole on either side of its edge: the left and right columns differ from the fade's blend.
  const wipe = await grabFrame(page);
  expect(meanAbs(wipe.rgb, fade.rgb)).toBeGreaterThan(5);

  // The second clip's take disappears from the library and the clip is trimmed (its pieces made
  // before stay usable; new ones cannot be made): its part says so, the rest still plays.
  const view = await call(server.studio, 'editor.open', { projectId });
  const take = view.clips[1]!.takes.find((t) => t.approved)!;
  const { rmSync } = await import('node:fs');
  rmSync(server.studio.media.store.path(take.mediaId));
  await call(server.studio, 'clips.trim', { clipId: clipIds[1]!, inS: 0.25, outS: null });
  // No piece there: the seek cannot complete, the player says why.
  await page.getByTestId('preview-video').evaluate((v: HTMLVideoElement) => {
    v.currentTime = 2.5;
  });
  await expect(page.getByTestId('preview-status')).toContainText(/Clip 2.*missing/, { timeout: 60_000 });
  await page.screenshot({ path: `${SHOTS}/5-missing-take.png` });
  await seekTo(page, 0.5);
  await expect(page.getByTestId('preview-status')).toHaveCount(0, { timeout: 60_000 });
  const after = await call(server.studio, 'editor.open', { projectId });
  expect(after.clips.map((c) => c.approved)).toEqual([true, true, true]);
});
