import { mkdirSync } from 'node:fs';
import { expect, test } from './fixtures';
import { call, seedProject } from './seed';
import { bufferedWhole, grabFrame, meanAbs, seekTo } from './preview-frames';

const SHOTS = 'test-results/words';

test('a title and a caption typed in the Text tab show in the preview; undo takes the title away; Cut to the beat shows the beats', async ({ page, server }) => {
  test.setTimeout(480_000);
  mkdirSync(SHOTS, { recursive: true });
  const name = 'Words';
  const { projectId } = await seedProject(server.studio, { name, photos: 3, approve: true });
  await call(server.studio, 'timeline.update', { projectId, transition: { type: 'fade', durationS: 0.5 }, output: { aspect: '16:9', resolution: '720p', fps: 24, quality: 'draft' } });
  await page.goto(server.bridge.appUrl);
  await page.getByRole('button', { name: `Open ${name}` }).click();
  const buffered = async () => {
    const manifest = (await call(server.studio, 'preview.open', { projectId }))!;
    await expect.poll(async () => await bufferedWhole(page), { timeout: 120_000 }).toBeGreaterThan(manifest.durationS - 0.1);
  };
  await buffered();
  const frameAt = async (timeS: number) => {
    await seekTo(page, 0);
    await seekTo(page, timeS);
    return (await grabFrame(page)).rgb;
  };
  const plainTitle = await frameAt(0.5);
  const plainCaption = await frameAt(2.8);

  await page.getByRole('tab', { name: 'Text' }).click();
  await page.getByLabel('Title words').fill('Day one: "the lake" %{pts}');
  await page.getByLabel(/^Caption of /).nth(1).fill('مرحبا — at dawn, [calm]; 100%');
  // Saved once the creator pauses, then the preview draws both.
  await expect.poll(async () => (await call(server.studio, 'editor.open', { projectId })).settings.text.title?.text, { timeout: 10_000 }).toBe('Day one: "the lake" %{pts}');
  await expect.poll(async () => (await call(server.studio, 'editor.open', { projectId })).clips[1]!.caption, { timeout: 10_000 }).toBe('مرحبا — at dawn, [calm]; 100%');
  await expect.poll(async () => meanAbs(await frameAt(0.5), plainTitle), { timeout: 120_000 }).toBeGreaterThan(1);
  await page.screenshot({ path: `${SHOTS}/1-title.png` });
  await expect.poll(async () => meanAbs(await frameAt(2.8), plainCaption), { timeout: 120_000 }).toBeGreaterThan(0.3);
  await page.screenshot({ path: `${SHOTS}/2-caption.png` });

  // Undo goes back one step at a time: the caption first, then the title.
  // Out of the text field: Ctrl+Z there would undo the typing, not the studio's edit.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await call(server.studio, 'editor.open', { projectId })).clips[1]!.caption).toBeNull();
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await call(server.studio, 'editor.open', { projectId })).settings.text.title).toBeNull();
  await expect(page.getByLabel('Title words')).toHaveValue('');
  await expect.poll(async () => meanAbs(await frameAt(0.5), plainTitle), { timeout: 120_000 }).toBeLessThan(1);

  // Music with a beat and Cut to the beat: the beats are found and drawn on the ruler.
  await page.getByRole('tab', { name: 'Music' }).click();
  await page.getByRole('combobox', { name: 'Track' }).selectOption('sunrise');
  await expect(page.getByTestId('beat-status')).toContainText(/112 BPM/, { timeout: 60_000 });
  await page.getByLabel('Cut to the beat').check();
  await expect.poll(async () => (await call(server.studio, 'editor.open', { projectId })).settings.beatSync).toBe(true);
  await expect(page.getByTestId('beat-ticks')).toBeVisible();
  expect(Number(await page.getByTestId('beat-ticks').getAttribute('data-count'))).toBeGreaterThan(5);
  await page.screenshot({ path: `${SHOTS}/3-beats.png` });
});
