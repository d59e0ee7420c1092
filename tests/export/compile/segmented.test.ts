// The segmented export against real FFmpeg, on takes made by the device's own renderer: the
// joined file decodes cleanly, has the full export's frame count and sound length, its copied
// bodies are the takes' own frames (checksums), one changed transition re-encodes that window
// only, and whatever cannot be copied (a trim off a keyframe, a take made with other settings) is
// encoded instead, per piece.
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideBodyCopy, joinList } from '../../../electron/services/export/compile/body-copy';
import { compileTimeline } from '../../../electron/services/export/compile/index';
import { joinableKeyframeArgs } from '../../../electron/services/export/compile/encoder-args';
import type { CompileRequestInput, CompileResult } from '../../../electron/services/export/compile/request';
import type { SegmentCache } from '../../../electron/services/export/compile/segmented';
import { resolveVideoEncoder } from '../../../electron/services/ffmpeg/hw-encoders';
import { locateFfmpeg } from '../../../electron/services/ffmpeg/locate';
import { readMp4VideoIndex } from '../../../electron/services/ffmpeg/mp4-index';
import { renderMotionClip } from '../../../electron/services/generate/providers/local/render-motion-clip';
import { audioSamples, FFMPEG, FFPROBE, makeTestAudio, makeTestClip, makeTestImage, runTool } from '../../support/ffmpeg-fixtures';

const FPS = 24;
const TAKE_S = 2;
const OUTPUT = { aspect: '16:9', resolution: '720p', fps: FPS, quality: 'standard', fit: 'pad', encoder: 'software' } as const;
const MOTIONS = ['zoom_in', 'pan_left', 'zoom_out', 'drift'] as const;

let dir = '';
const takes: string[] = [];
let music = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'echoes-segmented-'));
  const patterns = ['testsrc2', 'smptehdbars', 'rgbtestsrc', 'testsrc'];
  await Promise.all(
    MOTIONS.map(async (motion, i) => {
      const photo = await makeTestImage(path.join(dir, `photo-${i}.png`), { width: 1600, height: 1000, pattern: patterns[i] as string });
      const take = path.join(dir, `take-${i}.mp4`);
      await renderMotionClip({ ffmpegPath: FFMPEG, imagePath: photo, outputPath: take, motion, seed: i, durationS: TAKE_S, fps: FPS, width: 1280, height: 720 });
      takes[i] = take;
    }),
  );
  music = await makeTestAudio(path.join(dir, 'music.m4a'), { durationS: 10, kind: 'music' });
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Clip = { path: string; inS?: number; outS?: number; caption?: string; transitionOut?: { type: string; durationS: number } };

function request(clips: Clip[], out: string): CompileRequestInput {
  return {
    timeline: { clips: clips.map((c) => ({ inS: 0, ...c })), transition: { type: 'fade', durationS: 0.5 }, music: { path: music } },
    output: OUTPUT,
    outputPath: out,
  } as CompileRequestInput;
}

async function frameHashes(file: string, from = 0, count?: number): Promise<string[]> {
  const select = count === undefined ? [] : ['-vf', `select=between(n\\,${from}\\,${from + count - 1})`, '-fps_mode', 'passthrough'];
  const { stdout } = await runTool(FFMPEG, ['-v', 'error', '-i', file, '-map', '0:v:0', ...select, '-f', 'framemd5', '-']);
  return stdout
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').at(-1)!.trim());
}

/** FFmpeg's complaints while decoding every frame (empty for a valid stream). */
async function decodeErrors(file: string): Promise<string> {
  const { stderr } = await runTool(FFMPEG, ['-v', 'error', '-i', file, '-f', 'null', '-']);
  return stderr.trim();
}

/** A cache in a folder: the interface the studio implements over its media store. */
function folderCache(folder: string): SegmentCache & { keys: Set<string> } {
  const keys = new Set<string>();
  return {
    keys,
    async lookup(key) {
      return keys.has(key) ? path.join(folder, key) : null;
    },
    async store(key, file) {
      await mkdir(folder, { recursive: true });
      await copyFile(file, path.join(folder, key));
      keys.add(key);
      return path.join(folder, key);
    },
  };
}

describe('joinable device takes', () => {
  it('have keyframes where bodies start and end for each offered transition length', () => {
    // 2 s at 24 fps: 0.25, 0.5 and 0.75 s fit twice into 48 frames; 1 s and longer do not.
    expect(joinableKeyframeArgs(48, 24)).toEqual(['-force_key_frames', ['5.9', '11.9', '17.9', '29.9', '35.9', '41.9'].map((f) => (Number(f) / 24).toFixed(6)).join(',')]);
    expect(joinableKeyframeArgs(4, 24)).toEqual([]);
  });

  it('are read from their index: H.264 at the output size, a constant rate, keyframes where asked', async () => {
    const index = await readMp4VideoIndex(takes[0] as string);
    expect(index).toMatchObject({ codec: 'avc1', tracks: 1, width: 1280, height: 720, sampleCount: 48 });
    expect(index!.sampleDelta! * FPS).toBe(index!.timescale);
    for (const f of [0, 6, 12, 18, 30, 36, 42]) expect(index!.syncSamples.has(f), `frame ${f}`).toBe(true);
  });
});

describe('the copy decision and the join list (pure)', () => {
  const meta = { path: '/t.mp4', label: 'Clip 1', width: 1280, height: 720, fps: 24, frames: 48, rotation: 0, sar: { num: 1, den: 1 } };
  const index = { codec: 'avc1', configHash: 'h', tracks: 1, width: 1280, height: 720, timescale: 12288, sampleCount: 48, sampleDelta: 512, syncSamples: new Set([0, 12, 36]), mediaStart: 1024 };
  const clip = (inS: number, head: number, tail: number) => ({ index: 0, meta, inS, outS: inS + 2, frames: 48 - inS * 24, headFrames: head, tailFrames: tail, startFrame: 0 }) as never;
  const ctx = { fps: 24, width: 1280, height: 720, configHash: 'h' };

  it('copies a body cut on keyframes and says why it does not otherwise', () => {
    expect(decideBodyCopy(clip(0, 12, 12), index, ctx)).toEqual({ copy: { path: '/t.mp4', fromFrame: 12, toFrame: 36, delayFrames: 2, takeFrames: 48 } });
    expect(decideBodyCopy(clip(0, 0, 0), index, ctx)).toMatchObject({ copy: { fromFrame: 0, toFrame: 48 } });
    expect(decideBodyCopy(clip(0, 6, 12), index, ctx)).toEqual({ encode: 'frame 6 is not a keyframe' });
    expect(decideBodyCopy(clip(0, 12, 6), index, ctx)).toEqual({ encode: 'frame 42 is not a keyframe' });
    expect(decideBodyCopy(clip(0.01, 12, 12), index, ctx)).toEqual({ encode: 'trimmed between frames' });
    expect(decideBodyCopy(clip(0, 12, 12), { ...index, configHash: 'other' }, ctx)).toEqual({ encode: 'encoded with other settings than the export' });
    expect(decideBodyCopy(clip(0, 12, 12), { ...index, width: 1920 }, ctx)).toEqual({ encode: '1920x720, not 1280x720' });
    expect(decideBodyCopy(clip(0, 12, 12), { ...index, sampleDelta: 500 }, ctx)).toEqual({ encode: 'not a constant 24 fps' });
    expect(decideBodyCopy(clip(0, 12, 12), { ...index, tracks: 2 }, ctx)).toEqual({ encode: 'has more than its video track' });
    expect(decideBodyCopy(clip(0, 12, 12), null, ctx)).toEqual({ encode: 'not an MP4 whose index can be read' });
    const captioned = { ...(clip(0, 12, 12) as object), text: { anchorInS: 0, layers: [{}], covers: [] } } as never;
    expect(decideBodyCopy(captioned, index, ctx)).toEqual({ encode: 'has text drawn on it' });
    const titled = { ...(clip(0, 12, 12) as object), text: { anchorInS: 0, layers: [], covers: [{}] } } as never;
    expect(decideBodyCopy(titled, index, ctx)).toEqual({ encode: 'has text drawn on it' });
    const empty = { ...(clip(0, 12, 12) as object), text: { anchorInS: 0, layers: [], covers: [] } } as never;
    expect(decideBodyCopy(empty, index, ctx)).toMatchObject({ copy: { fromFrame: 12 } });
  });

  it('writes durations for every entry and an outpoint half a frame before the next keyframe in decode time', () => {
    const list = joinList(
      [
        { file: "/w/it's.mp4", frames: 12 },
        { body: { path: '/t.mp4', fromFrame: 12, toFrame: 36, delayFrames: 2, takeFrames: 48 } },
        { body: { path: '/u.mp4', fromFrame: 0, toFrame: 48, delayFrames: 2, takeFrames: 48 } },
      ],
      24,
    );
    expect(list).toBe(
      [
        'ffconcat version 1.0',
        "file '/w/it'\\''s.mp4'",
        'duration 0.500000',
        "file '/t.mp4'",
        'inpoint 0.500000',
        `outpoint ${(33.5 / 24).toFixed(6)}`,
        'duration 1.000000',
        "file '/u.mp4'",
        'duration 2.000000',
        '',
      ].join('\n'),
    );
  });
});

describe('segmented export of device takes', () => {
  let smart: CompileResult;
  let full: CompileResult;

  beforeAll(async () => {
    const clips = takes.map((p) => ({ path: p }));
    smart = await compileTimeline(request(clips, path.join(dir, 'smart.mp4')));
    full = await compileTimeline(request(clips, path.join(dir, 'full.mp4')), { allowSegmented: false });
  }, 240_000);

  it('copies every body and encodes only the transition windows', () => {
    expect(smart.mode).toBe('segmented');
    expect(smart.segments).toEqual({ copied: 4, encoded: 3, reused: 0 });
    expect(full.mode).toBe('filter-graph');
  });

  it('is one valid H.264 track: every frame decodes, one configuration, the full export frame count', async () => {
    expect(await decodeErrors(smart.outputPath)).toBe('');
    const index = await readMp4VideoIndex(smart.outputPath);
    const take = await readMp4VideoIndex(takes[0] as string);
    expect(index!.configHash).toBe(take!.configHash);
    expect(index!.sampleCount).toBe(full.frames);
    expect((await frameHashes(smart.outputPath)).length).toBe(full.frames);
  });

  it('shows the takes own frames in the copied bodies, bit for bit', async () => {
    // 4 clips of 48 frames, 12-frame crossfades: bodies at output frames [0,36), [48,72), [84,108), [120,156).
    const bodies = [
      { take: 0, from: 0, at: 0, frames: 36 },
      { take: 1, from: 12, at: 48, frames: 24 },
      { take: 2, from: 12, at: 84, frames: 24 },
      { take: 3, from: 12, at: 120, frames: 36 },
    ];
    for (const b of bodies) {
      expect(await frameHashes(smart.outputPath, b.at, b.frames), `body ${b.take}`).toEqual(await frameHashes(takes[b.take] as string, b.from, b.frames));
    }
  });

  it('has the sound of the full export, starting with the picture and as long', async () => {
    const [ours, reference] = await Promise.all([audioSamples(smart.outputPath), audioSamples(full.outputPath)]);
    expect(ours.samples).toBe(reference.samples);
    expect(Math.abs(ours.durationS - full.durationS)).toBeLessThan(0.03);
    const { stdout } = await runTool(FFPROBE, ['-v', 'error', '-show_entries', 'stream=start_time', '-of', 'csv=p=0', smart.outputPath]);
    expect(stdout.trim().split(/\s+/).map(Number)).toEqual([0, 0]);
  });
});

describe('what the segmented export encodes', () => {
  it('re-encodes exactly the window of one changed transition, reusing the rest', async () => {
    const cache = folderCache(path.join(dir, 'cache'));
    const clips: Clip[] = takes.map((p) => ({ path: p }));
    const first = await compileTimeline(request(clips, path.join(dir, 'first.mp4')), { segmentCache: cache });
    expect(first.segments).toEqual({ copied: 4, encoded: 3, reused: 0 });
    clips[1] = { ...clips[1]!, transitionOut: { type: 'wipeleft', durationS: 0.5 } };
    const second = await compileTimeline(request(clips, path.join(dir, 'second.mp4')), { segmentCache: cache });
    expect(second.segments).toEqual({ copied: 4, encoded: 1, reused: 2 });
    expect(await decodeErrors(second.outputPath)).toBe('');
    // Only the second window (output frames [72, 84)) shows other frames.
    const [a, b] = await Promise.all([frameHashes(first.outputPath), frameHashes(second.outputPath)]);
    expect(b.length).toBe(a.length);
    const changed = a.flatMap((h, n) => (h !== b[n] ? [n] : []));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((n) => n >= 72 && n < 84), `changed frames ${changed.join(',')}`).toBe(true);
  }, 240_000);

  it('encodes a body trimmed off a keyframe and a take made with other settings, and copies the rest', async () => {
    const other = await makeTestClip(path.join(dir, 'other.mp4'), { width: 1280, height: 720, fps: FPS, durationS: TAKE_S, preset: 'veryfast' });
    const clips: Clip[] = [{ path: takes[0] as string }, { path: takes[1] as string, inS: 3 / FPS }, { path: other }, { path: takes[3] as string }];
    const result = await compileTimeline(request(clips, path.join(dir, 'mixed.mp4')));
    expect(result.mode).toBe('segmented');
    expect(result.segments).toEqual({ copied: 2, encoded: 5, reused: 0 });
    expect(await decodeErrors(result.outputPath)).toBe('');
    expect((await readMp4VideoIndex(result.outputPath))!.sampleCount).toBe(result.frames);
  }, 240_000);

  it('encodes the body of a clip with a caption, so the words are drawn on it', async () => {
    const clips: Clip[] = takes.map((p, i) => ({ path: p, ...(i === 1 ? { caption: 'A caption: "drawn"' } : {}) }));
    const result = await compileTimeline(request(clips, path.join(dir, 'captioned.mp4')));
    expect(result.mode).toBe('segmented');
    expect(result.segments).toEqual({ copied: 3, encoded: 4, reused: 0 });
    expect(await decodeErrors(result.outputPath)).toBe('');
    // Clip 1's body (output frames [48, 72)) is no longer the take's own frames; clip 2's still is.
    const ownBody = await frameHashes(takes[1] as string, 12, 24);
    const drawn = await frameHashes(result.outputPath, 48, 24);
    expect(drawn.filter((h, n) => h === ownBody[n])).toEqual([]);
    expect(await frameHashes(result.outputPath, 84, 24)).toEqual(await frameHashes(takes[2] as string, 12, 24));
  }, 240_000);

  it('is what the encoder setting "auto" does first, even where a hardware encoder works (copying beats any encoder)', async () => {
    // An FFmpeg with a working GPU encoder (nvenc, libx264 underneath): "auto" would pick it for a whole encode.
    const gpuFfmpeg = path.join(dir, 'ffmpeg-with-gpu');
    await writeFile(
      gpuFfmpeg,
      [
        '#!/usr/bin/env bash',
        'if [[ " $* " == *" -encoders "* ]]; then printf " V....D h264_nvenc NVIDIA\\n"; exit 0; fi',
        'args=("$@")',
        'for i in "${!args[@]}"; do [[ "${args[$i]}" == h264_nvenc ]] && args[$i]=libx264; done',
        `exec ${JSON.stringify(FFMPEG)} "\${args[@]}"`,
      ].join('\n'),
    );
    await chmod(gpuFfmpeg, 0o755);
    const ffmpeg = { ...(await locateFfmpeg()), ffmpegPath: gpuFfmpeg };
    expect(await resolveVideoEncoder(gpuFfmpeg, 'auto')).toBe('h264_nvenc');
    const auto = (clips: Clip[], out: string) => ({ ...request(clips, path.join(dir, out)), output: { ...OUTPUT, encoder: 'auto' } }) as CompileRequestInput;
    const copied = await compileTimeline(auto(takes.map((p) => ({ path: p })), 'auto.mp4'), { ffmpeg });
    expect(copied).toMatchObject({ mode: 'segmented', videoEncoder: 'libx264', segments: { copied: 4 } });
    // Nothing to copy: the whole timeline goes to the encoder "auto" picks.
    const a = await makeTestClip(path.join(dir, 'a-auto.mp4'), { width: 1280, height: 720, fps: FPS, durationS: TAKE_S });
    const encoded = await compileTimeline(auto([{ path: a }, { path: a }], 'auto-plain.mp4'), { ffmpeg });
    expect(encoded).toMatchObject({ mode: 'filter-graph', videoEncoder: 'h264_nvenc' });
  }, 240_000);

  it('uses the one-graph export when no body can be copied', async () => {
    const a = await makeTestClip(path.join(dir, 'a.mp4'), { width: 1280, height: 720, fps: FPS, durationS: TAKE_S });
    const result = await compileTimeline(request([{ path: a }, { path: a }], path.join(dir, 'plain.mp4')));
    expect(result.mode).toBe('filter-graph');
    expect(result.segments).toBeUndefined();
  }, 120_000);
});
