import { createHash } from 'node:crypto';
import type { Fit } from '../../../../shared/values';
import { buildAudioGraph, AUDIO_OUT } from './audio-graph';
import { clipInputArgs, clipNormalizeFilters, transitionChains, type FfmpegCommand } from './graph';
import type { PlannedClip, TimelinePlan } from './plan';

/**
 * The timeline as independent pieces: each clip's body (the frames no transition touches), each
 * transition window, and the audio of the whole length. Every piece is cut from the same chains
 * the one-graph export uses (clipNormalizeFilters, transitionChains, buildAudioGraph), so a piece
 * shows exactly the export's frames for its range, and its key changes only when its own inputs
 * do: one changed boundary re-renders one window, not the timeline.
 */

/** Bump when the chains change the pixels a key stands for, so old pieces are not reused. */
export const SEGMENT_GRAPH_VERSION = 2;

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
  return { source: identity.source, inS: clip.inS, outS: clip.outS, frames: clip.frames, fit: clip.fit ?? null };
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

/**
 * One video piece as an FFmpeg command: the clip (or both clips of a window) normalized by the
 * export's own chain at the piece's frame size, cut to the piece's frames.
 */
export function buildVideoSegmentCommand(
  plan: TimelinePlan,
  segment: Pick<VideoSegment, 'kind' | 'index' | 'frames'>,
  format: SegmentFormat,
  encoderArgs: readonly string[],
): FfmpegCommand {
  const { fps } = plan;
  const out = { width: format.width, height: format.height };
  const normalized = (clip: PlannedClip) => clipNormalizeFilters(clip, fps, out, format.fit).join(',');
  const inputArgs: string[] = [];
  const chains: string[] = [];
  let label: string;
  if (segment.kind === 'body') {
    const clip = plan.clips[segment.index];
    if (!clip) throw new Error(`no clip ${segment.index}`);
    inputArgs.push('-threads', '1', ...clipInputArgs(clip, fps));
    chains.push(`[0:v]${normalized(clip)},trim=start_frame=${clip.headFrames}:end_frame=${clip.frames - clip.tailFrames},setpts=PTS-STARTPTS[body]`);
    label = 'body';
  } else {
    const left = plan.clips[segment.index];
    const right = plan.clips[segment.index + 1];
    const boundary = plan.boundaries[segment.index];
    if (!left || !right || !boundary || boundary.frames === 0) throw new Error(`no transition at boundary ${segment.index}`);
    inputArgs.push('-threads', '1', ...clipInputArgs(left, fps), '-threads', '1', ...clipInputArgs(right, fps));
    // Labels as the one-graph export names them (t<i>, h<i+1>), so transitionChains is used unchanged.
    chains.push(`[0:v]${normalized(left)},trim=start_frame=${left.frames - left.tailFrames},setpts=PTS-STARTPTS[t0]`);
    chains.push(`[1:v]${normalized(right)},trim=end_frame=${right.headFrames}[h1]`);
    chains.push(...transitionChains(0, boundary.type, boundary.frames, fps));
    label = 'x0';
  }
  const durationS = segment.frames / fps;
  return {
    inputArgs,
    filterGraph: chains.join(';\n'),
    outputArgs: ['-map', `[${label}]`, '-an', ...encoderArgs, '-r', String(fps), ...fragmentedMp4Args('video')],
    totalFrames: segment.frames,
    durationS,
  };
}

/** The whole timeline's sound (clips' audio crossfaded like the video, and the music) as one command. */
export function buildAudioSegmentCommand(
  plan: TimelinePlan,
  music: { path: string; volume: number; fadeInS: number; fadeOutS: number; clipAudioVolume: number } | null,
  encoderArgs: readonly string[],
): FfmpegCommand {
  const inputArgs: string[] = [];
  const audioInputs: Array<number | null> = [];
  let inputs = 0;
  for (const clip of plan.clips) {
    if (!clip.meta.hasAudio) {
      audioInputs.push(null);
      continue;
    }
    inputArgs.push(...clipInputArgs(clip, plan.fps));
    audioInputs.push(inputs++);
  }
  let musicInput: number | null = null;
  if (music) {
    inputArgs.push('-stream_loop', '-1', '-i', music.path);
    musicInput = inputs++;
  }
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
    outputArgs: ['-map', `[${AUDIO_OUT}]`, '-vn', ...encoderArgs, ...fragmentedMp4Args('audio')],
    totalFrames: plan.totalFrames,
    durationS: plan.durationS,
  };
}
