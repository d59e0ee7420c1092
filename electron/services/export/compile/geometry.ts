import type { Fit } from '../../../../shared/values';
import { CENTER, type FocusPoint } from '../../../../shared/framing';
import type { Rational } from '../../ffmpeg/probe-parse';

export interface FrameFit {
  /** Size the source is scaled to (even numbers). */
  scaleWidth: number;
  scaleHeight: number;
  /** Pad and blur: where the scaled picture sits; crop: where the window is cut from the scaled picture. */
  x: number;
  y: number;
  fit: Fit;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/**
 * How a source frame (with its sample aspect ratio) is fitted to the output frame: `pad` and `blur`
 * show all of it, centred; `crop` fills the frame and cuts the overflow, its window centred on
 * `centre` (a point of the source) as nearly as the picture allows.
 */
export function fitFrame(
  src: { width: number; height: number; sar: Rational },
  out: { width: number; height: number },
  fit: Fit,
  centre: FocusPoint = CENTER,
): FrameFit {
  const displayWidth = (src.width * src.sar.num) / src.sar.den;
  const displayHeight = src.height;
  const ratio =
    fit !== 'crop'
      ? Math.min(out.width / displayWidth, out.height / displayHeight)
      : Math.max(out.width / displayWidth, out.height / displayHeight);
  let scaleWidth = even(displayWidth * ratio);
  let scaleHeight = even(displayHeight * ratio);
  if (fit !== 'crop') {
    scaleWidth = Math.min(scaleWidth, out.width);
    scaleHeight = Math.min(scaleHeight, out.height);
  } else {
    scaleWidth = Math.max(scaleWidth, out.width);
    scaleHeight = Math.max(scaleHeight, out.height);
  }
  // Even offsets keep 4:2:0 chroma aligned.
  const place = (free: number, at: number, size: number, outSize: number) =>
    Math.floor(Math.min(free, Math.max(0, at * size - outSize / 2)) / 2) * 2;
  const x = fit === 'crop' ? place(scaleWidth - out.width, centre.x, scaleWidth, out.width) : Math.floor(Math.abs(out.width - scaleWidth) / 4) * 2;
  const y = fit === 'crop' ? place(scaleHeight - out.height, centre.y, scaleHeight, out.height) : Math.floor(Math.abs(out.height - scaleHeight) / 4) * 2;
  return { scaleWidth, scaleHeight, x, y, fit };
}
