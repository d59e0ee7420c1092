import { AUDIO_SAMPLE_RATE } from '../export/compile/encoder-args';

/**
 * How preview pieces are encoded: small and fast to make, quick to seek in, and identical in
 * parameters from piece to piece so they join in one Media Source buffer.
 */
export const PREVIEW_VIDEO = {
  id: 'preview-x264-ultrafast-crf23-baseline-v1',
  mime: 'video/mp4; codecs="avc1.42C01F"',
  /** A keyframe every second: a seek decodes at most a second of proxy frames. */
  args: (fps: number): string[] => [
    '-c:v', 'libx264',
    '-preset', 'ultrafast',
    '-crf', '23',
    '-profile:v', 'baseline',
    '-level:v', '3.1',
    '-g', String(Math.max(1, Math.round(fps))),
    '-pix_fmt', 'yuv420p',
  ],
};

export const PREVIEW_AUDIO = {
  mime: 'audio/mp4; codecs="mp4a.40.2"',
  // The fast coder: half the CPU of the default for the same bitrate; a preview's sound is heard once.
  args: ['-c:a', 'aac', '-aac_coder', 'fast', '-b:a', '128k', '-ar', String(AUDIO_SAMPLE_RATE), '-ac', '2'],
};

const DEFAULT_PROXY_SIDE = 640;

/** The output frame scaled so its longer side is at most `side` (even numbers, aspect kept). */
export function proxyDimensions(out: { width: number; height: number }, side = DEFAULT_PROXY_SIDE): { width: number; height: number } {
  const scale = Math.min(1, side / Math.max(out.width, out.height));
  const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  return { width: even(out.width), height: even(out.height) };
}
