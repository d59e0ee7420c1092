/**
 * Test media made with the real FFmpeg (lavfi sources), and ffprobe checks of the results.
 * Generic on purpose: any suite that needs clips, images, tones or media facts can use it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const FFMPEG = process.env.FFMPEG_PATH || 'ffmpeg';
export const FFPROBE = process.env.FFPROBE_PATH || 'ffprobe';

/** Runs a program (no shell) and resolves with its output; rejects with stderr on a non-zero exit. */
export function runTool(file: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${path.basename(file)} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`));
    });
  });
}

export async function makeTempDir(prefix = 'echoes-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface TestClipOptions {
  width?: number;
  height?: number;
  fps?: number;
  durationS?: number;
  /** Pixel format of the encoded stream. */
  pixFmt?: string;
  /** Sample aspect ratio written into the stream, e.g. "4:3". */
  sar?: string;
  /** Adds a sine tone track (48 kHz stereo unless given). */
  audio?: boolean | { frequency?: number; sampleRate?: number; channels?: 1 | 2; durationS?: number };
  /** lavfi video source; testsrc2 shows a frame counter. */
  pattern?: 'testsrc2' | 'testsrc' | 'smptebars' | 'mandelbrot' | 'rgbtestsrc';
  /** A solid colour instead of the pattern (e.g. "red", "0x2040ff"). */
  color?: string;
  /** Hue rotation in degrees, to make otherwise identical clips differ. */
  hue?: number;
  videoCodec?: 'libx264' | 'mpeg4' | 'libx265';
  preset?: string;
  crf?: number;
  /** Extra output arguments (e.g. ['-g', '30']). */
  extraArgs?: string[];
}

/** Makes a short video clip with lavfi testsrc2 (and sine audio when asked). */
export async function makeTestClip(file: string, o: TestClipOptions = {}): Promise<string> {
  const { width = 320, height = 180, fps = 30, durationS = 1, pixFmt = 'yuv420p', pattern = 'testsrc2' } = o;
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];
  const source = o.color ? `color=c=${o.color}:` : `${pattern}=`;
  args.push('-f', 'lavfi', '-i', `${source}s=${width}x${height}:r=${fps}:d=${durationS}`);
  const audio = o.audio === true ? {} : o.audio || null;
  if (audio) {
    const rate = audio.sampleRate ?? 48_000;
    args.push('-f', 'lavfi', '-i', `sine=frequency=${audio.frequency ?? 440}:sample_rate=${rate}:duration=${audio.durationS ?? durationS}`);
  }
  const vf: string[] = [];
  if (o.hue) vf.push(`hue=h=${o.hue}`);
  if (o.sar) vf.push(`setsar=${o.sar.replace(':', '/')}`);
  if (vf.length) args.push('-vf', vf.join(','));
  const codec = o.videoCodec ?? 'libx264';
  args.push('-map', '0:v');
  args.push('-c:v', codec, '-pix_fmt', pixFmt);
  if (codec === 'libx264' || codec === 'libx265') args.push('-preset', o.preset ?? 'ultrafast', '-crf', String(o.crf ?? 23));
  if (audio) args.push('-map', '1:a', '-c:a', 'aac', '-ac', String(audio.channels ?? 2));
  args.push(...(o.extraArgs ?? []), file);
  await runTool(FFMPEG, args);
  return file;
}

/** Makes a still image (png/jpg by extension). */
export async function makeTestImage(file: string, o: { width?: number; height?: number; pattern?: string } = {}): Promise<string> {
  const { width = 320, height = 180, pattern = 'testsrc2' } = o;
  await runTool(FFMPEG, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i',
    `${pattern}=s=${width}x${height}:d=1`, '-frames:v', '1', file]);
  return file;
}

/**
 * Makes an audio track: a steady sine, or a "music" signal (a chord with tremolo plus pink noise)
 * that encodes like real music. Codec follows the extension (.m4a -> AAC, .mp3, .wav).
 */
export async function makeTestAudio(
  file: string,
  o: { durationS?: number; kind?: 'sine' | 'music'; frequency?: number; sampleRate?: number } = {},
): Promise<string> {
  const { durationS = 2, kind = 'sine', frequency = 440, sampleRate = 48_000 } = o;
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];
  if (kind === 'sine') {
    args.push('-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=${sampleRate}:duration=${durationS}`, '-ac', '2');
  } else {
    const left = '0.2*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*2*t))+0.15*sin(2*PI*277*t)+0.1*sin(2*PI*330*t)';
    const right = '0.2*sin(2*PI*165*t)+0.15*sin(2*PI*330*t)*(0.5+0.5*sin(2*PI*3*t))';
    args.push('-f', 'lavfi', '-i', `aevalsrc='${left}|${right}':s=${sampleRate}:d=${durationS}`);
    args.push('-f', 'lavfi', '-i', `anoisesrc=c=pink:a=0.05:r=${sampleRate}:d=${durationS}`);
    args.push('-filter_complex', '[1:a]aformat=channel_layouts=stereo[n];[0:a][n]amix=inputs=2:weights=2 2');
  }
  if (file.endsWith('.m4a')) args.push('-c:a', 'aac', '-b:a', '192k');
  args.push(file);
  await runTool(FFMPEG, args);
  return file;
}

/** Writes a file with a video extension that no decoder can read. */
export async function makeCorruptFile(file: string): Promise<string> {
  const junk = Buffer.alloc(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 251;
  await writeFile(file, junk);
  return file;
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  profile?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  sample_aspect_ratio?: string;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
  nb_frames?: string;
}

export interface ProbedFile {
  streams: ProbedStream[];
  format: { duration?: string; format_name: string; size?: string };
  video: ProbedStream | undefined;
  audio: ProbedStream | undefined;
}

export async function ffprobe(file: string): Promise<ProbedFile> {
  const { stdout } = await runTool(FFPROBE, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
  const data = JSON.parse(stdout) as { streams: ProbedStream[]; format: ProbedFile['format'] };
  return {
    ...data,
    video: data.streams.find((s) => s.codec_type === 'video'),
    audio: data.streams.find((s) => s.codec_type === 'audio'),
  };
}

/** Decodes the first video stream and counts its frames (ffprobe -count_frames). */
export async function countFrames(file: string): Promise<number> {
  const { stdout } = await runTool(FFPROBE, ['-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file]);
  return Number(stdout.trim().split(/\s+/)[0]);
}

/** Decodes the first audio stream and returns its sample count and duration. */
export async function audioSamples(file: string): Promise<{ samples: number; sampleRate: number; durationS: number }> {
  const { stdout } = await runTool(FFPROBE, ['-v', 'error', '-select_streams', 'a:0', '-show_entries',
    'frame=nb_samples:stream=sample_rate', '-of', 'json', file]);
  const data = JSON.parse(stdout) as { frames: Array<{ nb_samples: number }>; streams: Array<{ sample_rate: string }> };
  const samples = data.frames.reduce((s, f) => s + f.nb_samples, 0);
  const sampleRate = Number(data.streams[0]?.sample_rate);
  return { samples, sampleRate, durationS: samples / sampleRate };
}

/** Per-packet hashes of the first video stream without decoding (to prove a stream copy). */
export async function videoPacketHashes(file: string): Promise<string[]> {
  const { stdout } = await runTool(FFMPEG, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file, '-map', '0:v:0',
    '-c', 'copy', '-f', 'framemd5', '-']);
  return stdout
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').at(-1)?.trim() ?? '');
}

/** Loudness of the first audio stream (optionally of a window) via volumedetect, in dBFS. */
export async function volumeStats(file: string, window: { startS?: number; durationS?: number } = {}): Promise<{ meanDb: number; maxDb: number }> {
  const args = ['-hide_banner', '-nostdin'];
  if (window.startS !== undefined) args.push('-ss', String(window.startS));
  if (window.durationS !== undefined) args.push('-t', String(window.durationS));
  args.push('-i', file, '-map', '0:a:0', '-af', 'volumedetect', '-f', 'null', '-');
  const { stderr } = await runTool(FFMPEG, args);
  const read = (key: string) => {
    const m = new RegExp(`${key}: (-?(?:inf|[\\d.]+)) dB`).exec(stderr);
    if (!m) return -Infinity; // volumedetect prints nothing for pure digital silence
    return m[1] === '-inf' ? -Infinity : Number(m[1]);
  };
  return { meanDb: read('mean_volume'), maxDb: read('max_volume') };
}

/** Average RGB colour of video frame `n` (0-based), decoded and scaled to one pixel. */
export async function frameColor(file: string, n: number): Promise<[number, number, number]> {
  const out = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn(FFMPEG, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file, '-map', '0:v:0', '-vf',
      `select=eq(n\\,${n}),scale=1:1:flags=area`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(stderr))));
  });
  if (out.length < 3) throw new Error(`${file} has no frame ${n}`);
  return [out[0] as number, out[1] as number, out[2] as number];
}
