import type { Music } from './request';
import { outputDimensions, type OutputSettings, type VideoEncoder } from '../../../../shared/values';
import { buildAudioGraph, num, AUDIO_OUT } from './audio-graph';
import { audioEncoderArgs, mp4ContainerArgs, videoEncoderArgs } from './encoder-args';
import { fitFrame, type FrameFit } from './geometry';
import { CENTER, DEFAULT_PAD_COLOR, type ClipFit } from '../../../../shared/framing';
import type { PlannedClip, TimelinePlan } from './plan';
import { filterScriptFlag, type FfmpegVersion } from '../../ffmpeg/version';
import { textFilters } from './text-overlay';

export const VIDEO_OUT = 'vout';

/** An FFmpeg command in three parts; the filter graph is kept apart so it can go into a script file. */
export interface FfmpegCommand {
  inputArgs: string[];
  filterGraph: string;
  outputArgs: string[];
  totalFrames: number;
  durationS: number;
}

export interface GraphBuildInput {
  plan: TimelinePlan;
  output: OutputSettings;
  encoder: VideoEncoder;
  music?: Music | null;
  /**
   * Decode clips of up to 1080p with one thread each. Every clip input is opened at once, and a
   * frame-threaded decoder per clip multiplies threads and frame buffers by the clip count (10
   * 720p clips: ~100 MB more RSS and ~5% more CPU, measured) while decoding such clips is cheap
   * next to the encode, which keeps the cores. Bigger clips keep FFmpeg's threaded decoding.
   */
  leanDecoders?: boolean;
  /**
   * A part of a long timeline (see parts.ts): same video encode, the audio as exact PCM and a
   * .mov container, so the parts join by stream copy with no audio gap at the seams.
   */
  part?: boolean;
}

/** Largest clip frame (in pixels) that `leanDecoders` decodes with a single thread. */
export const LEAN_DECODE_MAX_PIXELS = 1920 * 1080;

/**
 * Timeline -> FFmpeg arguments (pure). Graph shape, chosen by measurement (see the bench):
 * each clip is normalized once (fps, scale + pad/crop, format, setsar, exact frame count),
 * split into head / body / tail, xfade runs only on the short overlap windows (tail of one clip
 * with the head of the next), and all pieces are concatenated. `settb` + `setpts=N` after every
 * rate change keep timestamps exact, so no frame is dropped or duplicated at a transition.
 */
export function buildFilterGraphCommand(input: GraphBuildInput): FfmpegCommand {
  const { plan, output, encoder, music, leanDecoders = false, part = false } = input;
  const fps = plan.fps;
  const dims = outputDimensions(output.aspect, output.resolution);
  const inputArgs: string[] = [];
  const chains: string[] = [];
  const segments: string[] = [];

  plan.clips.forEach((clip, i) => {
    const lean = leanDecoders && clip.meta.width * clip.meta.height <= LEAN_DECODE_MAX_PIXELS;
    inputArgs.push(...(lean ? ['-threads', '1'] : []), ...clipInputArgs(clip, fps));
    chains.push(...clipVideoChains(clip, i, fps, dims, output.fit));
  });
  plan.clips.forEach((clip, i) => {
    if (clip.frames - clip.headFrames - clip.tailFrames > 0) segments.push(`b${i}`);
    const boundary = plan.boundaries[i];
    if (boundary && boundary.frames > 0) {
      chains.push(...transitionChains(i, boundary.type, boundary.frames, fps));
      segments.push(`x${i}`);
    }
  });
  const concat =
    segments.length === 1
      ? `[${segments[0]}]`
      : `${segments.map((s) => `[${s}]`).join('')}concat=n=${segments.length}:v=1:a=0,`;
  chains.push(`${concat}settb=1/${fps},setpts=N[${VIDEO_OUT}]`);

  let musicInput: number | null = null;
  if (music) {
    musicInput = plan.clips.length;
    inputArgs.push('-stream_loop', '-1', '-i', music.path);
  }
  chains.push(
    ...buildAudioGraph({
      fps,
      clips: plan.clips.map((c, i) => ({ audioInput: c.meta.hasAudio ? i : null, frames: c.frames })),
      boundaries: plan.boundaries,
      totalFrames: plan.totalFrames,
      music: music && musicInput !== null ? { input: musicInput, ...music } : null,
    }),
  );

  const outputArgs = [
    '-map', `[${VIDEO_OUT}]`,
    '-map', `[${AUDIO_OUT}]`,
    ...videoEncoderArgs(encoder, output.quality, { ...dims, fps }),
    '-r', String(fps),
    ...(part ? ['-c:a', 'pcm_s16le', '-f', 'mov'] : [...audioEncoderArgs(), ...mp4ContainerArgs()]),
  ];
  return { inputArgs, filterGraph: chains.join(';\n'), outputArgs, totalFrames: plan.totalFrames, durationS: plan.durationS };
}

/**
 * xfade of clip i's tail with clip i+1's head, exactly `frames` long.
 * FFmpeg 5.1's xfade ends the transition early when its first input's end-of-stream is already
 * queued while the second input has no frame yet (which happens once the audio graph makes FFmpeg
 * decode inputs in another order): the rest of the transition is silently replaced by the second
 * clip. Endless clones of both inputs' last frames keep either input from ever ending, and the
 * trim cuts the output to the exact overlap.
 */
export function transitionChains(i: number, type: string, frames: number, fps: number): string[] {
  const xfade = `xfade=transition=${type}:duration=${num(frames / fps)}:offset=0,trim=end_frame=${frames}`;
  if (type === 'fade') return planarCrossfadeChains(i, xfade);
  return [
    `[t${i}]tpad=stop=-1:stop_mode=clone[tp${i}]`,
    `[h${i + 1}]tpad=stop=-1:stop_mode=clone[hp${i + 1}]`,
    `[tp${i}][hp${i + 1}]${xfade}[x${i}]`,
  ];
}

/**
 * The plain crossfade, plane by plane. FFmpeg 5.1's xfade takes no 4:2:0 input, so on whole
 * frames FFmpeg converts both inputs to 4:4:4 and the result back: three swscale passes per frame,
 * ~5 ms per 720p transition frame against ~2 ms here (measured; ~10% of the whole bench compile).
 * A crossfade is the same per-sample mix on every plane, so fading Y, U and V as separate gray
 * streams gives the identical luma and exact (not resampled) chroma. Transitions with shapes or
 * per-plane colours (wipes, fadeblack, dissolve, ...) keep the whole-frame path.
 */
function planarCrossfadeChains(i: number, xfade: string): string[] {
  const planes = ['y', 'u', 'v'] as const;
  const split = (label: string, side: string) =>
    `[${label}]tpad=stop=-1:stop_mode=clone,format=yuv420p,extractplanes=y+u+v${planes.map((p) => `[${side}${i}${p}]`).join('')}`;
  return [
    split(`t${i}`, 'xa'),
    split(`h${i + 1}`, 'xb'),
    ...planes.map((p) => `[xa${i}${p}][xb${i}${p}]${xfade}[xf${i}${p}]`),
    `${planes.map((p) => `[xf${i}${p}]`).join('')}mergeplanes=mapping=0x001020:format=yuv420p[x${i}]`,
  ];
}

/** Input options: seek and limit at the demuxer when the clip is trimmed (cheaper than decoding it all). */
export function clipInputArgs(clip: PlannedClip, fps: number): string[] {
  const args: string[] = [];
  if (clip.inS > 0) args.push('-ss', num(clip.inS));
  // One spare frame: the exact cut happens in the graph, on frame numbers.
  if (clip.outS < clip.meta.durationS - 0.5 / fps) args.push('-t', num(clip.outS - clip.inS + 1 / fps));
  args.push('-i', clip.meta.path);
  return args;
}

/** The source already runs at the output rate: its frame N is output frame N, no rate conversion. */
export function isSameRate(m: Pick<PlannedClip['meta'], 'fps' | 'tbr'>, fps: number): boolean {
  return m.fps !== null && Math.abs(m.fps - fps) < 0.01 && (m.tbr === null || Math.abs(m.tbr - fps) < 0.01);
}

/** The even size of a blurred background: a sixteenth of the frame, blurred, then scaled back up (cheap at any size). */
const smallEven = (n: number) => Math.max(2, Math.round(n / 32) * 2);

/**
 * The framing filters of one clip: crop on its subject, the whole picture on a colour, or the whole
 * picture over a blurred copy of itself (a little graph inside the chain; its labels carry the
 * clip's index, so two clips in one graph never share them).
 */
function framingFilters(clip: PlannedClip, frame: FrameFit, out: { width: number; height: number }, fit: ClipFit, needsScale: boolean): string[] {
  const scale = needsScale ? [`scale=${frame.scaleWidth}:${frame.scaleHeight}`] : [];
  const scaled = [...scale, 'format=yuv420p'];
  if (frame.scaleWidth === out.width && frame.scaleHeight === out.height) return scaled;
  if (fit.fit === 'crop') return [...scaled, `crop=${out.width}:${out.height}:${frame.x}:${frame.y}`];
  const color = fit.color.toLowerCase() === '#000000' ? 'black' : `0x${fit.color.slice(1)}`;
  if (fit.fit === 'pad') return [...scaled, `pad=${out.width}:${out.height}:${frame.x}:${frame.y}:color=${color}`];
  const i = clip.index;
  const small = { width: smallEven(out.width), height: smallEven(out.height) };
  return [
    `split[fgsrc${i}][bgsrc${i}];` +
      `[bgsrc${i}]scale=${small.width}:${small.height}:force_original_aspect_ratio=increase,crop=${small.width}:${small.height},` +
      `gblur=sigma=2.5,scale=${out.width}:${out.height},eq=brightness=-0.06[bg${i}];` +
      `[fgsrc${i}]${scale.length > 0 ? scale[0] : 'null'}[fg${i}];` +
      `[bg${i}][fg${i}]overlay=x=${frame.x}:y=${frame.y}`,
    'format=yuv420p',
  ];
}

/**
 * The filters that bring one clip to the output frame and rate with its exact frame count (frame N
 * of the result is the clip's frame N on the timeline). The export splits the result into head,
 * body and tail; the preview cuts its segments from the same chain at its proxy size. The clip's
 * framing (its fit, pad colour and subject) is part of the plan, so both frame it the same way.
 */
export function clipNormalizeFilters(
  clip: PlannedClip,
  fps: number,
  out: { width: number; height: number },
  fit: OutputSettings['fit'],
): string[] {
  const m = clip.meta;
  const filters: string[] = [];
  const sameRate = isSameRate(m, fps);
  // Rate conversion where it leaves fewer frames to scale: drop frames before scaling, duplicate after.
  const fpsFirst = !sameRate && m.fps !== null && m.fps > fps;
  if (fpsFirst) filters.push(`fps=${fps}`);

  const clipFit = clip.fit ?? { fit, color: DEFAULT_PAD_COLOR, centre: CENTER };
  const frame = fitFrame({ width: m.width, height: m.height, sar: m.sar }, out, clipFit.fit, clipFit.centre);
  const needsScale = frame.scaleWidth !== m.width || frame.scaleHeight !== m.height || m.sar.num !== m.sar.den;
  const fills = frame.scaleWidth === out.width && frame.scaleHeight === out.height;
  if (needsScale || !fills) filters.push(...framingFilters(clip, frame, out, clipFit, needsScale));
  else if (m.pixFmt !== 'yuv420p') filters.push('format=yuv420p');
  if (!sameRate && !fpsFirst) filters.push(`fps=${fps}`);
  filters.push('setsar=1');

  // Pad with copies of the last frame in case the source runs a little short, then cut exactly.
  const exactSource = sameRate && clip.inS === 0 && m.frames !== null && m.frames >= clip.frames;
  if (!exactSource) filters.push(`tpad=stop_mode=clone:stop=${fps}`);
  filters.push(`settb=1/${fps}`, 'setpts=N', `trim=end_frame=${clip.frames}`);
  // Titles, captions and cards, on the clip's own frames (see text-overlay.ts).
  filters.push(...textFilters(clip, fps, out));
  return filters;
}

/** Normalizes clip i to the output frame and rate with an exact frame count, then splits it. */
export function clipVideoChains(
  clip: PlannedClip,
  i: number,
  fps: number,
  out: { width: number; height: number },
  fit: OutputSettings['fit'],
): string[] {
  const filters = clipNormalizeFilters(clip, fps, out, fit);
  const chains: string[] = [];
  const { headFrames: h, tailFrames: t, frames: k } = clip;
  const bodyFrames = k - h - t;
  const outputs = [h > 0 ? `sh${i}` : null, bodyFrames > 0 ? `sb${i}` : null, t > 0 ? `st${i}` : null].filter(
    (x): x is string => x !== null,
  );
  if (outputs.length === 1 && bodyFrames > 0) {
    chains.push(`[${i}:v]${filters.join(',')}[b${i}]`);
    return chains;
  }
  chains.push(`[${i}:v]${filters.join(',')},split=${outputs.length}${outputs.map((o) => `[${o}]`).join('')}`);
  if (h > 0) chains.push(`[sh${i}]trim=end_frame=${h}[h${i}]`);
  if (bodyFrames > 0) chains.push(`[sb${i}]trim=start_frame=${h}:end_frame=${k - t},setpts=PTS-STARTPTS[b${i}]`);
  if (t > 0) chains.push(`[st${i}]trim=start_frame=${k - t},setpts=PTS-STARTPTS[t${i}]`);
  return chains;
}

/** The full argument list; long graphs go through a script file (Windows caps a command line at 32k). */
export function commandArgs(cmd: FfmpegCommand, filterScript?: { path: string; version: Pick<FfmpegVersion, 'major' | 'libavfilter'> }): string[] {
  const graph = filterScript ? [filterScriptFlag(filterScript.version), filterScript.path] : ['-filter_complex', cmd.filterGraph];
  return [...cmd.inputArgs, ...graph, ...cmd.outputArgs];
}
