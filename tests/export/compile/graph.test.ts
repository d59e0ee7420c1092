import { describe, expect, it } from 'vitest';
import { OUTPUT_PRESETS, XFADE_TRANSITIONS, outputDimensions } from '../../../shared/values';
import { OutputSettingsSchema, type OutputSettingsInput } from '../../../shared/output';
import { TimelineSchema, type TimelineInput } from '../../../electron/services/export/compile/request';
import { buildAudioGraph } from '../../../electron/services/export/compile/audio-graph';
import type { ClipMeta } from '../../../electron/services/export/compile/clip-meta';
import { videoEncoderArgs } from '../../../electron/services/export/compile/encoder-args';
import { buildStreamCopyCommand, canStreamCopy, concatList } from '../../../electron/services/export/compile/fast-path';
import { fitFrame } from '../../../electron/services/export/compile/geometry';
import { buildFilterGraphCommand, commandArgs } from '../../../electron/services/export/compile/graph';
import { planTimeline, TimelinePlanError } from '../../../electron/services/export/compile/plan';

function meta(over: Partial<ClipMeta> = {}): ClipMeta {
  return {
    path: '/media/clip.mp4',
    label: 'Clip',
    durationS: 2,
    frames: 60,
    width: 1280,
    height: 720,
    sar: { num: 1, den: 1 },
    fps: 30,
    tbr: 30,
    pixFmt: 'yuv420p',
    hasAudio: false,
    codec: 'h264',
    profile: 'High',
    tbn: '15360',
    rotation: 0,
    codecConfigHash: 'abc',
    ...over,
  };
}

function setup(timeline: TimelineInput, metas: ClipMeta[], output: OutputSettingsInput = {}) {
  const tl = TimelineSchema.parse(timeline);
  const out = OutputSettingsSchema.parse({ resolution: '720p', ...output });
  const plan = planTimeline(tl, metas, out.fps);
  return { tl, out, plan };
}

const clips = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `/media/c${i}.mp4` }));
const metasFor = (n: number, over: Partial<ClipMeta> = {}) =>
  Array.from({ length: n }, (_, i) => meta({ path: `/media/c${i}.mp4`, label: `Clip ${i + 1}`, ...over }));

describe('shared compile schema', () => {
  it('offers cut and at least 12 xfade transitions', () => {
    expect(XFADE_TRANSITIONS.length).toBeGreaterThanOrEqual(12);
    for (const t of ['fade', 'dissolve', 'wipeleft', 'slideup', 'circleopen', 'radial']) {
      expect(XFADE_TRANSITIONS).toContain(t);
    }
    expect(TimelineSchema.parse({ clips: clips(1) }).transition.type).toBe('cut');
  });

  it('rejects clips without a source, inverted trims and out-of-range music volume', () => {
    expect(TimelineSchema.safeParse({ clips: [{ inS: 0 }] }).success).toBe(false);
    expect(TimelineSchema.safeParse({ clips: [{ path: '/a.mp4', mediaId: 'm1' }] }).success).toBe(false);
    expect(TimelineSchema.safeParse({ clips: [{ path: '/a.mp4', inS: 2, outS: 1 }] }).success).toBe(false);
    expect(TimelineSchema.safeParse({ clips: clips(1), music: { path: '/m.mp3', volume: 101 } }).success).toBe(false);
    expect(TimelineSchema.safeParse({ clips: [] }).success).toBe(false);
  });

  it('maps every aspect and resolution to even frame sizes', () => {
    expect(outputDimensions('16:9', '1080p')).toEqual({ width: 1920, height: 1080 });
    expect(outputDimensions('9:16', '720p')).toEqual({ width: 720, height: 1280 });
    expect(outputDimensions('1:1', '4k')).toEqual({ width: 2160, height: 2160 });
    expect(outputDimensions('4:5', '1080p')).toEqual({ width: 1080, height: 1350 });
    expect(outputDimensions('16:9', '4k')).toEqual({ width: 3840, height: 2160 });
    for (const preset of Object.values(OUTPUT_PRESETS)) {
      const { width, height } = outputDimensions(preset.aspect, preset.resolution);
      expect(width % 2).toBe(0);
      expect(height % 2).toBe(0);
      expect(OutputSettingsSchema.parse(preset)).toEqual(preset);
    }
  });
});

describe('planTimeline', () => {
  it('counts frames as the sum of clips minus the overlaps', () => {
    const { plan } = setup({ clips: clips(3), transition: { type: 'fade', durationS: 0.5 } }, metasFor(3));
    expect(plan.clips.map((c) => c.frames)).toEqual([60, 60, 60]);
    expect(plan.boundaries).toEqual([
      { type: 'fade', frames: 15, startFrame: 45 },
      { type: 'fade', frames: 15, startFrame: 90 },
    ]);
    // Each clip starts where the previous one's tail window starts.
    expect(plan.clips.map((c) => c.startFrame)).toEqual([0, 45, 90]);
    expect(plan.totalFrames).toBe(150);
    expect(plan.durationS).toBe(5);
  });

  it('honours trims and per-boundary overrides, and clamps an overlap to half the shorter clip', () => {
    const { plan } = setup(
      {
        clips: [
          { path: '/a.mp4', inS: 0.5, outS: 1.5, transitionOut: { type: 'cut' } },
          { path: '/b.mp4', transitionOut: { type: 'radial', durationS: 3 } },
          { path: '/c.mp4', outS: 0.4 },
        ],
        transition: { type: 'dissolve', durationS: 0.5 },
      },
      metasFor(3),
      { fps: 25 },
    );
    expect(plan.clips.map((c) => c.frames)).toEqual([25, 50, 10]);
    expect(plan.boundaries).toEqual([
      { type: 'cut', frames: 0, startFrame: 25 },
      { type: 'radial', frames: 5, startFrame: 70 },
    ]);
    expect(plan.clips.map((c) => c.startFrame)).toEqual([0, 25, 70]);
    expect(plan.totalFrames).toBe(25 + 50 + 10 - 5);
  });

  it('limits the out point to the clip and names a clip whose in point is past its end', () => {
    const { plan } = setup({ clips: [{ path: '/a.mp4', outS: 9 }] }, [meta({ durationS: 2 })]);
    expect(plan.totalFrames).toBe(60);
    expect(() => setup({ clips: [{ path: '/a.mp4', inS: 3 }] }, [meta({ label: 'Clip 1 (sunset)' })])).toThrow(
      /Clip 1 \(sunset\).*in point/,
    );
    expect(() => setup({ clips: [{ path: '/a.mp4', inS: 3 }] }, [meta()])).toThrow(TimelinePlanError);
  });
});

describe('fitFrame', () => {
  it('pads a portrait source into a landscape frame, centred on even offsets', () => {
    expect(fitFrame({ width: 240, height: 320, sar: { num: 1, den: 1 } }, { width: 1280, height: 720 }, 'pad')).toEqual({
      scaleWidth: 540, scaleHeight: 720, x: 370, y: 0, fit: 'pad',
    });
  });

  it('crops a landscape source to fill a portrait frame', () => {
    const f = fitFrame({ width: 1920, height: 1080, sar: { num: 1, den: 1 } }, { width: 1080, height: 1920 }, 'crop');
    expect(f).toEqual({ scaleWidth: 3414, scaleHeight: 1920, x: 1166, y: 0, fit: 'crop' });
  });

  it('uses the sample aspect ratio: anamorphic 1440x1080 (4:3 pixels) fills 16:9 exactly', () => {
    const f = fitFrame({ width: 1440, height: 1080, sar: { num: 4, den: 3 } }, { width: 1280, height: 720 }, 'pad');
    expect(f).toMatchObject({ scaleWidth: 1280, scaleHeight: 720, x: 0, y: 0 });
  });
});

describe('buildFilterGraphCommand', () => {
  it('normalizes each clip once, xfades only the overlap windows and concatenates the pieces', () => {
    const { plan, out } = setup({ clips: clips(3), transition: { type: 'wipeleft', durationS: 0.5 } }, metasFor(3));
    const cmd = buildFilterGraphCommand({ plan, output: out, encoder: 'libx264' });
    const g = cmd.filterGraph;
    // One decode + normalize per clip.
    expect(g.match(/\[\d+:v\]/g)).toEqual(['[0:v]', '[1:v]', '[2:v]']);
    expect(g).toContain('[0:v]setsar=1,settb=1/30,setpts=N,trim=end_frame=60,split=2[sb0][st0]');
    expect(g).toContain('[sb1]trim=start_frame=15:end_frame=45,setpts=PTS-STARTPTS[b1]');
    expect(g).toContain('[st1]trim=start_frame=45,setpts=PTS-STARTPTS[t1]');
    expect(g).toContain('[sh2]trim=end_frame=15[h2]');
    // xfade sees only the 15-frame windows, padded so neither input ends early, cut back to 15 frames.
    expect(g).toContain('[t0]tpad=stop=-1:stop_mode=clone[tp0]');
    expect(g).toContain('[tp0][hp1]xfade=transition=wipeleft:duration=0.5:offset=0,trim=end_frame=15[x0]');
    expect(g.match(/xfade=/g)).toHaveLength(2);
    expect(g).toContain('[b0][x0][b1][x1][b2]concat=n=5:v=1:a=0,settb=1/30,setpts=N[vout]');
    expect(cmd.totalFrames).toBe(150);
    expect(cmd.inputArgs).toEqual(['-i', '/media/c0.mp4', '-i', '/media/c1.mp4', '-i', '/media/c2.mp4']);
  });

  it('converts size, SAR, pixel format and frame rate per clip, with exact frame counts', () => {
    const metas = [
      meta({ path: '/a.mp4', width: 240, height: 320, fps: 24, tbr: 24, pixFmt: 'yuv444p', frames: 48 }),
      meta({ path: '/b.mp4', width: 320, height: 240, sar: { num: 4, den: 3 }, fps: 60, tbr: 60, frames: 120 }),
    ];
    const { plan, out } = setup({ clips: [{ path: '/a.mp4' }, { path: '/b.mp4', inS: 0.5 }] }, metas, { fit: 'pad' });
    const g = buildFilterGraphCommand({ plan, output: out, encoder: 'libx264' }).filterGraph;
    // 24 fps source: scale first, then duplicate frames; padded and cut to the exact count.
    expect(g).toContain(
      '[0:v]scale=540:720,format=yuv420p,pad=1280:720:370:0:color=black,fps=30,setsar=1,tpad=stop_mode=clone:stop=30,settb=1/30,setpts=N,trim=end_frame=60[b0]',
    );
    // 60 fps source: drop frames before scaling; 4:3 pixels make it 16:9.
    expect(g).toContain('[1:v]fps=30,scale=1280:720,format=yuv420p,setsar=1,tpad=stop_mode=clone:stop=30,settb=1/30,setpts=N,trim=end_frame=45[b1]');
    expect(g).toContain('[b0][b1]concat=n=2:v=1:a=0');
  });

  it('crops when asked and seeks trimmed clips at the demuxer', () => {
    const { plan, out } = setup(
      { clips: [{ path: '/a.mp4', inS: 0.25, outS: 1.25 }] },
      [meta({ path: '/a.mp4', width: 1920, height: 1080 })],
      { aspect: '9:16', resolution: '1080p', fit: 'crop' },
    );
    const cmd = buildFilterGraphCommand({ plan, output: out, encoder: 'libx264' });
    expect(cmd.filterGraph).toContain('scale=3414:1920,format=yuv420p,crop=1080:1920:1166:0');
    expect(cmd.inputArgs).toEqual(['-ss', '0.25', '-t', '1.033333', '-i', '/a.mp4']);
  });

  it('always produces an audio track: silence when there is neither clip audio nor music', () => {
    const { plan, out } = setup({ clips: clips(2) }, metasFor(2));
    const cmd = buildFilterGraphCommand({ plan, output: out, encoder: 'libx264' });
    expect(cmd.filterGraph).toContain('anullsrc=r=48000:cl=stereo,atrim=end_sample=192000[aout]');
    expect(cmd.outputArgs).toEqual(expect.arrayContaining(['-map', '[vout]', '-map', '[aout]', '-c:a', 'aac']));
  });

  it('loops the music, trims it to the video, applies volume and fades, and mixes clip audio under it', () => {
    const metas = [meta({ path: '/a.mp4', hasAudio: true }), meta({ path: '/b.mp4' })];
    const { plan, out } = setup(
      {
        clips: [{ path: '/a.mp4' }, { path: '/b.mp4' }],
        transition: { type: 'fade', durationS: 1 },
        music: { path: '/m.mp3', volume: 50, fadeInS: 1, fadeOutS: 2, clipAudioVolume: 25 },
      },
      metas,
    );
    const cmd = buildFilterGraphCommand({ plan, output: out, encoder: 'libx264', music: { path: '/m.mp3', volume: 50, fadeInS: 1, fadeOutS: 2, clipAudioVolume: 25 } });
    expect(cmd.inputArgs.slice(-4)).toEqual(['-stream_loop', '-1', '-i', '/m.mp3']);
    const g = cmd.filterGraph;
    expect(g).toContain('[0:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,apad,atrim=end_sample=96000[ca0]');
    expect(g).toContain('anullsrc=r=48000:cl=stereo,atrim=end_sample=96000[ca1]');
    expect(g).toContain('[ca0][ca1]acrossfade=ns=48000:c1=tri:c2=tri[cx0]');
    expect(g).toContain('[2:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,apad,atrim=end_sample=144000,asetpts=N/SR/TB,volume=0.5,afade=t=in:st=0:d=1,afade=t=out:st=1.5:d=1.5[music]'); // the 2 s fade-out is clamped to half the 3 s video
    expect(g).toContain('[cx0]volume=0.25[clipmix]');
    expect(g).toContain('[clipmix][music]amix=inputs=2:duration=first:dropout_transition=0,volume=2[aout]');
  });

  it('passes the output settings to the encoder', () => {
    const { plan, out } = setup({ clips: clips(1) }, metasFor(1), { fps: 25, quality: 'high' });
    const args = buildFilterGraphCommand({ plan, output: out, encoder: 'libx264' }).outputArgs;
    expect(args).toEqual(expect.arrayContaining(['-c:v', 'libx264', '-preset', 'medium', '-crf', '19', '-r', '25']));
    expect(args).toEqual(expect.arrayContaining(['-movflags', '+faststart', '-f', 'mp4']));
  });

  it('decodes clips of up to 1080p with one thread each when asked, bigger ones threaded', () => {
    const metas = [meta({ path: '/media/hd.mp4' }), meta({ path: '/media/uhd.mp4', width: 3840, height: 2160 })];
    const { plan, out } = setup({ clips: [{ path: '/media/hd.mp4' }, { path: '/media/uhd.mp4' }] }, metas);
    const lean = buildFilterGraphCommand({ plan, output: out, encoder: 'libx264', leanDecoders: true }).inputArgs;
    const threadsBefore = (file: string) => {
      const at = lean.indexOf(file);
      const lastInput = lean.lastIndexOf('-i', at - 1);
      const previousFile = lean.lastIndexOf('-i', lastInput - 1);
      return lean.slice(previousFile < 0 ? 0 : previousFile + 2, lastInput).join(' ');
    };
    expect(threadsBefore('/media/hd.mp4')).toContain('-threads 1');
    expect(threadsBefore('/media/uhd.mp4')).not.toContain('-threads');
    expect(buildFilterGraphCommand({ plan, output: out, encoder: 'libx264' }).inputArgs).not.toContain('-threads');
  });

  it('moves a long graph into a script file, with the option this FFmpeg version understands', () => {
    const cmd = { inputArgs: ['-i', 'a'], filterGraph: 'null', outputArgs: ['-f', 'mp4'], totalFrames: 1, durationS: 1 };
    expect(commandArgs(cmd)).toEqual(['-i', 'a', '-filter_complex', 'null', '-f', 'mp4']);
    expect(commandArgs(cmd, { path: '/t/g.txt', version: { major: 5, libavfilter: { major: 8, minor: 44 } } })).toContain('-filter_complex_script');
    expect(commandArgs(cmd, { path: '/t/g.txt', version: { major: 7, libavfilter: { major: 10, minor: 1 } } })).toContain('-/filter_complex');
    // A nightly: no release number, libavfilter 10+ means FFmpeg 7 or later.
    expect(commandArgs(cmd, { path: '/t/g.txt', version: { major: null, libavfilter: { major: 11, minor: 0 } } })).toContain('-/filter_complex');
  });
});

describe('buildAudioGraph', () => {
  it('concatenates at cuts and crossfades at transitions, sample-exact', () => {
    const chains = buildAudioGraph({
      fps: 25,
      clips: [{ audioInput: 0, frames: 50 }, { audioInput: null, frames: 25 }, { audioInput: 2, frames: 50 }],
      boundaries: [{ frames: 0 }, { frames: 10 }],
      totalFrames: 115,
      music: null,
    });
    expect(chains).toContain('[ca0][ca1]concat=n=2:v=0:a=1[cj0]');
    expect(chains).toContain('[cj0][ca2]acrossfade=ns=19200:c1=tri:c2=tri[cx1]');
    expect(chains.at(-1)).toBe('[cx1]anull[aout]');
  });
});

describe('hardware encoder arguments', () => {
  it('drives hardware encoders by bitrate and libx264 by CRF', () => {
    expect(videoEncoderArgs('libx264', 'standard', { width: 1280, height: 720, fps: 30 })).toEqual(
      expect.arrayContaining(['-preset', 'veryfast', '-crf', '22', '-pix_fmt', 'yuv420p']),
    );
    const nv = videoEncoderArgs('h264_nvenc', 'standard', { width: 1920, height: 1080, fps: 30 });
    expect(nv.slice(0, 4)).toEqual(['-c:v', 'h264_nvenc', '-b:v', '4977k']);
    expect(nv).not.toContain('-crf');
  });
});

describe('stream-copy fast path', () => {
  it('is taken for cut-only, untrimmed clips that already match the output', () => {
    const { plan, out } = setup({ clips: clips(3) }, metasFor(3));
    expect(canStreamCopy(plan, out)).toEqual({ ok: true });
  });

  it.each([
    ['a transition', { transition: { type: 'fade' as const, durationS: 0.5 } }, {}, /transitions/],
    ['a trim', { clips: [{ path: '/media/c0.mp4', inS: 0.5 }, { path: '/media/c1.mp4' }] }, {}, /trimmed/],
    ['another size', {}, { width: 1920, height: 1080 }, /1920x1080/],
    ['another rate', {}, { fps: 25, tbr: 25 }, /30 fps/],
    ['other codec parameters', {}, { codecConfigHash: null }, /codec parameters/],
    ['another codec', {}, { codec: 'hevc' }, /hevc/],
  ])('is refused for %s', (_name, timeline, over, reason) => {
    const { plan, out } = setup({ clips: clips(2), ...timeline }, metasFor(2, over));
    const check = canStreamCopy(plan, out);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });

  it('copies the video through the concat demuxer and encodes only the audio', () => {
    const metas = [meta({ path: '/a.mp4', hasAudio: true }), meta({ path: '/b.mp4' })];
    const { plan } = setup({ clips: [{ path: '/a.mp4' }, { path: '/b.mp4' }] }, metas);
    const cmd = buildStreamCopyCommand({ plan, concatListPath: '/tmp/l.ffconcat', music: { path: '/m.mp3', volume: 80, fadeInS: 0, fadeOutS: 0, clipAudioVolume: 40 } });
    expect(cmd.inputArgs).toEqual(['-f', 'concat', '-safe', '0', '-auto_convert', '0', '-i', '/tmp/l.ffconcat', '-i', '/a.mp4', '-stream_loop', '-1', '-i', '/m.mp3']);
    expect(cmd.outputArgs).toEqual(expect.arrayContaining(['-map', '0:v:0', '-c:v', 'copy', '-map', '[aout]', '-c:a', 'aac']));
    expect(cmd.filterGraph).toContain('[1:a]aresample=48000');
    expect(cmd.filterGraph).toContain('[2:a]aresample=48000');
    expect(cmd.filterGraph).not.toContain(':v]');
  });

  it('quotes paths in the concat list', () => {
    expect(concatList(['/m/a.mp4', "/m/it's.mp4"])).toBe("ffconcat version 1.0\nfile '/m/a.mp4'\nfile '/m/it'\\''s.mp4'\n");
  });
});
