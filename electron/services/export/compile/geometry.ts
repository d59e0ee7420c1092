import type { Fit } from '../../../../shared/values';
import type { Rational } from '../../ffmpeg/probe-parse';

export interface FrameFit {
  /** Size the source is scaled to (even numbers). */
  scaleWidth: number;
  scaleHeight: number;
  /** Pad: where the scaled picture sits; crop: where the window is cut from the scaled picture. */
  x: number;
  y: number;
  fit: Fit;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/**
 * How a source frame (with its sample aspect ratio) is fitted to the output frame:
 * `pad` shows all of it with bars, `crop` fills the frame and cuts the overflow, both centred.
 */
export function fitFrame(
  src: { width: number; height: number; sar: Rational },
  out: { width: number; height: number },
  fit: Fit,
): FrameFit {
  const displayWidth = (src.width * src.sar.num) / src.sar.den;
  const displayHeight = src.height;
  const ratio =
    fit === 'pad'
      ? Math.min(out.width / displayWidth, out.height / displayHeight)
      : Math.max(out.width / displayWidth, out.height / displayHeight);
  let scaleWidth = even(displayWidth * ratio);
  let scaleHeight = even(displayHeight * ratio);
  if (fit === 'pad') {
    scaleWidth = Math.min(scaleWidth, out.width);
    scaleHeight = Math.min(scaleHeight, out.height);
  } else {
    scaleWidth = Math.max(scaleWidth, out.width);
    scaleHeight = Math.max(scaleHeight, out.height);
  }
  // Even offsets keep 4:2:0 chroma aligned.
  const x = Math.floor(Math.abs(out.width - scaleWidth) / 4) * 2;
  const y = Math.floor(Math.abs(out.height - scaleHeight) / 4) * 2;
  return { scaleWidth, scaleHeight, x, y, fit };
}
