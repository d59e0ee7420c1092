// Segments read their clips from the frame they need (a seek) and, where they can, inside the
// graph (no -i inputs, so an FFmpeg that is already running can take them). Both must give the
// frames of the export's own chain read from the clip's first frame: checked frame by frame,
// losslessly encoded, on takes with a keyframe every 10 frames (seeks land mid-GOP), a take at
// another rate, a cut on a frame and a cut between frames.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clipMetaFromProbe, type ClipMeta } from '../../../electron/services/export/compile/clip-meta';
import { clipInputArgs, clipNormalizeFilters, commandArgs, type FfmpegCommand } from '../../../electron/services/export/compile/graph';
import { planTimeline, type TimelinePlan } from '../../../electron/services/export/compile/plan';
import { clipFrom, escapeFilterValue, readableInGraph } from '../../../electron/services/export/compile/segment-sources';
import {
  audioReadableInGraph,
  buildAudioSegmentCommand,
  buildVideoSegmentCommand,
  segmentTimeline,
  type SegmentFormat,
} from '../../../electron/services/export/compile/segments';
import { probeMediaFiles } from '../../../electron/services/ffmpeg/probe';
import { attachText } from '../../../electron/services/export/compile/text-overlay';
import { loadTextFonts } from '../../../electron/services/export/compile/text-fonts';
import { defaultFontsDir } from '../../../electron/services/export/compile/text-request';
import { FFMPEG, makeTestAudio, makeTestClip, runTool } from '../../support/ffmpeg-fixtures';
import { useTempDir } from '../../support/temp-dir';

const tempDir = useTempDir('echoes-segments-');
const LOSSLESS = ['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p'];
const format: SegmentFormat = { width: 320, height: 180, fps: 30, fit: 'pad', encoderId: 'test-lossless' };

async function frameHashes(file: string): Promise<string[]> {
  const { stdout } = await runTool(FFMPEG, ['-v', 'error', '-i', file, '-map', '0:v', '-f', 'framemd5', '-']);
  return stdout
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').at(-1)!.trim());
}

async function render(command: FfmpegCommand, file: string): Promise<string[]> {
  await runTool(FFMPEG, ['-v', 'error', '-y', ...commandArgs(command), file]);
  return frameHashes(file);
}

/** The export's chain for a clip, read from its first frame, cut to [from, to): what a segment must show. */
function reference(plan: TimelinePlan, index: number, from: number, to: number): FfmpegCommand {
  const clip = plan.clips[index]!;
  return {
    inputArgs: clipInputArgs(clip, plan.fps),
    filterGraph: `[0:v]${clipNormalizeFilters(clip, plan.fps, format, format.fit).join(',')},trim=start_frame=${from}:end_frame=${to},setpts=PTS-STARTPTS[ref]`,
    outputArgs: ['-map', '[ref]', ...LOSSLESS, '-f', 'mp4'],
    totalFrames: to - from,
    durationS: (to - from) / plan.fps,
  };
}

async function probedClips(dir: string): Promise<ClipMeta[]> {
  // An apostrophe, a colon, a comma and brackets in the folder: the graph's escaping is exercised.
  const folder = path.join(dir, "take's: [a],b;c");
  const { mkdir } = await import('node:fs/promises');
  await mkdir(folder, { recursive: true });
  const files = [
    await makeTestClip(path.join(folder, 'a.mp4'), { width: 640, height: 360, fps: 30, durationS: 2, extraArgs: ['-g', '10'] }),
    await makeTestClip(path.join(folder, 'b.mp4'), { width: 480, height: 360, fps: 24, durationS: 2, pattern: 'smptebars', extraArgs: ['-g', '10'] }),
    await makeTestClip(path.join(folder, 'c.mp4'), { width: 640, height: 360, fps: 30, durationS: 2, hue: 90, extraArgs: ['-g', '10'] }),
  ];
  const infos = await probeMediaFiles(FFMPEG, files, { countFrames: true });
  return infos.map((info, i) => clipMetaFromProbe(info, `clip ${i + 1}`));
}

describe('segments read exactly the export’s frames, seeking and inside the graph', { timeout: 120_000 }, () => {
  it('bodies and transition windows match the export’s chain frame for frame, in both ways of reading', async () => {
    const dir = tempDir();
    const metas = await probedClips(dir);
    expect(metas.every((m) => readableInGraph({ meta: m } as never))).toBe(true);
    for (const cut of [0.5, 0.37]) {
      // Clip 1 cut on a frame or between frames; clip 2 at 24 fps in a 30 fps timeline.
      const plan = planTimeline(
        {
          clips: [{ inS: cut }, { inS: 0, transitionOut: { type: 'wipeleft', durationS: 0.3 } }, { inS: 0 }],
          transition: { type: 'fade', durationS: 0.4 },
        },
        metas,
        30,
      );
      const pieces = segmentTimeline(plan, metas.map((m) => ({ source: m.path })), format, null);
      for (const piece of pieces.video) {
        const name = `${cut}-${piece.kind}-${piece.index}`;
        const expected =
          piece.kind === 'body'
            ? await render(reference(plan, piece.index, plan.clips[piece.index]!.headFrames, plan.clips[piece.index]!.frames - plan.clips[piece.index]!.tailFrames), path.join(dir, `${name}-ref.mp4`))
            : null;
        const viaInputs = await render(buildVideoSegmentCommand(plan, piece, format, LOSSLESS, 'inputs'), path.join(dir, `${name}-inputs.mp4`));
        const inGraph = await render(buildVideoSegmentCommand(plan, piece, format, LOSSLESS, 'graph'), path.join(dir, `${name}-graph.mp4`));
        expect(viaInputs, name).toHaveLength(piece.frames);
        expect(inGraph, name).toEqual(viaInputs);
        if (expected) expect(viaInputs, name).toEqual(expected);
      }
      // A transition's tail seen through the export's chain (read from frame 0) is the window's left side.
      const window = pieces.video.find((p) => p.kind === 'transition' && p.index === 0)!;
      const left = plan.clips[0]!;
      const tailRef = await render(reference(plan, 0, left.frames - left.tailFrames, left.frames), path.join(dir, `${cut}-tail-ref.mp4`));
      const tailOnly = buildVideoSegmentCommand(plan, { ...window }, format, LOSSLESS, 'graph');
      // The same command with the mix replaced by the left input alone.
      tailOnly.filterGraph = tailOnly.filterGraph.replace(/\[t0\][\s\S]*$/, '[seg]');
      expect(await render(tailOnly, path.join(dir, `${cut}-tail-graph.mp4`))).toEqual(tailRef);
    }
  });

  it('text on the clips: every piece draws it on the export chain’s frames, from a seek too, and its keys follow the text', async () => {
    const dir = tempDir();
    const metas = await probedClips(dir);
    const look = { style: 'lower-third', size: 'medium', color: '#ffee00', position: null } as const;
    const planned = planTimeline(
      { clips: [{ inS: 0.5 }, { inS: 0 }, { inS: 0 }], transition: { type: 'fade', durationS: 0.4 } },
      metas,
      30,
    );
    const text = (caption: string) => ({
      title: { text: "Title: it's [here]", look: { ...look, style: 'big-bold' as const }, background: 'color' as const, color: '#203040', durationS: 1 },
      endCard: { text: 'The end', look: { ...look, style: 'centred' as const }, background: 'clip' as const, color: '#000000', durationS: 1 },
      captionLook: look,
      captions: [caption, 'second, %{pts}', null],
    });
    const plan = attachText(planned, text('first: a caption'), '16:9', loadTextFonts(defaultFontsDir()));
    expect(plan.clips.every((c) => c.text)).toBe(true);
    const pieces = segmentTimeline(plan, metas.map((m) => ({ source: m.path })), format, null);
    for (const piece of pieces.video.filter((p) => p.kind === 'body')) {
      const clip = plan.clips[piece.index]!;
      const name = `text-body-${piece.index}`;
      const expected = await render(reference(plan, piece.index, clip.headFrames, clip.frames - clip.tailFrames), path.join(dir, `${name}-ref.mp4`));
      expect(await render(buildVideoSegmentCommand(plan, piece, format, LOSSLESS, 'graph'), path.join(dir, `${name}-graph.mp4`)), name).toEqual(expected);
      expect(await render(buildVideoSegmentCommand(plan, piece, format, LOSSLESS, 'inputs'), path.join(dir, `${name}-inputs.mp4`)), name).toEqual(expected);
    }
    // The same cut without text shows other frames, and other text gives other keys to the pieces it is on.
    const plain = segmentTimeline(planned, metas.map((m) => ({ source: m.path })), format, null);
    const other = segmentTimeline(attachText(planned, text('another caption'), '16:9', loadTextFonts(defaultFontsDir())), metas.map((m) => ({ source: m.path })), format, null);
    expect(plain.video.map((p) => p.key)).not.toEqual(pieces.video.map((p) => p.key));
    const changed = other.video.filter((p, i) => p.key !== pieces.video[i]!.key).map((p) => `${p.kind}-${p.index}`);
    expect(changed).toEqual(['body-0', 'transition-0']);
  });

  it('the sound read inside the graph is the sound read through inputs, music looped, sample for sample', async () => {
    const dir = tempDir();
    const files = [
      await makeTestClip(path.join(dir, 'a.mp4'), { width: 160, height: 90, durationS: 2, audio: { frequency: 440 } }),
      await makeTestClip(path.join(dir, 'b.mp4'), { width: 160, height: 90, durationS: 2 }),
      await makeTestClip(path.join(dir, 'c.mp4'), { width: 160, height: 90, durationS: 2, audio: { frequency: 660 } }),
    ];
    const music = await makeTestAudio(path.join(dir, 'music.m4a'), { durationS: 1.3, kind: 'music' });
    const metas = (await probeMediaFiles(FFMPEG, files, { countFrames: true })).map((info, i) => clipMetaFromProbe(info, `clip ${i + 1}`));
    const plan = planTimeline({ clips: metas.map(() => ({ inS: 0 })), transition: { type: 'fade', durationS: 0.4 } }, metas, 30);
    const settings = { path: music, volume: 70, fadeInS: 0.5, fadeOutS: 1, clipAudioVolume: 40 };
    expect(audioReadableInGraph(plan, music)).toBe(true);
    const decoded = async (command: FfmpegCommand, name: string) => {
      const file = path.join(dir, name);
      await runTool(FFMPEG, ['-v', 'error', '-y', ...commandArgs(command), file]);
      return (await runTool(FFMPEG, ['-v', 'error', '-i', file, '-map', '0:a', '-f', 'md5', '-'])).stdout.trim();
    };
    const aac = ['-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2'];
    const viaInputs = buildAudioSegmentCommand(plan, settings, aac, 'inputs');
    const inGraph = buildAudioSegmentCommand(plan, settings, aac, 'graph');
    expect(inGraph.inputArgs).toEqual([]);
    expect(await decoded(inGraph, 'graph.mp4')).toBe(await decoded(viaInputs, 'inputs.mp4'));
    // A cut clip with sound is read through an input (its seek is -ss's).
    const cut = planTimeline({ clips: [{ inS: 0.5 }, { inS: 0 }, { inS: 0 }], transition: { type: 'cut', durationS: 0 } }, metas, 30);
    expect(audioReadableInGraph(cut, music)).toBe(false);
    expect(audioReadableInGraph(plan, path.join(dir, 'music.xyz'))).toBe(false);
  });

  it('seeks only where a frame number is one timestamp', () => {
    const meta = { fps: 30, tbr: 30 } as ClipMeta;
    const clip = { index: 0, meta, inS: 0.5, outS: 2, frames: 45, headFrames: 6, tailFrames: 9, startFrame: 0 };
    expect(clipFrom(clip, 6, 30)).toMatchObject({ skipped: 6, clip: { inS: 0.7, frames: 39, headFrames: 0, tailFrames: 9 } });
    expect(clipFrom({ ...clip, inS: 0.51 }, 6, 30).skipped).toBe(0);
    expect(clipFrom({ ...clip, meta: { ...meta, fps: 24, tbr: 24 } }, 6, 30).skipped).toBe(0);
    expect(clipFrom(clip, 0, 30).skipped).toBe(0);
  });

  it('escapes a path twice, for the option and for the graph', () => {
    expect(escapeFilterValue("C:\\a's [x],y;z")).toBe(String.raw`C\\:\\\\a\\\'s \[x\]\,y\;z`);
  });
});
