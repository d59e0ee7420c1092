import type { Music } from './request';
import { windowsCommandLineLength } from '../../ffmpeg/command-line';
import { guardInputs } from '../../ffmpeg/input-guard';
import { buildAudioGraph } from './audio-graph';
import { copiedVideoCommand } from './fast-path';
import type { FfmpegCommand } from './graph';
import type { PlannedClip, TimelinePlan } from './plan';

/**
 * Long timelines in parts. Windows caps a command line at 32,767 characters, and every clip is an
 * FFmpeg input with its own options and path on it (the graph itself is in a script file): about
 * 260 characters a clip with a long %LOCALAPPDATA% path, so ~120 clips fill it. A timeline whose
 * command would pass COMMAND_LINE_BUDGET is rendered in parts of consecutive clips, each part a
 * normal graph run (same encoder and settings, audio as PCM in .mov), then the parts are joined
 * by stream copy with the music mixed in. A part ends in the middle of a clip, right after the
 * head that the transition before it uses, so every transition lies wholly inside one part and
 * each part starts on a keyframe (design notes: H.264 joins without re-encoding only then).
 */
export const COMMAND_LINE_BUDGET = 24_000;

/**
 * Clips one FFmpeg graph decodes at most. Every clip is an input with its own decoder and buffers,
 * so a graph's memory grows with its clips (720p: 290 MB at 10 clips, 1.7 GB at 120); longer
 * timelines are rendered in parts, which bounds it.
 */
export const MAX_CLIPS_PER_GRAPH = 20;

/** The arguments the runner adds in front (progress pipe, flags) and the output temp path, with room to spare. */
const RUNNER_OVERHEAD = 600;

/** Whether this command, as the runner will spawn it, stays under the budget. */
export function fitsCommandLine(ffmpegPath: string, args: readonly string[], budget = COMMAND_LINE_BUDGET): boolean {
  return windowsCommandLineLength(ffmpegPath, guardInputs(args)) + RUNNER_OVERHEAD <= budget;
}

/**
 * Splits a plan into consecutive parts of at most `maxClips` clips (a clip split across two parts
 * counts in both). Parts break before a clip that starts with a cut, or inside a clip right after
 * its head (the incoming transition's frames), so no transition spans two parts. The parts' frame
 * counts add up to the plan's.
 */
export function splitPlan(plan: TimelinePlan, maxClips: number): TimelinePlan[] {
  if (maxClips < 2) throw new Error('a part holds at least two clips');
  const parts: TimelinePlan[] = [];
  let clips: PlannedClip[] = [];
  let boundaries: TimelinePlan['boundaries'] = [];
  const close = () => {
    const totalFrames = clips.reduce((s, c) => s + c.frames, 0) - boundaries.reduce((s, b) => s + b.frames, 0);
    parts.push({ fps: plan.fps, clips, boundaries, totalFrames, durationS: totalFrames / plan.fps });
    clips = [];
    boundaries = [];
  };
  plan.clips.forEach((clip, i) => {
    const before = i > 0 ? plan.boundaries[i - 1] : undefined;
    if (!before || clips.length === 0) {
      clips.push(clip);
      return;
    }
    // A cut: the part may end before this clip.
    if (before.frames === 0 && clips.length >= maxClips) {
      close();
      clips.push(clip);
      return;
    }
    if (before.frames === 0 || clips.length < maxClips - 1) {
      boundaries.push(before);
      clips.push(clip);
      return;
    }
    // A transition: split clip i after its head, which ends this part (finishing the transition); the rest starts the next.
    const head = clip.headFrames;
    const cutS = clip.inS + head / plan.fps;
    boundaries.push(before);
    clips.push({ ...clip, outS: cutS, frames: head, tailFrames: 0 });
    close();
    clips.push({ ...clip, inS: cutS, frames: clip.frames - head, headFrames: 0 });
  });
  if (clips.length) close();
  return parts;
}

/**
 * Joins the rendered parts: the video is copied, the parts' audio (the clips' sound, already cut
 * and crossfaded) is mixed with the music exactly as a one-run export does.
 */
export function buildPartsJoinCommand(input: { plan: TimelinePlan; listPath: string; music?: Music | null }): FfmpegCommand {
  const { plan, listPath, music } = input;
  const inputArgs = ['-f', 'concat', '-safe', '0', '-auto_convert', '0', '-i', listPath];
  if (music) inputArgs.push('-stream_loop', '-1', '-i', music.path);
  const anyClipAudio = plan.clips.some((c) => c.meta.hasAudio);
  const graph = buildAudioGraph({
    fps: plan.fps,
    clips: [{ audioInput: anyClipAudio ? 0 : null, frames: plan.totalFrames }],
    boundaries: [],
    totalFrames: plan.totalFrames,
    music: music ? { input: 1, ...music } : null,
  });
  return copiedVideoCommand(plan, inputArgs, graph);
}

/**
 * The parts of a long timeline whose commands all fit: halves the clips per part until every
 * part's arguments (built by `argsOf`, pure) pass `fits`. Returns each part with its arguments.
 */
export function partsThatFit(
  plan: TimelinePlan,
  argsOf: (part: TimelinePlan, index: number) => string[],
  fits: (args: readonly string[]) => boolean,
  maxClipsPerPart = MAX_CLIPS_PER_GRAPH,
): { plan: TimelinePlan; args: string[] }[] {
  for (let maxClips = Math.max(2, Math.min(maxClipsPerPart, Math.ceil(plan.clips.length / 2))); ; maxClips = Math.max(2, Math.floor(maxClips / 2))) {
    const parts = splitPlan(plan, maxClips).map((part, i) => ({ plan: part, args: argsOf(part, i) }));
    if (maxClips === 2 || parts.every((part) => fits(part.args))) return parts;
  }
}
