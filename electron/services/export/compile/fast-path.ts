import type { Music } from './request';
import { outputDimensions, type OutputSettings } from '../../../../shared/values';
import { AUDIO_OUT, buildAudioGraph } from './audio-graph';
import { audioEncoderArgs, mp4ContainerArgs } from './encoder-args';
import type { FfmpegCommand } from './graph';
import type { TimelinePlan } from './plan';

export type StreamCopyCheck = { ok: true } | { ok: false; reason: string };

/**
 * A cut-only timeline of untrimmed clips that already are what the output asks for (H.264 yuv420p,
 * same size, rate and decoder configuration) can be stream-copied: only the audio is encoded.
 */
export function canStreamCopy(plan: TimelinePlan, output: OutputSettings): StreamCopyCheck {
  const dims = outputDimensions(output.aspect, output.resolution);
  if (plan.boundaries.some((b) => b.frames > 0)) return { ok: false, reason: 'the timeline has transitions' };
  if (plan.clips.some((c) => c.text)) return { ok: false, reason: 'the timeline has text' };
  const first = plan.clips[0]?.meta;
  if (!first) return { ok: false, reason: 'empty timeline' };
  for (const clip of plan.clips) {
    const m = clip.meta;
    const why =
      m.codec !== 'h264' ? `${m.label} is ${m.codec}, not H.264`
      : m.pixFmt !== 'yuv420p' ? `${m.label} is ${m.pixFmt}, not yuv420p`
      : m.width !== dims.width || m.height !== dims.height ? `${m.label} is ${m.width}x${m.height}, not ${dims.width}x${dims.height}`
      : m.sar.num !== m.sar.den ? `${m.label} has non-square pixels`
      : m.rotation !== 0 ? `${m.label} is rotated`
      : m.fps === null || Math.abs(m.fps - plan.fps) > 0.001 || (m.tbr !== null && Math.abs(m.tbr - plan.fps) > 0.001)
        ? `${m.label} is not ${plan.fps} fps`
      : m.frames === null || clip.inS > 0 || clip.frames !== m.frames ? `${m.label} is trimmed`
      : !m.codecConfigHash || m.codecConfigHash !== first.codecConfigHash || m.profile !== first.profile || m.tbn !== first.tbn
        ? `${m.label} has different codec parameters`
      : null;
    if (why) return { ok: false, reason: why };
  }
  return { ok: true };
}

/** The concat demuxer's list file. Paths are quoted; a quote inside is written as '\''. */
export function concatList(paths: readonly string[]): string {
  return `ffconcat version 1.0\n${paths.map((p) => `file '${p.replace(/'/g, "'\\''")}'`).join('\n')}\n`;
}

/**
 * Stream-copy command: input 0 is the concat list, then each clip with audio, then the music.
 * The video is copied; the audio graph is the same one the filter-graph path uses.
 */
export function buildStreamCopyCommand(input: { plan: TimelinePlan; concatListPath: string; music?: Music | null }): FfmpegCommand {
  const { plan, concatListPath, music } = input;
  // auto_convert 0: the clips share one decoder configuration, so their packets go in untouched
  // (by default the demuxer would re-insert SPS/PPS in front of every clip's first keyframe).
  const inputArgs = ['-f', 'concat', '-safe', '0', '-auto_convert', '0', '-i', concatListPath];
  let next = 1;
  const audioInputs = plan.clips.map((c) => {
    if (!c.meta.hasAudio) return null;
    inputArgs.push('-i', c.meta.path);
    return next++;
  });
  let musicInput: number | null = null;
  if (music) {
    musicInput = next++;
    inputArgs.push('-stream_loop', '-1', '-i', music.path);
  }
  const graph = buildAudioGraph({
    fps: plan.fps,
    clips: plan.clips.map((c, i) => ({ audioInput: audioInputs[i] ?? null, frames: c.frames })),
    boundaries: plan.boundaries,
    totalFrames: plan.totalFrames,
    music: music && musicInput !== null ? { input: musicInput, ...music } : null,
  });
  return copiedVideoCommand(plan, inputArgs, graph);
}

/** Input 0's video copied as it is, the audio graph's output encoded: the stream-copy and parts-join commands. */
export function copiedVideoCommand(plan: TimelinePlan, inputArgs: string[], audioGraph: string[]): FfmpegCommand {
  return {
    inputArgs,
    filterGraph: audioGraph.join(';\n'),
    outputArgs: ['-map', '0:v:0', '-c:v', 'copy', '-map', `[${AUDIO_OUT}]`, ...audioEncoderArgs(), ...mp4ContainerArgs()],
    totalFrames: plan.totalFrames,
    durationS: plan.durationS,
  };
}
