import { CENTER, cropWindow, type FocusPoint } from '../../../../../shared/framing';
import type { Fit as FramingFit } from '../../../../../shared/values';

/** fill: the photo cropped to the frame; blur: the whole photo over a blurred copy; pad: the whole photo on a colour. */
export type Fit = 'fill' | 'blur' | 'pad';

/** The studio's framing fit as this renderer names it. */
export const renderFit: Record<FramingFit, Fit> = { crop: 'fill', blur: 'blur', pad: 'pad' };

export interface CropBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Cropping to fill is the natural look while it keeps most of the photo; past `maxLoss` of the
 * area (a portrait photo in a 16:9 project loses ~70%) the whole photo is shown over a blurred copy.
 */
export function chooseFit(source: { width: number; height: number }, target: { width: number; height: number }, maxLoss = 0.3): Fit {
  const box = fillCrop(source, target);
  const kept = (box.width * box.height) / (source.width * source.height);
  return 1 - kept <= maxLoss ? 'fill' : 'blur';
}

/**
 * The largest box of the target's aspect ratio inside the source (`zoom` times smaller when zoomed
 * in), centred on `centre` as nearly as the source allows, in whole source pixels. Centred by default.
 */
export function fillCrop(source: { width: number; height: number }, target: { width: number; height: number }, centre: FocusPoint = CENTER, zoom = 1): CropBox {
  const box = cropWindow(source, target.width / target.height, centre, zoom);
  const width = Math.min(source.width, Math.max(1, Math.round(box.width)));
  const height = Math.min(source.height, Math.max(1, Math.round(box.height)));
  const place = (at: number, size: number, full: number) => Math.floor(Math.min(full - size, Math.max(0, at * full - size / 2)));
  return { x: place(centre.x, width, source.width), y: place(centre.y, height, source.height), width, height };
}

/** Size of the source scaled to fit inside the target, even numbers for 4:2:0 video. */
export function fitInside(source: { width: number; height: number }, target: { width: number; height: number }) {
  const scale = Math.min(target.width / source.width, target.height / source.height);
  const even = (v: number) => Math.max(2, 2 * Math.round(v / 2));
  return { width: Math.min(target.width, even(source.width * scale)), height: Math.min(target.height, even(source.height * scale)) };
}
