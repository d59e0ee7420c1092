import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputSettingsSchema } from '../../../shared/output';
import type { ClipMeta } from '../../../electron/services/export/compile/clip-meta';
import { compileTimeline } from '../../../electron/services/export/compile/index';
import { buildFilterGraphCommand, commandArgs } from '../../../electron/services/export/compile/graph';
import { buildPartsJoinCommand, COMMAND_LINE_BUDGET, fitsCommandLine, partsThatFit, splitPlan } from '../../../electron/services/export/compile/parts';
import { planTimeline, type TimelinePlan } from '../../../electron/services/export/compile/plan';
import { TimelineSchema } from '../../../electron/services/export/compile/request';
import { WINDOWS_COMMAND_LINE_MAX, windowsCommandLineLength } from '../../../electron/services/ffmpeg/command-line';
import { guardInputs } from '../../../electron/services/ffmpeg/input-guard';
import { locateFfmpeg, type FfmpegLocation } from '../../../electron/services/ffmpeg';
import { countFrames, ffprobe, frameColor, makeTempDir, makeTestAudio, makeTestClip } from '../../support/ffmpeg-fixtures';

const FFMPEG_EXE = 'C:\\Program Files\\Echoes Studio\\resources\\ffmpeg\\ffmpeg.exe';
const USER = 'C:\\Users\\Alexandra Konstantinopoulou-Vasquez';
const MEDIA = `${USER}\\AppData\\Local\\Echoes Studio\\media`;
const nightly = { major: null, libavfilter: { major: 10, minor: 1 } };

/** A media-store path as a Windows library has it: long user name, sharded folder, sha256 name. */
function windowsClipPath(i: number): string {
  const hash = `${i.toString(16).padStart(6, '0')}${'abcdef0123456789'.repeat(4)}`.slice(0, 64);
  return `${MEDIA}\\${hash.slice(0, 2)}\\${hash}.mp4`;
}

function meta(i: number): ClipMeta {
  return {
    path: windowsClipPath(i), label: `Clip ${i + 1}`, durationS: 5, frames: 150, width: 1280, height: 720, sar: { num: 1, den: 1 },
    fps: 30, tbr: 30, pixFmt: 'yuv420p', hasAudio: i % 3 === 0, codec: 'h264', profile: 'High', tbn: '15360', rotation: 0, codecConfigHash: 'a',
  };
}

/** 500 trimmed clips with crossfades: every clip input carries -ss, -t, -threads and the whitelists. */
function longTimeline(n: number) {
  const metas = Array.from({ length: n }, (_, i) => meta(i));
  const timeline = TimelineSchema.parse({ clips: metas.map((m) => ({ path: m.path, inS: 0.5, outS: 4.5 })), transition: { type: 'fade', durationS: 0.5 } });
  const output = OutputSettingsSchema.parse({ resolution: '1080p' });
  return { plan: planTimeline(timeline, metas, output.fps), output };
}

const music = { path: 'C:\\Program Files\\Echoes Studio\\resources\\music\\sunrise.mp3', volume: 50, fadeInS: 1, fadeOutS: 2, clipAudioVolume: 25 };
const script = `${USER}\\AppData\\Local\\Temp\\echoes-compile-12345-AbCdEf\\graph.txt`;
/** As the runner spawns it: its own flags in front, the temp output at the end. */
function spawnedLength(args: string[]): number {
  const runner = ['-hide_banner', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats', '-stats_period', '0.25'];
  return windowsCommandLineLength(FFMPEG_EXE, [...runner, ...guardInputs(args), `${MEDIA}\\.tmp\\.0f6c1d3e-7a1b-4c8f-9d2e-3b4a5c6d7e8f.1a2b3c4d.partial.mp4`]);
}

describe('command lines stay under Windows\' 32,767 characters', () => {
  it('renders 500 clips with long Windows paths in parts whose commands all fit', () => {
    const { plan, output } = longTimeline(500);
    const oneRun = spawnedLength(commandArgs(buildFilterGraphCommand({ plan, output, encoder: 'libx264', music, leanDecoders: true }), { path: script, version: nightly }));
    console.log(`500 clips in one FFmpeg run: ${oneRun} characters`);
    expect(oneRun).toBeGreaterThan(WINDOWS_COMMAND_LINE_MAX);
    expect(fitsCommandLine(FFMPEG_EXE, commandArgs(buildFilterGraphCommand({ plan, output, encoder: 'libx264', music, leanDecoders: true }), { path: script, version: nightly }))).toBe(false);

    const parts = partsThatFit(
      plan,
      (part) => commandArgs(buildFilterGraphCommand({ plan: part, output, encoder: 'libx264', leanDecoders: true, part: true }), { path: script, version: nightly }),
      (args) => fitsCommandLine(FFMPEG_EXE, args),
    );
    const lengths = parts.map((p) => spawnedLength(p.args));
    const join = spawnedLength(commandArgs(buildPartsJoinCommand({ plan, listPath: `${USER}\\AppData\\Local\\Temp\\echoes-compile-12345-AbCdEf\\parts.ffconcat`, music })));
    console.log(`500 clips in ${parts.length} parts: longest part command ${Math.max(...lengths)} characters, join ${join}`);
    expect(Math.max(...lengths, join)).toBeLessThanOrEqual(COMMAND_LINE_BUDGET);
    expect(COMMAND_LINE_BUDGET).toBeLessThan(WINDOWS_COMMAND_LINE_MAX * 0.75);
    expect(parts.reduce((s, p) => s + p.plan.totalFrames, 0)).toBe(plan.totalFrames);
  });

  it('splits inside a clip, right after its head, so no transition spans two parts', () => {
    const { plan } = longTimeline(7);
    const parts = splitPlan(plan, 3);
    expect(parts.map((p) => p.clips.map((c) => c.index))).toEqual([[0, 1, 2], [2, 3, 4], [4, 5, 6], [6]]);
    for (const part of parts) expect(part.boundaries).toHaveLength(part.clips.length - 1);
    // Clip 2 is cut after its 15 head frames (the fade from clip 1 ends there): the halves add up, in and out points meet.
    const [a, b] = [parts[0]!.clips[2]!, parts[1]!.clips[0]!];
    expect([a.frames, a.headFrames, a.tailFrames]).toEqual([15, 15, 0]);
    expect([b.frames, b.headFrames, b.tailFrames]).toEqual([120 - 15, 0, 15]);
    expect(a.outS).toBeCloseTo(b.inS, 9);
    expect(b.inS).toBeCloseTo(0.5 + 15 / 30, 9);
    expect(parts.reduce((s, p) => s + p.totalFrames, 0)).toBe(plan.totalFrames);
  });

  it('breaks at a cut without splitting a clip', () => {
    const metas = Array.from({ length: 4 }, (_, i) => meta(i));
    const timeline = TimelineSchema.parse({ clips: metas.map((m) => ({ path: m.path })), transition: { type: 'cut' } });
    const plan: TimelinePlan = planTimeline(timeline, metas, 30);
    const parts = splitPlan(plan, 2);
    expect(parts.map((p) => p.clips.map((c) => c.frames))).toEqual([[150, 150], [150, 150]]);
  });
});

describe('a timeline rendered in parts (real FFmpeg)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let ffmpeg: FfmpegLocation;
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('echoes-parts-'));
    ffmpeg = await locateFfmpeg();
    await Promise.all([
      makeTestClip(path.join(dir, 'red.mp4'), { color: 'red', durationS: 1, audio: true }),
      makeTestClip(path.join(dir, 'blue.mp4'), { color: 'blue', durationS: 1 }),
      makeTestClip(path.join(dir, 'mixed.mp4'), { width: 320, height: 240, durationS: 1.6, fps: 25 }),
      makeTestAudio(path.join(dir, 'music.m4a'), { durationS: 1.5, kind: 'music' }),
    ]);
  });
  afterAll(() => cleanup());

  it('has exactly the frames, transitions and audio length of a one-run export', async () => {
    const names = ['red.mp4', 'blue.mp4', 'mixed.mp4', 'red.mp4', 'blue.mp4'];
    const request = (outputPath: string) => ({
      timeline: {
        clips: names.map((n, i) => ({ path: path.join(dir, n), ...(i === 2 ? { inS: 0.2, outS: 1.4 } : {}) })),
        transition: { type: 'fade' as const, durationS: 0.4 },
        music: { path: path.join(dir, 'music.m4a'), volume: 60 },
      },
      output: { resolution: '720p' as const, quality: 'draft' as const, encoder: 'software' as const },
      outputPath,
    });
    const oneRun = await compileTimeline(request(path.join(dir, 'one.mp4')), { ffmpeg });
    // A budget that only two clips fit in forces three parts here.
    const parted = await compileTimeline(request(path.join(dir, 'parts.mp4')), { ffmpeg, commandLineBudget: 2_600 });
    // Parts by clip count too (memory): two clips per graph, the same frames.
    const bounded = await compileTimeline(request(path.join(dir, 'bounded.mp4')), { ffmpeg, maxClipsPerGraph: 2 });
    expect(await countFrames(path.join(dir, 'bounded.mp4'))).toBe(oneRun.frames);
    expect(bounded.frames).toBe(oneRun.frames);
    expect(parted.frames).toBe(oneRun.frames);
    expect(await countFrames(path.join(dir, 'parts.mp4'))).toBe(oneRun.frames);
    const probe = await ffprobe(path.join(dir, 'parts.mp4'));
    expect(probe.audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    expect(Math.abs(Number(probe.audio?.duration) - Number(probe.video?.duration))).toBeLessThanOrEqual(1 / 30);
    // The crossfade between clips 1 and 2 (red into blue) lies in the first part, blended.
    const [r, , b] = await frameColor(path.join(dir, 'parts.mp4'), 24);
    expect(r).toBeGreaterThan(40);
    expect(b).toBeGreaterThan(40);
    const [r0, , b0] = await frameColor(path.join(dir, 'parts.mp4'), oneRun.frames - 1);
    expect(b0).toBeGreaterThan(200);
    expect(r0).toBeLessThan(40);
  });
});
