// What a person does on the timeline (drag, keyboard moves) and how a test reads the result.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Locator, Page } from '@playwright/test';
import type { EditorView } from '../../shared/contract';
import { expect } from './fixtures';

const run = promisify(execFile);

interface Probe {
  format: { duration: string };
  streams: Array<{
    codec_type: string;
    codec_name: string;
    width?: number;
    height?: number;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    duration?: string;
    /** Frames decoded by -count_frames. */
    nb_read_frames?: string;
  }>;
}

/** ffprobe with -count_frames: every video frame is decoded and counted, not read from the header. */
export async function ffprobe(file: string): Promise<Probe> {
  const { stdout } = await run('ffprobe', [
    '-v', 'error', '-count_frames',
    '-show_entries', 'format=duration:stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate,duration,nb_read_frames',
    '-of', 'json', file,
  ]);
  return JSON.parse(stdout) as Probe;
}

/** The timeline's clip names, left to right, as the strip shows them. */
export async function timelineOrder(page: Page): Promise<string[]> {
  return page.getByTestId('timeline-item').evaluateAll((items) => items.map((item) => item.getAttribute('data-name') ?? ''));
}

export const handleOf = (page: Page, name: string): Locator => page.getByRole('button', { name: new RegExp(`^Move ${name.replace('.', '\\.')}`) });

/** A person's drag: press on the clip, move past dnd-kit's activation distance, glide onto the target, release. */
export async function dragOnto(page: Page, source: Locator, target: Locator): Promise<void> {
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  const direction = Math.sign(to.x - from.x);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 12 * direction, from.y + from.height / 2, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2 + 8 * direction, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Moves a clip with the keyboard only: focus its handle, Space picks it up, arrows move it, Space drops it. */
export async function moveByKeys(page: Page, name: string, key: 'ArrowLeft' | 'ArrowRight', times: number, landsAt: number, of: number): Promise<void> {
  // Each step waits for what a screen-reader user hears before the next key, as a person would.
  const announcement = page.locator('[id^="DndLiveRegion"]');
  const handle = handleOf(page, name);
  await handle.focus();
  await page.keyboard.press('Space');
  await expect(handle).toHaveAttribute('aria-pressed', 'true');
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
  await expect(announcement).toContainText(`${name} is over position ${landsAt} of ${of}`);
  await page.keyboard.press('Space');
  await expect(announcement).toContainText(`${name} dropped at position ${landsAt} of ${of}`);
}

/**
 * The frames an export of the saved project must have, from the timeline's definition: every
 * approved clip's trimmed length in whole frames, minus the frames each transition overlaps (at
 * most half of either clip); a cut overlaps nothing.
 */
export function expectedFrameCount(saved: EditorView): number {
  const fps = saved.settings.output.fps;
  const clipFrames = saved.clips
    .filter((c) => c.approved)
    .map((c) => Math.round(((c.trimOutS ?? c.takes.find((t) => t.approved)!.durationS) - c.trimInS) * fps));
  const { type, durationS } = saved.settings.transition;
  const overlaps = clipFrames.slice(1).map((right, i) => (type === 'cut' ? 0 : Math.min(Math.round(durationS * fps), Math.floor(clipFrames[i]! / 2), Math.floor(right / 2))));
  return clipFrames.reduce((a, b) => a + b, 0) - overlaps.reduce((a, b) => a + b, 0);
}
