import { chmod, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XFADE_TRANSITIONS } from '../../../shared/values';
import type { CompileProgress } from '../../../electron/services/export/compile/request';
import type { OutputSettingsInput } from '../../../shared/output';
import { CompileInputError, compileTimeline } from '../../../electron/services/export/compile/index';
import { clearHardwareEncoderCache, locateFfmpeg, resolveVideoEncoder, runFfmpeg, type FfmpegLocation } from '../../../electron/services/ffmpeg';
import {
  countFrames,
  ffprobe,
  frameColor,
  makeCorruptFile,
  makeTempDir,
  makeTestAudio,
  makeTestClip,
  videoPacketHashes,
  volumeStats,
} from '../../support/ffmpeg-fixtures';

let dir: string;
let cleanup: () => Promise<void>;
let ffmpeg: FfmpegLocation;
const clip = (name: string) => path.join(dir, name);
const out = (name: string) => path.join(dir, 'out', name);
const draft: OutputSettingsInput = { resolution: '720p', quality: 'draft', encoder: 'software' };

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('echoes-compile-'));
  ffmpeg = await locateFfmpeg();
  await Promise.all([
    // Mixed inputs: size, rate, pixel format, SAR, with and without audio (48 kHz stereo, 44.1 kHz mono).
    makeTestClip(clip('a-30fps-audio.mp4'), { durationS: 2, fps: 30, audio: true }),
    makeTestClip(clip('b-24fps-portrait-444.mp4'), { width: 240, height: 320, durationS: 2, fps: 24, pixFmt: 'yuv444p' }),
    makeTestClip(clip('c-25fps-sar43-mono.mp4'), { width: 320, height: 240, durationS: 1.6, fps: 25, sar: '4:3', audio: { sampleRate: 44100, channels: 1, frequency: 660 } }),
    makeTestClip(clip('d-60fps-yuvj.mp4'), { durationS: 1, fps: 60, pixFmt: 'yuvj420p', hue: 90 }),
    makeTestClip(clip('red.mp4'), { color: 'red', durationS: 1, audio: true }),
    makeTestClip(clip('blue.mp4'), { color: 'blue', durationS: 1 }),
    makeTestAudio(clip('music.m4a'), { durationS: 1.5, kind: 'music' }),
    makeTestAudio(clip('tone.m4a'), { durationS: 1.5, kind: 'sine', frequency: 330 }),
  ]);
});
afterAll(() => cleanup());

async function expectMp4(file: string, expected: { frames: number; width: number; height: number; fps: number }) {
  const probe = await ffprobe(file);
  expect(probe.video).toMatchObject({
    codec_name: 'h264', width: expected.width, height: expected.height, pix_fmt: 'yuv420p', r_frame_rate: `${expected.fps}/1`,
  });
  expect(['1:1', undefined]).toContain(probe.video?.sample_aspect_ratio);
  expect(probe.audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
  expect(await countFrames(file)).toBe(expected.frames);
  const frame = 1 / expected.fps;
  const videoS = Number(probe.video?.duration);
  expect(Math.abs(videoS - expected.frames / expected.fps)).toBeLessThanOrEqual(frame);
  expect(Math.abs(Number(probe.audio?.duration) - videoS)).toBeLessThanOrEqual(frame);
  return probe;
}

describe('compileTimeline (real FFmpeg, checked with ffprobe)', () => {
  it('compiles mixed clips with crossfades, a per-boundary override, a cut, a trim and music, frame-exact', async () => {
    const events: CompileProgress[] = [];
    const result = await compileTimeline(
      {
        timeline: {
          clips: [
            { path: clip('a-30fps-audio.mp4') },
            { path: clip('b-24fps-portrait-444.mp4'), transitionOut: { type: 'cut' } },
            { path: clip('c-25fps-sar43-mono.mp4'), inS: 0.2, outS: 1.4, transitionOut: { type: 'wipeleft', durationS: 0.3 } },
            { path: clip('d-60fps-yuvj.mp4') },
          ],
          transition: { type: 'fade', durationS: 0.5 },
          music: { path: clip('music.m4a'), volume: 60, fadeInS: 0.5, fadeOutS: 0.5 },
        },
        output: draft,
        outputPath: out('mixed.mp4'),
      },
      { ffmpeg, onProgress: (p) => events.push(p) },
    );
    // 2 s + 2 s + 1.2 s + 1 s at 30 fps, minus a 0.5 s fade and a 0.3 s wipe.
    const frames = 60 + 60 + 36 + 30 - 15 - 9;
    expect(result).toMatchObject({ frames, width: 1280, height: 720, fps: 30, mode: 'filter-graph', videoEncoder: 'libx264' });
    await expectMp4(out('mixed.mp4'), { frames, width: 1280, height: 720, fps: 30 });
    expect(events[0]?.phase).toBe('probing');
    expect(events.at(-1)).toMatchObject({ phase: 'done', percent: 100 });
    const encoding = events.filter((e) => e.phase === 'encoding').map((e) => e.percent);
    expect(encoding).toEqual([...encoding].sort((a, b) => a - b));
  });

  it('really blends inside a transition (FFmpeg 5.1 xfade can silently end one early)', async () => {
    await compileTimeline(
      {
        timeline: {
          clips: [{ path: clip('red.mp4') }, { path: clip('blue.mp4') }],
          transition: { type: 'fade', durationS: 0.5 },
          music: { path: clip('music.m4a') },
        },
        output: draft,
        outputPath: out('red-blue.mp4'),
      },
      { ffmpeg },
    );
    expect(await countFrames(out('red-blue.mp4'))).toBe(45);
    const [r0, , b0] = await frameColor(out('red-blue.mp4'), 14); // last frame before the fade
    expect(r0).toBeGreaterThan(200);
    expect(b0).toBeLessThan(40);
    for (const n of [18, 22, 26]) {
      const [r, , b] = await frameColor(out('red-blue.mp4'), n);
      expect(r, `frame ${n} red`).toBeGreaterThan(40);
      expect(b, `frame ${n} blue`).toBeGreaterThan(40);
    }
    const [r1, , b1] = await frameColor(out('red-blue.mp4'), 30); // first frame after the fade
    expect(r1).toBeLessThan(40);
    expect(b1).toBeGreaterThan(200);
  });

  it('knows every offered transition by name in this FFmpeg', async () => {
    const chains = XFADE_TRANSITIONS.map(
      (t, i) => `color=red:s=32x32:r=10:d=0.3[a${i}];color=blue:s=32x32:r=10:d=0.3[b${i}];[a${i}][b${i}]xfade=transition=${t}:duration=0.2:offset=0[x${i}]`,
    );
    const all = `${XFADE_TRANSITIONS.map((_, i) => `[x${i}]`).join('')}concat=n=${XFADE_TRANSITIONS.length}[all]`;
    const run = runFfmpeg({ ffmpegPath: ffmpeg.ffmpegPath, args: ['-filter_complex', [...chains, all].join(';'), '-map', '[all]', '-f', 'null', '-'] });
    await expect(run).resolves.toBeDefined();
  });

  it.each([
    [{ aspect: '9:16', resolution: '1080p', fps: 25, fit: 'crop' }, 1080, 1920, 25],
    [{ aspect: '1:1', resolution: '720p', fps: 24, fit: 'pad' }, 720, 720, 24],
    [{ aspect: '4:5', resolution: '1080p', fps: 30, fit: 'crop' }, 1080, 1350, 30],
  ] as const)('follows the preset %o', async (preset, width, height, fps) => {
    const name = `preset-${width}x${height}.mp4`;
    const result = await compileTimeline(
      {
        timeline: {
          clips: [{ path: clip('d-60fps-yuvj.mp4') }, { path: clip('b-24fps-portrait-444.mp4'), outS: 1 }],
          transition: { type: 'slideup', durationS: 0.4 },
        },
        output: { ...draft, ...preset },
        outputPath: out(name),
      },
      { ffmpeg },
    );
    const frames = 2 * fps - Math.round(0.4 * fps);
    expect(result).toMatchObject({ frames, width, height, fps });
    await expectMp4(out(name), { frames, width, height, fps });
  });

  it('renders 4K', async () => {
    await compileTimeline(
      { timeline: { clips: [{ path: clip('a-30fps-audio.mp4'), outS: 0.5 }] }, output: { ...draft, resolution: '4k', fps: 24 }, outputPath: out('4k.mp4') },
      { ffmpeg },
    );
    await expectMp4(out('4k.mp4'), { frames: 12, width: 3840, height: 2160, fps: 24 });
  });

  describe('music', () => {
    const withMusic = (name: string, music: { volume: number; fadeInS?: number; fadeOutS?: number }, track = 'music.m4a') =>
      compileTimeline(
        {
          // Silent clips, 3 s in all, so only the (looped) music is heard.
          timeline: { clips: [{ path: clip('blue.mp4') }, { path: clip('blue.mp4') }, { path: clip('blue.mp4') }], music: { path: clip(track), ...music } },
          output: draft,
          outputPath: out(name),
        },
        { ffmpeg },
      );

    it('is silent at volume 0 and audible otherwise', async () => {
      await withMusic('music-0.mp4', { volume: 0 });
      await withMusic('music-80.mp4', { volume: 80, fadeInS: 0, fadeOutS: 0 });
      await expectMp4(out('music-0.mp4'), { frames: 90, width: 1280, height: 720, fps: 30 });
      expect((await volumeStats(out('music-0.mp4'))).maxDb).toBeLessThan(-80);
      expect((await volumeStats(out('music-80.mp4'))).meanDb).toBeGreaterThan(-40);
    });

    it('fades out over the last second, after looping the 1.5 s track to 3 s', async () => {
      // A steady tone, so the level only changes by the fade.
      await withMusic('music-fade.mp4', { volume: 100, fadeInS: 0, fadeOutS: 1 }, 'tone.m4a');
      const file = out('music-fade.mp4');
      const level = async (startS: number) => (await volumeStats(file, { startS, durationS: 0.25 })).meanDb;
      const steady = [await level(0.5), await level(1.6)]; // 1.6 s is inside the second loop
      const fading = [await level(2.0), await level(2.25), await level(2.5), await level(2.75)];
      for (const s of steady) expect(s).toBeGreaterThan(-40);
      expect(fading[0]).toBeLessThan(Math.min(...steady) + 1);
      for (let i = 1; i < fading.length; i++) expect(fading[i] as number).toBeLessThan(fading[i - 1] as number);
      expect((fading[3] as number) - (fading[0] as number)).toBeLessThan(-10);
    });

    it('keeps the clips’ own sound when there is no music', async () => {
      await compileTimeline({ timeline: { clips: [{ path: clip('red.mp4') }] }, output: draft, outputPath: out('clip-audio.mp4') }, { ffmpeg });
      expect((await volumeStats(out('clip-audio.mp4'))).meanDb).toBeGreaterThan(-40);
    });
  });

  describe('cut-only fast path', () => {
    beforeAll(async () => {
      await Promise.all(
        [0, 1, 2].map((i) =>
          makeTestClip(clip(`uniform${i}.mp4`), { width: 1280, height: 720, fps: 30, durationS: 1, hue: i * 100, audio: i === 1 }),
        ),
      );
    });

    it('stream-copies the video of uniform clips and encodes only the audio', async () => {
      const files = [0, 1, 2].map((i) => clip(`uniform${i}.mp4`));
      const result = await compileTimeline(
        { timeline: { clips: files.map((p) => ({ path: p })), music: { path: clip('music.m4a') } }, output: draft, outputPath: out('copy.mp4') },
        { ffmpeg },
      );
      expect(result).toMatchObject({ mode: 'stream-copy', videoEncoder: 'copy', frames: 90 });
      const probe = await expectMp4(out('copy.mp4'), { frames: 90, width: 1280, height: 720, fps: 30 });
      expect(probe.video?.profile).toBe((await ffprobe(files[0] as string)).video?.profile);
      const inputPackets = (await Promise.all(files.map(videoPacketHashes))).flat();
      expect(await videoPacketHashes(out('copy.mp4'))).toEqual(inputPackets);
    });

    it('re-encodes when a clip is trimmed', async () => {
      const result = await compileTimeline(
        { timeline: { clips: [{ path: clip('uniform0.mp4'), outS: 0.5 }, { path: clip('uniform1.mp4') }] }, output: draft, outputPath: out('trimmed.mp4') },
        { ffmpeg },
      );
      expect(result.mode).toBe('filter-graph');
      await expectMp4(out('trimmed.mp4'), { frames: 45, width: 1280, height: 720, fps: 30 });
    });
  });

  it('cancels at 50 % and leaves no file at the destination', async () => {
    const folder = path.join(dir, 'cancel');
    const controller = new AbortController();
    const seen: CompileProgress[] = [];
    const err = await compileTimeline(
      {
        timeline: { clips: Array.from({ length: 4 }, () => ({ path: clip('a-30fps-audio.mp4') })), transition: { type: 'dissolve', durationS: 0.5 } },
        output: { resolution: '720p', quality: 'high', encoder: 'software' },
        outputPath: path.join(folder, 'cancelled.mp4'),
      },
      {
        ffmpeg,
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.percent >= 50) controller.abort();
        },
      },
    ).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    const last = seen.at(-1);
    expect(last?.percent).toBeGreaterThanOrEqual(50);
    expect(last?.percent).toBeLessThan(100);
    expect(seen.some((p) => p.etaS !== null && p.etaS > 0)).toBe(true);
    expect(await readdir(folder)).toEqual([]);
  });

  it('fails on a corrupt clip with a message naming it', async () => {
    const bad = await makeCorruptFile(clip('corrupt.mp4'));
    const err = await compileTimeline(
      { timeline: { clips: [{ path: clip('red.mp4') }, { id: 'beach-sunset', path: bad }] }, output: draft, outputPath: out('never.mp4') },
      { ffmpeg },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CompileInputError);
    expect((err as Error).message).toContain(`Clip 2 (beach-sunset) "${bad}" cannot be read: Invalid data found when processing input`);
    expect(await readdir(path.join(dir, 'out'))).not.toContain('never.mp4');
  });

  it('retries a hardware encoder that fails the real job in software, and stops offering it', async () => {
    // Stands in for a GPU encoder that passes the short test encode but fails real jobs (session
    // limits): the test encode (to the null muxer) runs as libx264, a real job with it exits 1.
    const flaky = clip('ffmpeg-flaky-nvenc.sh');
    await writeFile(flaky, [
      '#!/bin/sh',
      'case "$*" in',
      `  *"-c:v h264_nvenc"*"-f null"*) exec '${ffmpeg.ffmpegPath}' $(echo "$@" | sed 's/h264_nvenc/libx264/') ;;`,
      '  *h264_nvenc*) echo "[h264_nvenc @ 0x1] OpenEncodeSessionEx failed: out of memory (10)" >&2; exit 1 ;;',
      `  *) exec '${ffmpeg.ffmpegPath}' "$@" ;;`,
      'esac',
    ].join('\n'));
    await chmod(flaky, 0o755);
    clearHardwareEncoderCache();
    try {
      const flakyFfmpeg = { ...ffmpeg, ffmpegPath: flaky };
      expect(await resolveVideoEncoder(flaky, 'h264_nvenc')).toBe('h264_nvenc');
      const result = await compileTimeline(
        { timeline: { clips: [{ path: clip('red.mp4') }, { path: clip('blue.mp4') }], transition: { type: 'fade', durationS: 0.5 } }, output: { ...draft, encoder: 'h264_nvenc' }, outputPath: out('hw-fallback.mp4') },
        { ffmpeg: flakyFfmpeg },
      );
      expect(result.videoEncoder).toBe('libx264');
      expect(await countFrames(result.outputPath)).toBe(45);
      expect(await resolveVideoEncoder(flaky, 'h264_nvenc')).toBe('libx264');
    } finally {
      clearHardwareEncoderCache();
    }
  });

  it('resolves media ids through the injected resolver and validates the request', async () => {
    const result = await compileTimeline(
      { timeline: { clips: [{ mediaId: 'm-red' }] }, output: draft, outputPath: out('by-id.mp4') },
      { ffmpeg, resolveMediaPath: (id) => clip(`${id.slice(2)}.mp4`) },
    );
    expect(result.frames).toBe(30);
    await expect(
      compileTimeline({ timeline: { clips: [{ path: clip('red.mp4') }] }, output: { fps: 60 } as never, outputPath: out('x.mp4') }, { ffmpeg }),
    ).rejects.toThrow(/Invalid compile request: output\.fps/);
    await expect(
      compileTimeline({ timeline: { clips: [{ path: clip('red.mp4'), inS: 5 }] }, output: draft, outputPath: out('x.mp4') }, { ffmpeg }),
    ).rejects.toThrow(/Clip 1 \(red\.mp4\): in point 5s is at or after the end/);
  });
});
