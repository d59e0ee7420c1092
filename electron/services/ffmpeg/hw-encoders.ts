import type { EncoderSetting, HwEncoder, VideoEncoder } from '../../../shared/values';
import { execCapture } from './exec';

const CANDIDATES: Partial<Record<NodeJS.Platform, HwEncoder[]>> = {
  darwin: ['h264_videotoolbox'],
  // Media Foundation last: any GPU's driver can back it, but the vendors' own encoders do better; on
  // Windows on Arm (Qualcomm) it is the only hardware encoder FFmpeg has.
  win32: ['h264_nvenc', 'h264_qsv', 'h264_amf', 'h264_mf'],
  linux: ['h264_nvenc', 'h264_qsv', 'h264_amf'],
};

const detected = new Map<string, Promise<HwEncoder[]>>();
/** Encoders that passed the test encode but then failed a real job, per FFmpeg binary: not offered again this run. */
const broken = new Map<string, Set<string>>();

/**
 * Encodes a few frames with `encoder` to the null muxer. Being listed by `ffmpeg -encoders` proves
 * nothing (Debian's build lists h264_nvenc and fails without an NVIDIA driver); only a real encode does.
 */
export async function canEncodeWith(ffmpegPath: string, encoder: string, timeoutMs = 20_000): Promise<boolean> {
  try {
    const run = await execCapture(
      ffmpegPath,
      ['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=gray:s=640x360:r=30:d=0.5',
        '-vf', 'format=yuv420p', '-frames:v', '10', '-c:v', encoder, ...encoderProbeArgs(encoder), '-f', 'null', '-'],
      { timeoutMs },
    );
    return run.code === 0;
  } catch {
    return false;
  }
}

/**
 * Options the probe encode needs to test what the real job uses: h264_mf falls back to Windows'
 * software H.264 MFT when no hardware one is there, so the probe (and the job) ask for hardware.
 */
export function encoderProbeArgs(encoder: string): string[] {
  return encoder === 'h264_mf' ? ['-hw_encoding', '1'] : [];
}

/** Hardware H.264 encoders that work on this machine, in order of preference. Cached per binary. */
export function detectHardwareEncoders(
  ffmpegPath: string,
  options: { platform?: NodeJS.Platform; candidates?: readonly HwEncoder[] } = {},
): Promise<HwEncoder[]> {
  const candidates = options.candidates ?? CANDIDATES[options.platform ?? process.platform] ?? [];
  const key = `${ffmpegPath}\n${candidates.join(',')}`;
  let result = detected.get(key);
  if (!result) {
    result = detectUncached(ffmpegPath, candidates);
    detected.set(key, result);
  }
  return result;
}

async function detectUncached(ffmpegPath: string, candidates: readonly HwEncoder[]): Promise<HwEncoder[]> {
  if (candidates.length === 0) return [];
  const listing = await execCapture(ffmpegPath, ['-hide_banner', '-encoders'], { timeoutMs: 15_000 }).catch(() => null);
  const listed = candidates.filter((c) => listing?.stdout.includes(` ${c} `));
  const working: HwEncoder[] = [];
  // One at a time: GPU sessions are a shared resource and failures are quick.
  for (const c of listed) if (await canEncodeWith(ffmpegPath, c)) working.push(c);
  return working;
}

export function clearHardwareEncoderCache(): void {
  detected.clear();
  broken.clear();
}

/** A hardware encoder failed a real job (session limits, sizes): later exports go to the next one or software. */
export function markEncoderBroken(ffmpegPath: string, encoder: string): void {
  const set = broken.get(ffmpegPath) ?? new Set<string>();
  set.add(encoder);
  broken.set(ffmpegPath, set);
}

async function workingEncoders(ffmpegPath: string, options: { candidates?: readonly HwEncoder[] } = {}): Promise<HwEncoder[]> {
  const failed = broken.get(ffmpegPath);
  return (await detectHardwareEncoders(ffmpegPath, options)).filter((e) => !failed?.has(e));
}

/** The encoder a setting resolves to on this machine, falling back to libx264. */
export async function resolveVideoEncoder(ffmpegPath: string, setting: EncoderSetting): Promise<VideoEncoder> {
  if (setting === 'software') return 'libx264';
  if (setting === 'auto') return (await workingEncoders(ffmpegPath))[0] ?? 'libx264';
  const working = await workingEncoders(ffmpegPath, { candidates: [setting] });
  return working.includes(setting) ? setting : 'libx264';
}
