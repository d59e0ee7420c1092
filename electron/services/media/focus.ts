import sharp from 'sharp';
import type { FocusPoint } from '../../../shared/framing';

/** Focus points found by this process and the time they took (read by bench:import). */
export const focusStats = { count: 0, ms: 0 };

/** Side of the square the attention search runs at: enough for a subject's place, cheap (about a millisecond). */
const SEARCH_SIDE = 128;

/**
 * Where the photo's subject is: libvips' attention strategy (luminance edges, saturation, skin
 * tones), run on a small upright copy the importer already has, so it costs no second decode. It
 * reports the focal point in the cover-scaled copy, which maps back to fractions of the photo.
 */
export async function findFocus(raw: { data: Buffer; width: number; height: number; channels: 1 | 2 | 3 | 4 }): Promise<FocusPoint> {
  const started = performance.now();
  const { width, height, channels } = raw;
  const scale = Math.max(SEARCH_SIDE / width, SEARCH_SIDE / height);
  const { info } = await sharp(raw.data, { raw: { width, height, channels } })
    .resize(SEARCH_SIDE, SEARCH_SIDE, { fit: 'cover', position: 'attention' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  focusStats.count += 1;
  focusStats.ms += performance.now() - started;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const x = info.attentionX ?? (width * scale) / 2;
  const y = info.attentionY ?? (height * scale) / 2;
  return { x: clamp(x / Math.round(width * scale)), y: clamp(y / Math.round(height * scale)) };
}
