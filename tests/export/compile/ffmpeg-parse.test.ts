import { describe, expect, it } from 'vitest';
import { parseInputDescription, parseInputDescriptions, parsePacketCounts, splitTopLevel } from '../../../electron/services/ffmpeg/probe-parse';
import { ProgressParser, toRunProgress } from '../../../electron/services/ffmpeg/progress';
import { summarizeStderr, tempPathFor } from '../../../electron/services/ffmpeg/runner';
import { filterScriptFlag, parseFfmpegVersion, supportsStatsPeriod, supportsXfade } from '../../../electron/services/ffmpeg/version';

describe('FFmpeg version', () => {
  it.each([
    ['ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026', 5, 1, true],
    ['ffmpeg version n6.0 Copyright (c) 2000-2023', 6, 0, true],
    ['ffmpeg version 6.1.1-static https://johnvansickle.com/ffmpeg/', 6, 1, true],
    ['ffmpeg version 4.3.2-0york0~18.04 Copyright', 4, 3, true],
    ['ffmpeg version 4.2.7-0ubuntu0.1 Copyright', 4, 2, false],
    ['ffmpeg version 4.1 Copyright', 4, 1, false],
  ])('parses %s', (line, major, minor, xfade) => {
    const v = parseFfmpegVersion(line);
    expect([v.major, v.minor]).toEqual([major, minor]);
    expect(supportsXfade(v)).toBe(xfade);
  });

  it('falls back to the libavfilter version for git builds', () => {
    const git = parseFfmpegVersion('ffmpeg version N-112233-gabcdef0 Copyright\nlibavfilter     9. 12.100 /  9. 12.100\n');
    expect(git.major).toBeNull();
    expect(supportsXfade(git)).toBe(true);
    expect(supportsStatsPeriod(git)).toBe(true);
    const old = parseFfmpegVersion('ffmpeg version N-9-g1 Copyright\nlibavfilter     7. 57.100 /  7. 57.100\n');
    expect(supportsXfade(old)).toBe(false);
  });
});

describe('the filter-script flag', () => {
  const lavfi = (major: number, minor: number) => `libavfilter    ${major}. ${minor}.100 / ${major}. ${minor}.100\n`;
  it.each([
    // Releases: the release number decides.
    ['ffmpeg version 5.1.9-0+deb12u1 Copyright\n' + lavfi(8, 44), '-filter_complex_script'],
    ['ffmpeg version 6.1.1-static https://johnvansickle.com/ffmpeg/\n' + lavfi(9, 12), '-filter_complex_script'],
    ['ffmpeg version 7.1-full_build-www.gyan.dev Copyright\n' + lavfi(10, 4), '-/filter_complex'],
    ['ffmpeg version n7.0.2 Copyright\n' + lavfi(10, 1), '-/filter_complex'],
    // Nightlies print no release number: libavfilter 10+ is FFmpeg 7 or later.
    ['ffmpeg version N-118448-g43be8d0728-20250209 Copyright\n' + lavfi(11, 0), '-/filter_complex'],
    ['ffmpeg version 2025-01-30-git-1911a6ec26-full_build-www.gyan.dev Copyright\n' + lavfi(10, 9), '-/filter_complex'],
    ['ffmpeg version N-112233-gabcdef0 Copyright\n' + lavfi(9, 12), '-filter_complex_script'],
    ['ffmpeg version 2023-06-01-git-abc Copyright\n' + lavfi(9, 8), '-filter_complex_script'],
  ])('%s -> %s', (output, flag) => {
    expect(filterScriptFlag(parseFfmpegVersion(output))).toBe(flag);
  });
});

describe('progress output', () => {
  const block = (t: string, progress = 'continue') =>
    `frame=45\nfps=30.0\nout_time_us=${t}\nout_time_ms=${t}\nout_time=00:00:01.500000\nspeed=1.5x\nprogress=${progress}\n`;

  it('splits the stream into blocks even when chunks cut lines in half', () => {
    const p = new ProgressParser();
    const text = block('1500000') + block('3000000', 'end');
    const blocks = [...p.push(text.slice(0, 37)), ...p.push(text.slice(37, 100)), ...p.push(text.slice(100))];
    expect(blocks).toEqual([
      { frame: 45, outTimeS: 1.5, speed: 1.5, done: false },
      { frame: 45, outTimeS: 3, speed: 1.5, done: true },
    ]);
  });

  it('reads N/A and negative times before the first frame as zero progress', () => {
    const [b] = new ProgressParser().push('out_time_us=N/A\nout_time=-577014:32:22.775808\nspeed=N/A\nprogress=continue\n');
    expect(b).toEqual({ frame: null, outTimeS: 0, speed: null, done: false });
  });

  it('computes percent against the total and an ETA from the elapsed time', () => {
    expect(toRunProgress({ frame: 1, outTimeS: 2.5, speed: 2, done: false }, 10, 4)).toMatchObject({ percent: 25, etaS: 12 });
    expect(toRunProgress({ frame: 1, outTimeS: 0, speed: null, done: false }, 10, 1)).toMatchObject({ percent: 0, etaS: null });
    expect(toRunProgress({ frame: 1, outTimeS: 9.9, speed: 2, done: true }, 10, 5)).toMatchObject({ percent: 100, etaS: 0 });
    expect(toRunProgress({ frame: 1, outTimeS: 3, speed: 2, done: false }, undefined, 5).percent).toBeNull();
  });
});

const STDERR_MP4 = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '/media/a b.mp4':
  Metadata:
    major_brand     : isom
  Duration: 00:00:05.00, start: 0.000000, bitrate: 2682 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1280x720 [SAR 1:1 DAR 16:9], 2679 kb/s, 29.97 fps, 29.97 tbr, 30k tbn (default)
    Metadata:
      handler_name    : VideoHandler
    Side data:
      displaymatrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 69 kb/s (default)
At least one output file must be specified
`;

describe('input description parser', () => {
  it('reads video and audio streams, SAR, rate, rotation and duration', () => {
    const p = parseInputDescription(STDERR_MP4);
    expect(p).toMatchObject({ container: 'mov,mp4,m4a,3gp,3g2,mj2', durationS: 5, startS: 0 });
    expect(p?.video).toEqual({
      index: 0, codec: 'h264', profile: 'High', pixFmt: 'yuv420p', pixFmtDetails: 'tv, bt709, progressive',
      width: 1280, height: 720, sar: { num: 1, den: 1 }, fps: 29.97, tbr: 29.97, tbn: '30k', rotation: 90,
    });
    expect(p?.audio).toEqual({ index: 1, codec: 'aac', sampleRate: 44100, channelLayout: 'mono' });
  });

  it('reads the verbose form, several inputs, and skips cover art', () => {
    const stderr = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':
  Duration: 00:00:01.00, start: 0.000000, bitrate: 356 kb/s
  Stream #0:0[0x1](und): Video: h264 (High 4:4:4 Predictive), 1 reference frame (avc1 / 0x31637661), yuv444p(progressive, left), 320x240 (320x256) [SAR 4:3 DAR 16:9], 266 kb/s, 25 fps, 25 tbr, 12800 tbn (default)
Input #1, mp3, from 'song.mp3':
  Duration: 00:03:10.02, start: 0.025057, bitrate: 320 kb/s
  Stream #1:0: Audio: mp3, 44100 Hz, stereo, fltp, 320 kb/s
  Stream #1:1: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 600x600 [SAR 1:1 DAR 1:1], 90k tbr, 90k tbn (attached pic)
Output #0, null, to 'pipe:':
  Stream #0:0: Video: h264 (High 4:4:4 Predictive), yuv444p, 320x240, q=2-31
Input file #0 (a.mp4):
  Input stream #0:0 (video): 25 packets read (33335 bytes);
Input file #1 (song.mp3):
  Input stream #1:0 (audio): 0 packets read (0 bytes);
`;
    const [a, song] = parseInputDescriptions(stderr);
    expect(a?.video).toMatchObject({ codec: 'h264', pixFmt: 'yuv444p', width: 320, height: 240, sar: { num: 4, den: 3 }, fps: 25 });
    expect(song).toMatchObject({ container: 'mp3', durationS: 190.02, startS: 0.025057, video: null });
    expect(song?.audio).toMatchObject({ codec: 'mp3', sampleRate: 44100, channelLayout: 'stereo' });
    expect(parsePacketCounts(stderr)).toEqual(new Map([['0:0', 25], ['1:0', 0]]));
  });

  it('returns nothing when FFmpeg could not open the input', () => {
    expect(parseInputDescription("[mov,mp4 @ 0x55] moov atom not found\n/m/x.mp4: Invalid data found when processing input\n")).toBeNull();
  });

  it('splits on top-level commas only', () => {
    expect(splitTopLevel('h264 (High), yuv420p(tv, bt709), 1280x720 [SAR 1:1 DAR 16:9], 30 fps')).toEqual([
      'h264 (High)', 'yuv420p(tv, bt709)', '1280x720 [SAR 1:1 DAR 16:9]', '30 fps',
    ]);
  });
});

describe('runner helpers', () => {
  it('keeps the temp output hidden in the destination folder with the same extension', () => {
    const t = tempPathFor('/out/My Video.mp4');
    expect(t).toMatch(/^\/out\/\.My Video\.[0-9a-f]{8}\.partial\.mp4$/);
  });

  it('summarizes stderr with the cause first and the last line', () => {
    const stderr = [
      'Input #0, lavfi, from \'testsrc2\':',
      'frame=  10 fps=0',
      "[AVFilterGraph @ 0x1] No such filter: 'nope'",
      'Error reinitializing filters!',
      'Failed to inject frame into filter network: Invalid argument',
      'Conversion failed!',
    ].join('\n');
    expect(summarizeStderr(stderr)).toBe("[AVFilterGraph @ 0x1] No such filter: 'nope' | Error reinitializing filters! | Conversion failed!");
    expect(summarizeStderr('')).toBe('(no error output)');
  });
});
