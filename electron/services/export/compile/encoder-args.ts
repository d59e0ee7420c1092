import type { Quality, VideoEncoder } from '../../../../shared/values';
const X264: Record<Quality, { preset: string; crf: number }> = {
  draft: { preset: 'superfast', crf: 26 },
  standard: { preset: 'veryfast', crf: 22 },
  high: { preset: 'medium', crf: 19 },
};

/** Bits per pixel per frame for the bitrate-driven hardware encoders. */
const HW_BPP: Record<Quality, number> = { draft: 0.05, standard: 0.08, high: 0.12 };

export const AUDIO_SAMPLE_RATE = 48_000;

/** H.264 encoder arguments for a quality level. */
export function videoEncoderArgs(
  encoder: VideoEncoder,
  quality: Quality,
  frame: { width: number; height: number; fps: number },
): string[] {
  if (encoder === 'libx264') {
    const q = X264[quality];
    return ['-c:v', 'libx264', '-preset', q.preset, '-crf', String(q.crf), '-profile:v', 'high', '-pix_fmt', 'yuv420p'];
  }
  const kbps = Math.round((frame.width * frame.height * frame.fps * HW_BPP[quality]) / 1000);
  if (encoder === 'h264_mf') {
    // Media Foundation: hardware only (see encoderProbeArgs), bitrate-driven; it takes no named profile.
    return ['-c:v', 'h264_mf', '-hw_encoding', '1', '-rate_control', 'cbr', '-b:v', `${kbps}k`, '-g', String(frame.fps * 2), '-pix_fmt', 'nv12'];
  }
  return [
    '-c:v', encoder,
    '-b:v', `${kbps}k`,
    '-maxrate', `${Math.round(kbps * 1.5)}k`,
    '-bufsize', `${kbps * 2}k`,
    '-g', String(frame.fps * 2),
    '-profile:v', 'high',
  ];
}

/**
 * AAC at 48 kHz stereo. The fast coder costs about half of the default two-loop one: in the
 * stream-copy path the audio encode is the whole job.
 */
export function audioEncoderArgs(): string[] {
  return ['-c:a', 'aac', '-aac_coder', 'fast', '-b:a', '192k', '-ar', String(AUDIO_SAMPLE_RATE), '-ac', '2'];
}

export function mp4ContainerArgs(): string[] {
  return ['-movflags', '+faststart', '-max_muxing_queue_size', '4096', '-f', 'mp4'];
}
