import { execCapture } from './exec';
import { guardInputs } from './input-guard';
import { readMp4VideoIndex } from './mp4-index';
import {
  parseInputDescriptions,
  parsePacketCounts,
  type AudioStreamInfo,
  type ParsedInput,
  type Rational,
  type VideoStreamInfo,
} from './probe-parse';
import { summarizeStderr } from './runner';

export interface VideoInfo extends VideoStreamInfo {
  /** Frame size and SAR after FFmpeg's autorotation, i.e. what filters receive. */
  frameWidth: number;
  frameHeight: number;
  frameSar: Rational;
  /** Exact frame count of the stream (packets of a stream-copy run), null when not counted. */
  frames: number | null;
  /** Video stream duration: frames / fps when counted, else the container duration. */
  durationS: number | null;
  /** Decoder configuration hash (MP4/MOV only), used to decide if clips can be stream-copied together. */
  codecConfigHash: string | null;
}

export interface MediaInfo {
  path: string;
  container: string;
  /** Container duration (the longest stream). */
  durationS: number | null;
  startS: number;
  video: VideoInfo | null;
  audio: AudioStreamInfo | null;
}

export class MediaProbeError extends Error {
  override name = 'MediaProbeError';
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

export interface ProbeOptions {
  /** Count the video frames with a stream-copy run to the null muxer (exact, nothing is decoded). */
  countFrames?: boolean;
  timeoutMs?: number;
}

/** Inputs per FFmpeg process: one process per file would cost ~0.1 s of start-up each. */
const FILES_PER_RUN = 32;

/** Reads media metadata with ffmpeg alone (ffmpeg-static ships no ffprobe). */
export async function probeMedia(ffmpegPath: string, file: string, options: ProbeOptions = {}): Promise<MediaInfo> {
  return (await probeMediaFiles(ffmpegPath, [file], options))[0] as MediaInfo;
}

/**
 * Probes many files with as few FFmpeg processes as possible: `ffmpeg -i a -i b ...` describes every
 * input, and with countFrames a `-c copy -f null` run at `-v verbose` reports each input's video
 * packet count. Throws a MediaProbeError naming the first file FFmpeg cannot read.
 */
export async function probeMediaFiles(ffmpegPath: string, files: readonly string[], options: ProbeOptions = {}): Promise<MediaInfo[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < files.length; i += FILES_PER_RUN) chunks.push(files.slice(i, i + FILES_PER_RUN));
  const results = await Promise.all(chunks.map((chunk) => probeChunk(ffmpegPath, chunk, options)));
  return results.flat();
}

async function probeChunk(ffmpegPath: string, files: readonly string[], options: ProbeOptions): Promise<MediaInfo[]> {
  const { countFrames = false, timeoutMs = 120_000 } = options;
  const args = ['-hide_banner', '-nostdin'];
  if (countFrames) args.push('-v', 'verbose');
  for (const f of files) args.push('-i', f);
  if (countFrames) {
    files.forEach((_, k) => args.push('-map', `${k}:v:0?`));
    args.push('-c', 'copy', '-f', 'null', '-');
  }
  const [run, hashes] = await Promise.all([
    execCapture(ffmpegPath, guardInputs(args), { timeoutMs, maxOutputBytes: 16 * 1024 * 1024 }),
    countFrames ? Promise.all(files.map(async (f) => (await readMp4VideoIndex(f))?.configHash ?? null)) : Promise.resolve(files.map(() => null)),
  ]);
  const parsed = parseInputDescriptions(run.stderr);
  if (parsed.length < files.length) {
    const bad = files[parsed.length] as string;
    throw new MediaProbeError(`Cannot read "${bad}": ${describeFailure(run.stderr, bad)}`, bad);
  }
  const anyVideo = parsed.some((p) => p.video);
  if (countFrames && anyVideo && run.code !== 0) {
    const bad = files.find((f) => run.stderr.includes(f)) ?? (files[0] as string);
    throw new MediaProbeError(`Cannot read "${bad}": ${summarizeStderr(run.stderr, 2)}`, bad);
  }
  const packets = countFrames ? parsePacketCounts(run.stderr) : new Map<string, number>();
  return parsed.map((p, k) => toMediaInfo(files[k] as string, p, countFrames ? (packets.get(`${k}:${p.video?.index}`) ?? null) : null, hashes[k] ?? null));
}

function toMediaInfo(file: string, parsed: ParsedInput, frames: number | null, configHash: string | null): MediaInfo {
  const v = parsed.video;
  let video: VideoInfo | null = null;
  if (v) {
    const rotated = v.rotation === 90 || v.rotation === 270;
    const rate = v.fps ?? v.tbr;
    video = {
      ...v,
      frameWidth: rotated ? v.height : v.width,
      frameHeight: rotated ? v.width : v.height,
      frameSar: rotated ? { num: v.sar.den, den: v.sar.num } : v.sar,
      frames,
      durationS: frames !== null && frames > 0 && rate ? frames / rate : parsed.durationS,
      codecConfigHash: configHash,
    };
  }
  return { path: file, container: parsed.container, durationS: parsed.durationS, startS: parsed.startS, video, audio: parsed.audio };
}

/** The error line FFmpeg printed for the file it could not open, else the last lines. */
function describeFailure(stderr: string, file: string): string {
  const line = stderr.split(/\r?\n/).find((l) => l.startsWith(`${file}: `));
  return line ? line.slice(file.length + 2).trim() : summarizeStderr(stderr, 2);
}
