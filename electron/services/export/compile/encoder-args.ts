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
 * x264 settings shared by every piece of a segmented export and by every take made on the device,
 * so that their streams join by stream copy into one valid H.264 track: one GOP length (it sizes
 * the SPS's frame numbers) and stitchable parameter sets (x264 then keeps its PPS independent of
 * the content). A take made with them is copied into the export where its cuts fall on keyframes.
 */
export function joinableX264Args(quality: Quality, fps: number): string[] {
  return [...videoEncoderArgs('libx264', quality, { width: 0, height: 0, fps }), '-g', String(2 * fps), '-x264-params', JOINABLE_X264_PARAMS];
}

/**
 * The colour description is written into the SPS, so it is fixed here rather than taken from the
 * frames (a crossfade's plane split drops the tags; a photo's decode sets them): BT.601 limited
 * range, which is what device takes hold (a JPEG's YCbCr scaled without a matrix change), with
 * MPEG-style chroma siting.
 */
const JOINABLE_X264_PARAMS = 'stitchable=1:colorprim=undef:transfer=undef:colormatrix=bt470bg:range=tv:chromaloc=0';

/** The quality device takes are made at: the export's default, so a default export copies their bodies. */
export const DEVICE_TAKE_QUALITY: Quality = 'standard';

/** Transition lengths (s) a device take gets keyframes for, at its head and its tail: the editor's choices. */
export const JOINABLE_TRANSITION_S = [0.25, 0.5, 0.75, 1, 1.5, 2] as const;

/**
 * Forced keyframes for a device take of `frames` frames: where a timeline's bodies start (after
 * an incoming transition) and end (before an outgoing one) for each offered transition length, so
 * untrimmed bodies are copied rather than encoded. Times sit a tenth of a frame early: FFmpeg
 * forces the first frame at or after each time.
 */
export function joinableKeyframeArgs(frames: number, fps: number): string[] {
  const points = new Set<number>();
  for (const s of JOINABLE_TRANSITION_S) {
    const f = Math.round(s * fps);
    if (2 * f < frames) points.add(f).add(frames - f);
  }
  const times = [...points].sort((a, b) => a - b).map((f) => ((f - 0.1) / fps).toFixed(6));
  return times.length ? ['-force_key_frames', times.join(',')] : [];
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
