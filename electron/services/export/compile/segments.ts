import { createHash } from 'node:crypto';
import type { Fit } from '../../../../shared/values';
import { buildAudioGraph, AUDIO_OUT, type AudioSource } from './audio-graph';
import { clipInputArgs, clipNormalizeFilters, transitionChains, type FfmpegCommand } from './graph';
import { clipAudioSourceChain, clipFrom, clipInput, movieSourceChain, musicSourceChain, readableInGraph, seekTarget, type ClipFrom } from './segment-sources';
import type { PlannedClip, TimelinePlan } from './plan';

/**
 * The timeline as independent pieces: each clip's body (the frames no transition touches), each
 * transition window, and the audio of the whole length. Every piece is cut from the same chains
 * the one-graph export uses (clipNormalizeFilters, transitionChains, buildAudioGraph), so a piece
 * shows exactly the export's frames for its range, and its key changes only when its own inputs
 * do: one changed boundary re-renders one window, not the timeline.
 */

/** Bump when the chains change the pixels a key stands for, so old pieces are not reused. */
export const SEGMENT_GRAPH_VERSION = 3;

export type SegmentKind = 'body' | 'transition';

export interface VideoSegment {
  kind: SegmentKind;
  /** The clip index (body) or the boundary index (transition: between clip i and i + 1). */
  index: number;
  /** Where the piece sits in the output, in frames. */
  startFrame: number;
  frames: number;
  /** Content key: the same key always renders the same frames. */
  key: string;
}

export interface AudioSegment {
  key: string;
  frames: number;
}

/** What a piece is rendered at: the frame, rate and fit, and the encoder settings' identity. */
export interface SegmentFormat {
  width: number;
  height: number;
  fps: number;
  fit: Fit;
  /** Names the encoder settings (e.g. "preview-x264-ultrafast-28"), part of every video key. */
  encoderId: string;
}

/** A clip's identity for the keys: its content (a media id is a content hash) and its cut. */
export interface ClipIdentity {
  /** Content identity of the source file (media id, or path + size + mtime for other files). */
  source: string;
}

export interface MusicIdentity {
  source: string;
  volume: number;
  fadeInS: number;
  fadeOutS: number;
  clipAudioVolume: number;
}

export interface SegmentedTimeline {
  video: VideoSegment[];
  audio: AudioSegment;
}

function keyOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify({ v: SEGMENT_GRAPH_VERSION, value })).digest('hex');
}

function clipCut(clip: PlannedClip, identity: ClipIdentity) {
  return { source: identity.source, inS: clip.inS, outS: clip.outS, frames: clip.frames, fit: clip.fit ?? null, text: clip.text ?? null };
}

/** Splits a planned timeline into its pieces with their keys (pure). */
export function segmentTimeline(
  plan: TimelinePlan,
  identities: readonly ClipIdentity[],
  format: SegmentFormat,
  music: MusicIdentity | null,
): SegmentedTimeline {
  if (identities.length !== plan.clips.length) throw new Error('every clip needs its identity');
  const { width, height, fps, fit, encoderId } = format;
  const frame = { width, height, fps, fit, encoderId };
  const video: VideoSegment[] = [];
  plan.clips.forEach((clip, i) => {
    const id = identities[i] as ClipIdentity;
    const bodyFrames = clip.frames - clip.headFrames - clip.tailFrames;
    if (bodyFrames > 0) {
      video.push({
        kind: 'body',
        index: i,
        startFrame: clip.startFrame + clip.headFrames,
        frames: bodyFrames,
        key: keyOf({ kind: 'body', frame, clip: clipCut(clip, id), from: clip.headFrames, to: clip.frames - clip.tailFrames }),
      });
    }
    const boundary = plan.boundaries[i];
    const next = plan.clips[i + 1];
    if (boundary && next && boundary.frames > 0) {
      video.push({
        kind: 'transition',
        index: i,
        startFrame: boundary.startFrame,
        frames: boundary.frames,
        key: keyOf({
          kind: 'transition',
          frame,
          type: boundary.type,
          frames: boundary.frames,
          left: clipCut(clip, id),
          right: clipCut(next, identities[i + 1] as ClipIdentity),
        }),
      });
    }
  });
  const audio: AudioSegment = {
    frames: plan.totalFrames,
    key: keyOf({
      kind: 'audio',
      fps,
      clips: plan.clips.map((c, i) => (c.meta.hasAudio ? clipCut(c, identities[i] as ClipIdentity) : { silent: c.frames })),
      boundaries: plan.boundaries.map((b) => b.frames),
      music,
    }),
  };
  return { video, audio };
}

/** fMP4 that Media Source Extensions take piece by piece, and that concat can join. */
export function fragmentedMp4Args(kind: 'video' | 'audio'): string[] {
  return kind === 'video'
    ? ['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4']
    : ['-movflags', '+empty_moov+default_base_moof', '-frag_duration', '2000000', '-f', 'mp4'];
}

/** The label every video segment's graph ends in. */
const SEGMENT_OUT = 'seg';

/** The output half of every video segment's command at this rate and encoder (a warm FFmpeg's settings). */
export function videoSegmentOutputArgs(fps: number, encoderArgs: readonly string[]): string[] {
  return ['-map', `[${SEGMENT_OUT}]`, '-an', ...encoderArgs, '-r', String(fps), ...fragmentedMp4Args('video')];
}

/** Where a segment's clips come from: `-i` inputs, or sources inside the graph (see segment-sources.ts). */
export type SegmentSources = 'inputs' | 'graph';

/** How a segment's graph names its labels: alone in its graph, or indexed to share a graph with others. */
export type SegmentLabels = 'single' | 'indexed';

/** The output label of a segment's graph with indexed labels: unique within one timeline. */
export function segmentOutputLabel(segment: Pick<VideoSegment, 'kind' | 'index'>): string {
  return `${segment.kind === 'body' ? 'b' : 'w'}${segment.index}`;
}

/** Every clip the segment is cut from can be read inside the graph. */
export function segmentReadableInGraph(plan: TimelinePlan, segment: Pick<VideoSegment, 'kind' | 'index'>): boolean {
  const clips = segment.kind === 'body' ? [plan.clips[segment.index]] : [plan.clips[segment.index], plan.clips[segment.index + 1]];
  return clips.every((c) => c !== undefined && readableInGraph(c));
}

/**
 * One video piece as an FFmpeg command: the clip (or both clips of a window) normalized by the
 * export's own chain at the piece's frame size, cut to the piece's frames. Each clip is read from
 * the frame the piece needs on (a seek where exact), through `-i` inputs or, with
 * `sources: 'graph'`, inside the graph (a command with no inputs).
 */
export function buildVideoSegmentCommand(
  plan: TimelinePlan,
  segment: Pick<VideoSegment, 'kind' | 'index' | 'frames'>,
  format: SegmentFormat,
  encoderArgs: readonly string[],
  sources: SegmentSources = 'inputs',
  labels: SegmentLabels = 'single',
): FfmpegCommand {
  const { fps } = plan;
  // Indexed labels (t<i>, h<i+1>, the output named by segmentOutputLabel) keep several pieces'
  // chains apart in one graph, so one FFmpeg run can encode a batch of them to separate files.
  const at = labels === 'indexed' ? segment.index : 0;
  const outLabel = labels === 'indexed' ? segmentOutputLabel(segment) : SEGMENT_OUT;
  const out = { width: format.width, height: format.height };
  const inputArgs: string[] = [];
  /** The chain that reads a clip and brings it to the output frame and rate, as input `n`. */
  const read = (from: ClipFrom, n: number) => {
    const normalized = clipNormalizeFilters(from.clip, fps, out, format.fit).join(',');
    if (sources === 'graph') return `${movieSourceChain(from.clip, fps)},${normalized}`;
    inputArgs.push(...clipInput(seekTarget(from, fps), fps));
    return `[${n}:v]${normalized}`;
  };
  const chains: string[] = [];
  if (segment.kind === 'body') {
    const clip = plan.clips[segment.index];
    if (!clip) throw new Error(`no clip ${segment.index}`);
    const from = clipFrom(clip, clip.headFrames, fps);
    const start = clip.headFrames - from.skipped;
    chains.push(`${read(from, 0)},trim=start_frame=${start}:end_frame=${clip.frames - from.skipped - clip.tailFrames},setpts=PTS-STARTPTS[${outLabel}]`);
  } else {
    const left = plan.clips[segment.index];
    const right = plan.clips[segment.index + 1];
    const boundary = plan.boundaries[segment.index];
    if (!left || !right || !boundary || boundary.frames === 0) throw new Error(`no transition at boundary ${segment.index}`);
    const tail = clipFrom(left, left.frames - left.tailFrames, fps);
    // Labels as the one-graph export names them (t<i>, h<i+1>), so transitionChains is used unchanged.
    chains.push(`${read(tail, 0)},trim=start_frame=${left.frames - left.tailFrames - tail.skipped},setpts=PTS-STARTPTS[t${at}]`);
    chains.push(`${read({ clip: right, skipped: 0 }, 1)},trim=end_frame=${right.headFrames}[h${at + 1}]`);
    chains.push(...transitionChains(at, boundary.type, boundary.frames, fps), `[x${at}]null[${outLabel}]`);
  }
  const durationS = segment.frames / fps;
  return {
    inputArgs,
    filterGraph: chains.join(';\n'),
    outputArgs: videoSegmentOutputArgs(fps, encoderArgs),
    totalFrames: segment.frames,
    durationS,
  };
}

/** The whole timeline's sound (clips' audio crossfaded like the video, and the music) as one command. */
export function buildAudioSegmentCommand(
  plan: TimelinePlan,
  music: { path: string; volume: number; fadeInS: number; fadeOutS: number; clipAudioVolume: number } | null,
  encoderArgs: readonly string[],
  sources: SegmentSources = 'inputs',
): FfmpegCommand {
  const inputArgs: string[] = [];
  let inputs = 0;
  const input = (args: string[]): number => {
    inputArgs.push(...args);
    return inputs++;
  };
  const audioInputs = plan.clips.map((clip): AudioSource | null => {
    if (!clip.meta.hasAudio) return null;
    return sources === 'graph' ? (clipAudioSourceChain(clip) as string) : input(clipInputArgs(clip, plan.fps));
  });
  const musicInput = music ? (sources === 'graph' ? (musicSourceChain(music.path) as string) : input(['-stream_loop', '-1', '-i', music.path])) : null;
  const chains = buildAudioGraph({
    fps: plan.fps,
    clips: plan.clips.map((c, i) => ({ audioInput: audioInputs[i] ?? null, frames: c.frames })),
    boundaries: plan.boundaries,
    totalFrames: plan.totalFrames,
    music: music && musicInput !== null ? { input: musicInput, ...music } : null,
  });
  return {
    inputArgs,
    filterGraph: chains.join(';\n'),
    outputArgs: audioSegmentOutputArgs(encoderArgs),
    totalFrames: plan.totalFrames,
    durationS: plan.durationS,
  };
}

/** Every clip with sound and the music can be read inside the graph. */
export function audioReadableInGraph(plan: TimelinePlan, musicPath: string | null): boolean {
  return plan.clips.every((c) => !c.meta.hasAudio || clipAudioSourceChain(c) !== null) && (musicPath === null || musicSourceChain(musicPath) !== null);
}

/** The output half of the sound's command (a warm FFmpeg's settings). */
export function audioSegmentOutputArgs(encoderArgs: readonly string[]): string[] {
  return ['-map', `[${AUDIO_OUT}]`, '-vn', ...encoderArgs, ...fragmentedMp4Args('audio')];
}
