export type Fit = 'fill' | 'blur';

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

/** The largest centred box of the target's aspect ratio inside the source, in whole source pixels. */
export function fillCrop(source: { width: number; height: number }, target: { width: number; height: number }): CropBox {
  const targetRatio = target.width / target.height;
  let width = source.width;
  let height = Math.round(width / targetRatio);
  if (height > source.height) {
    height = source.height;
    width = Math.round(height * targetRatio);
  }
  width = Math.min(source.width, Math.max(1, width));
  height = Math.min(source.height, Math.max(1, height));
  return { x: Math.floor((source.width - width) / 2), y: Math.floor((source.height - height) / 2), width, height };
}

/** Size of the source scaled to fit inside the target, even numbers for 4:2:0 video. */
export function fitInside(source: { width: number; height: number }, target: { width: number; height: number }) {
  const scale = Math.min(target.width / source.width, target.height / source.height);
  const even = (v: number) => Math.max(2, 2 * Math.round(v / 2));
  return { width: Math.min(target.width, even(source.width * scale)), height: Math.min(target.height, even(source.height * scale)) };
}
