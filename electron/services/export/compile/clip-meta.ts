import type { MediaInfo } from '../../ffmpeg/probe';
import type { Rational } from '../../ffmpeg/probe-parse';

/** What the graph builder needs to know about one source clip (from a probe, or made up in tests). */
export interface ClipMeta {
  path: string;
  /** Used in error messages: the caller's clip id or the file name. */
  label: string;
  /** Video stream duration in seconds. */
  durationS: number;
  /** Exact frame count when known. */
  frames: number | null;
  /** Frame size and SAR as filters receive them (after autorotation). */
  width: number;
  height: number;
  sar: Rational;
  fps: number | null;
  /** FFmpeg's tbr; differs from fps for variable-frame-rate sources. */
  tbr: number | null;
  pixFmt: string;
  hasAudio: boolean;
  /** Stream-copy compatibility (fast path). */
  codec: string;
  profile: string | null;
  tbn: string | null;
  rotation: 0 | 90 | 180 | 270;
  codecConfigHash: string | null;
  /** FFmpeg's demuxer names for the file ("mov,mp4,m4a,3gp,3g2,mj2"), when probed. */
  container?: string;
  /** The container's start time in seconds, when probed. */
  startS?: number;
}

export function clipMetaFromProbe(info: MediaInfo, label: string): ClipMeta {
  const v = info.video;
  if (!v) throw new Error(`${label} ("${info.path}") has no video stream`);
  const durationS = v.durationS ?? info.durationS;
  if (!durationS || durationS <= 0) throw new Error(`${label} ("${info.path}") has no readable duration`);
  return {
    path: info.path,
    label,
    durationS,
    frames: v.frames,
    width: v.frameWidth,
    height: v.frameHeight,
    sar: v.frameSar,
    fps: v.fps,
    tbr: v.tbr,
    pixFmt: v.pixFmt,
    hasAudio: info.audio !== null,
    codec: v.codec,
    profile: v.profile,
    tbn: v.tbn,
    rotation: v.rotation,
    codecConfigHash: v.codecConfigHash,
    container: info.container,
    startS: info.startS,
  };
}
