import type { Page } from '@playwright/test';

/** What the preview specs read from the player: its state and its current frame. */

/** The preview element's state. */
export function videoState(page: Page) {
  return page.getByTestId('preview-video').evaluate((v: HTMLVideoElement) => {
    const b = v.buffered;
    return { t: v.currentTime, d: v.duration, paused: v.paused, bufferedEnd: b.length ? b.end(b.length - 1) : 0, ranges: b.length };
  });
}

/**
 * How far the player has the edit without a gap from its start (0 while a piece in between is still
 * missing): pieces are made nearest the playhead first and several at once, so the last one can
 * arrive before one in the middle.
 */
export function bufferedWhole(page: Page) {
  return page.getByTestId('preview-video').evaluate((v: HTMLVideoElement) => {
    const b = v.buffered;
    return b.length === 1 && b.start(0) < 0.05 ? b.end(0) : 0;
  });
}

/** The preview's current frame as RGB bytes, drawn at the video's own size. */
export async function grabFrame(page: Page): Promise<{ width: number; height: number; rgb: number[] }> {
  return page.getByTestId('preview-video').evaluate((v: HTMLVideoElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(v, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const rgb: number[] = [];
    for (let i = 0; i < data.length; i += 4) rgb.push(data[i]!, data[i + 1]!, data[i + 2]!);
    return { width: canvas.width, height: canvas.height, rgb };
  });
}

/** Seeks the preview through the playback store's path (the ruler's) and waits for the frame. */
export async function seekTo(page: Page, timeS: number) {
  await page.getByTestId('preview-video').evaluate(async (v: HTMLVideoElement, t) => {
    const seeked = new Promise((resolve) => v.addEventListener('seeked', resolve, { once: true }));
    v.currentTime = t;
    await seeked;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }, timeS);
}

/** Mean absolute difference of two RGB frames. */
export function meanAbs(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

