import { videoEncoderArgs } from '../../../electron/services/export/compile/encoder-args';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FfmpegNotFoundError,
  FfmpegRunError,
  canEncodeWith,
  detectHardwareEncoders,
  locateFfmpeg,
  probeMediaFiles,
  resolveVideoEncoder,
  runFfmpeg,
  type FfmpegLocation,
  type RunProgress,
} from '../../../electron/services/ffmpeg';
import { formatCommandLine } from '../../../electron/services/ffmpeg/command-line';
import { markEncoderBroken } from '../../../electron/services/ffmpeg/hw-encoders';
import { countFrames, ffprobe, makeCorruptFile, makeTempDir, makeTestAudio, makeTestClip } from '../../support/ffmpeg-fixtures';

let dir: string;
let cleanup: () => Promise<void>;
let ffmpeg: FfmpegLocation;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('echoes-ffmpeg-'));
  ffmpeg = await locateFfmpeg();
});
afterAll(() => cleanup());

describe('locateFfmpeg', () => {
  it('finds a working FFmpeg with xfade and reports its version and ffprobe', async () => {
    expect(ffmpeg.versionInfo.major).toBeGreaterThanOrEqual(4);
    expect(ffmpeg.version).toMatch(/^\S+$/);
    expect(path.isAbsolute(ffmpeg.ffmpegPath)).toBe(true);
    expect(ffmpeg.ffprobePath).toMatch(/ffprobe(\.exe)?$/);
  });

  it('prefers FFMPEG_PATH, then the ffmpeg-static binary, then PATH', async () => {
    const real = ffmpeg.ffmpegPath;
    const pathDir = path.dirname(real);
    expect(await locateFfmpeg({ env: { FFMPEG_PATH: real, PATH: '' }, resolveFfmpegStatic: () => null })).toMatchObject({
      ffmpegPath: real, source: 'FFMPEG_PATH',
    });
    expect(await locateFfmpeg({ env: { PATH: '' }, resolveFfmpegStatic: () => real })).toMatchObject({ source: 'ffmpeg-static' });
    expect(await locateFfmpeg({ env: { PATH: `/nonexistent:${pathDir}` }, resolveFfmpegStatic: () => null })).toMatchObject({
      ffmpegPath: path.join(pathDir, 'ffmpeg'), source: 'PATH',
    });
  });

  it('says how to install FFmpeg when there is none', async () => {
    const err = await locateFfmpeg({ env: { PATH: '/nonexistent' }, resolveFfmpegStatic: () => null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegNotFoundError);
    expect((err as Error).message).toMatch(/FFmpeg was not found.*brew install ffmpeg.*FFMPEG_PATH/);
  });

  it('rejects a FFMPEG_PATH that does not exist, and an FFmpeg older than 4.3', async () => {
    await expect(locateFfmpeg({ env: { FFMPEG_PATH: path.join(dir, 'nope') } })).rejects.toThrow(/FFMPEG_PATH.*not an executable/);
    const fake = path.join(dir, 'old-ffmpeg');
    await writeFile(fake, '#!/bin/sh\necho "ffmpeg version 4.2.7-0ubuntu0.1 Copyright (c) 2000-2022"\n');
    await chmod(fake, 0o755);
    await expect(locateFfmpeg({ env: { FFMPEG_PATH: fake } })).rejects.toThrow(/4\.2\.7.*needs 4\.3 or newer/);
  });
});

describe('probeMediaFiles (ffmpeg only, checked against ffprobe)', () => {
  it('reads size, rate, pixel format, SAR, audio and exact frame counts of mixed clips', async () => {
    const files = [
      await makeTestClip(path.join(dir, 'p1.mp4'), { durationS: 1, fps: 30, audio: true }),
      await makeTestClip(path.join(dir, 'p2.mp4'), { width: 240, height: 320, durationS: 1.5, fps: 24, pixFmt: 'yuv444p' }),
      await makeTestClip(path.join(dir, 'p3.mp4'), { width: 320, height: 240, fps: 25, sar: '4:3', audio: { sampleRate: 44100, channels: 1 } }),
      await makeTestAudio(path.join(dir, 'p4.m4a'), { durationS: 1 }),
    ];
    const infos = await probeMediaFiles(ffmpeg.ffmpegPath, files, { countFrames: true });
    for (const [i, file] of files.entries()) {
      const info = infos[i];
      const ref = await ffprobe(file);
      expect(info?.path).toBe(file);
      expect(info?.audio !== null).toBe(ref.audio !== undefined);
      if (!ref.video) {
        expect(info?.video).toBeNull();
        continue;
      }
      const [num, den] = (ref.video.r_frame_rate ?? '0/1').split('/').map(Number);
      expect(info?.video).toMatchObject({
        codec: ref.video.codec_name,
        width: ref.video.width,
        height: ref.video.height,
        pixFmt: ref.video.pix_fmt,
        fps: (num as number) / (den as number),
        frames: await countFrames(file),
      });
      const sar = ref.video.sample_aspect_ratio ?? '1:1';
      expect(`${info?.video?.sar.num}:${info?.video?.sar.den}`).toBe(sar === '0:1' ? '1:1' : sar);
    }
    expect(infos[2]?.audio).toMatchObject({ sampleRate: 44100, channelLayout: 'mono' });
    expect(infos[1]?.video?.durationS).toBeCloseTo(1.5, 5);
    expect(infos[0]?.video?.codecConfigHash).toMatch(/^[0-9a-f]{40}$/);
  });

  it('names the file it cannot read', async () => {
    const good = await makeTestClip(path.join(dir, 'good.mp4'));
    const bad = await makeCorruptFile(path.join(dir, 'broken clip.mp4'));
    await expect(probeMediaFiles(ffmpeg.ffmpegPath, [good, bad], { countFrames: true })).rejects.toThrow(
      `Cannot read "${bad}": Invalid data found when processing input`,
    );
    await expect(probeMediaFiles(ffmpeg.ffmpegPath, [path.join(dir, 'missing.mp4')])).rejects.toThrow(/missing\.mp4.*No such file/);
  });
});

describe('runFfmpeg', () => {
  const args = (seconds: number) => ['-f', 'lavfi', '-i', `testsrc2=s=320x180:r=30:d=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'mp4'];

  it('reports progress against the total, then renames the temp file into place', async () => {
    const out = path.join(dir, 'run', 'nested', 'out.mp4');
    const events: RunProgress[] = [];
    const res = await runFfmpeg({ ffmpegPath: ffmpeg.ffmpegPath, args: args(2), totalDurationS: 2, outputPath: out, onProgress: (p) => events.push(p) });
    expect(res.outputPath).toBe(out);
    expect(await countFrames(out)).toBe(60);
    expect(events.at(-1)).toMatchObject({ percent: 100, done: true, etaS: 0 });
    const percents = events.map((e) => e.percent ?? 0);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(await readdir(path.dirname(out))).toEqual(['out.mp4']);
  });

  it('fails with the tail of stderr and leaves nothing behind', async () => {
    const out = path.join(dir, 'fail', 'out.mp4');
    const err = await runFfmpeg({
      ffmpegPath: ffmpeg.ffmpegPath,
      args: ['-f', 'lavfi', '-i', 'testsrc2=d=1', '-vf', 'nosuchfilter', '-f', 'mp4'],
      outputPath: out,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegRunError);
    expect((err as FfmpegRunError).message).toMatch(/exit code 1.*nosuchfilter/i);
    expect((err as FfmpegRunError).stderrTail).toMatch(/nosuchfilter/);
    expect(await readdir(path.dirname(out))).toEqual([]);
    // The error carries the exact run, pasteable into a terminal: the shell reproduces the failure.
    const line = (err as FfmpegRunError).commandLine;
    expect(line).toContain(ffmpeg.ffmpegPath);
    const replay = spawnSync('bash', ['-c', line], { encoding: 'utf8' });
    expect(replay.status).toBe(1);
    expect(replay.stderr).toMatch(/nosuchfilter/);
  });

  it('formats command lines that a shell splits back into the same arguments', () => {
    const args = ['-i', "it's a photo.jpg", '-vf', 'scale=w=1280:h=-2,format=yuv420p', '', '$HOME', 'a;b', 'plain-arg_1.mp4', '*'];
    const replay = spawnSync('bash', ['-c', `${formatCommandLine('printf', ['%s\\0', ...args])}`], { encoding: 'utf8' });
    expect(replay.stdout.split('\0').slice(0, -1)).toEqual(args);
  });

  it('cancels: kills FFmpeg and removes the temp output', async () => {
    const folder = path.join(dir, 'cancel');
    await mkdir(folder, { recursive: true });
    const controller = new AbortController();
    const started = performance.now();
    const err = await runFfmpeg({
      ffmpegPath: ffmpeg.ffmpegPath,
      args: ['-re', ...args(60)],
      totalDurationS: 60,
      outputPath: path.join(folder, 'out.mp4'),
      signal: controller.signal,
      onProgress: (p) => {
        if ((p.outTimeS ?? 0) > 0.3) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('hardware encoders', () => {
  it('proves an encoder with a real test encode, not the -encoders listing', async () => {
    expect(await canEncodeWith(ffmpeg.ffmpegPath, 'libx264')).toBe(true);
    expect(await canEncodeWith(ffmpeg.ffmpegPath, 'h264_nosuchencoder')).toBe(false);
  });

  it('keeps only encoders that really work, and falls back to libx264', async () => {
    // An FFmpeg that lists three GPU encoders: nvenc encodes (as libx264 underneath), qsv and amf fail
    // their test encode, as on a PC whose driver is missing. What is offered follows the real encodes.
    const gpuFfmpeg = path.join(dir, 'ffmpeg-with-gpus');
    await writeFile(
      gpuFfmpeg,
      [
        '#!/usr/bin/env bash',
        'if [[ " $* " == *" -encoders "* ]]; then printf " V....D h264_nvenc NVIDIA\\n V....D h264_qsv Intel\\n V....D h264_amf AMD\\n"; exit 0; fi',
        'args=("$@")',
        'for i in "${!args[@]}"; do',
        '  case "${args[$i]}" in h264_nvenc) args[$i]=libx264 ;; h264_qsv|h264_amf) echo "Cannot load the driver" >&2; exit 1 ;; esac',
        'done',
        `exec ${JSON.stringify(ffmpeg.ffmpegPath)} "\${args[@]}"`,
      ].join('\n'),
    );
    await chmod(gpuFfmpeg, 0o755);
    const found = await detectHardwareEncoders(gpuFfmpeg, { platform: 'linux' });
    expect(found).toEqual(['h264_nvenc']);
    expect(await detectHardwareEncoders(gpuFfmpeg, { platform: 'linux' })).toBe(found); // cached
    expect(await detectHardwareEncoders(gpuFfmpeg, { platform: 'darwin' })).toEqual([]); // VideoToolbox is not listed
    expect(await resolveVideoEncoder(gpuFfmpeg, 'software')).toBe('libx264');
    expect(await resolveVideoEncoder(gpuFfmpeg, 'h264_qsv')).toBe('libx264');
    expect(await resolveVideoEncoder(gpuFfmpeg, 'h264_nvenc')).toBe('h264_nvenc');
    if (process.platform !== 'darwin') {
      expect(await resolveVideoEncoder(gpuFfmpeg, 'auto')).toBe('h264_nvenc');
      // A job that fails on nvenc takes it off the list for this run.
      markEncoderBroken(gpuFfmpeg, 'h264_nvenc');
      expect(await resolveVideoEncoder(gpuFfmpeg, 'auto')).toBe('libx264');
    }
  });
  it('tries Media Foundation (h264_mf) on Windows, in hardware only: the one encoder of Windows on Arm', async () => {
    // An FFmpeg as on a Snapdragon PC: only h264_mf is listed, and it encodes only when asked for the
    // hardware MFT (without -hw_encoding 1 it would quietly use Windows' software one).
    const armFfmpeg = path.join(dir, 'ffmpeg-windows-arm');
    await writeFile(
      armFfmpeg,
      [
        '#!/usr/bin/env bash',
        'if [[ " $* " == *" -encoders "* ]]; then printf " V....D h264_mf H264 via MediaFoundation\\n"; exit 0; fi',
        'if [[ " $* " == *" h264_mf "* && " $* " != *" -hw_encoding 1 "* ]]; then echo "software MFT: not wanted" >&2; exit 1; fi',
        'out=()',
        'skip=0',
        'for a in "$@"; do',
        '  if [[ $skip == 1 ]]; then skip=0; continue; fi',
        '  case "$a" in h264_mf) out+=(libx264) ;; -hw_encoding) skip=1 ;; *) out+=("$a") ;; esac',
        'done',
        `exec ${JSON.stringify(ffmpeg.ffmpegPath)} "\${out[@]}"`,
      ].join('\n'),
    );
    await chmod(armFfmpeg, 0o755);
    expect(await detectHardwareEncoders(armFfmpeg, { platform: 'win32' })).toEqual(['h264_mf']);
    expect(await detectHardwareEncoders(armFfmpeg, { platform: 'linux' })).toEqual([]);
    expect(videoEncoderArgs('h264_mf', 'standard', { width: 1920, height: 1080, fps: 30 })).toEqual(
      expect.arrayContaining(['-c:v', 'h264_mf', '-hw_encoding', '1', '-b:v']),
    );
    expect(videoEncoderArgs('h264_mf', 'standard', { width: 1920, height: 1080, fps: 30 })).not.toContain('-profile:v');
  });
});
