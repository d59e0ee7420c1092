/**
 * Compile benchmark (issue 5): 10 clips of 5 s at 1280x720 30 fps, a 60 s music track,
 * 0.5 s crossfades + music, compiled by compileTimeline; compared in the same run with
 *   - the encode limit: the same encoder and preset encoding one pre-made input of the same
 *     length and size (video + the music track), i.e. what it costs just to decode and encode;
 *   - the naive pipeline: normalize each clip, then one FFmpeg run per transition;
 *   - the cut-only fast path on a timeline of uniform clips.
 * The machine is shared, so ours and the encode limit are run alternately several times and
 * compared by their medians. Last line: one JSON object with the four figures.
 *
 * Run: npx tsx tests/bench/compile.ts   (env BENCH_RUNS=n to change the repetitions, default 3)
 */
import os from 'node:os';
import path from 'node:path';
import { outputDimensions, type OutputSettings } from '../../shared/compile';
import { compileTimeline } from '../../electron/services/compile';
import { audioEncoderArgs, videoEncoderArgs } from '../../electron/services/compile/encoder-args';
import { locateFfmpeg, runFfmpeg } from '../../electron/services/ffmpeg';
import { countFrames, makeTempDir, makeTestAudio, makeTestClip } from '../support/ffmpeg-fixtures';

const CLIPS = 10;
const CLIP_S = 5;
const XFADE_S = 0.5;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const OUTPUT: OutputSettings = { aspect: '16:9', resolution: '720p', fps: 30, quality: 'standard', fit: 'pad', encoder: 'software' };
const { width, height } = outputDimensions(OUTPUT.aspect, OUTPUT.resolution);
const FPS = OUTPUT.fps;
const VIDEO_ARGS = videoEncoderArgs('libx264', OUTPUT.quality, { width, height, fps: FPS });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const fmt = (n: number) => n.toFixed(2);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

async function main() {
  const ffmpeg = await locateFfmpeg();
  const { dir, cleanup } = await makeTempDir('echoes-bench-compile-');
  try {
    console.log(`FFmpeg ${ffmpeg.version} (${ffmpeg.ffmpegPath}), ${os.cpus().length} cores, load ${load()}`);
    console.log(`Making ${CLIPS} clips of ${CLIP_S} s ${width}x${height} ${FPS} fps and a 60 s music track...`);
    const clips: string[] = [];
    for (let i = 0; i < CLIPS; i++) {
      clips.push(
        await makeTestClip(path.join(dir, `clip${i}.mp4`), {
          width, height, fps: FPS, durationS: CLIP_S, hue: i * 36, preset: 'veryfast', crf: 23,
        }),
      );
    }
    const music = await makeTestAudio(path.join(dir, 'music.m4a'), { durationS: 60, kind: 'music' });
    const outputS = CLIPS * CLIP_S - (CLIPS - 1) * XFADE_S;

    const ours = (out: string) =>
      compileTimeline(
        {
          timeline: {
            clips: clips.map((p) => ({ path: p })),
            transition: { type: 'fade', durationS: XFADE_S },
            music: { path: music, volume: 80, fadeInS: 1, fadeOutS: 2 },
          },
          output: OUTPUT,
          outputPath: out,
        },
        { ffmpeg },
      );

    // Warm-up (page cache, encoder detection) and the pre-made input for the encode limit.
    const premade = path.join(dir, 'premade.mp4');
    const warm = await ours(premade);
    const frames = await countFrames(premade);
    console.log(`ours: ${warm.frames} frames planned, ${frames} in the file, ${fmt(warm.durationS)} s`);
    if (frames !== Math.round(outputS * FPS)) throw new Error(`frame count ${frames} != ${Math.round(outputS * FPS)}`);

    const encodeLimit = () =>
      runFfmpeg({
        ffmpegPath: ffmpeg.ffmpegPath,
        args: ['-i', premade, '-map', '0:v:0', '-map', '0:a:0', ...VIDEO_ARGS, '-r', String(FPS), ...audioEncoderArgs(),
          '-movflags', '+faststart', '-f', 'mp4'],
        outputPath: path.join(dir, 'limit.mp4'),
      });

    const oursTimes: number[] = [];
    const limitTimes: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      limitTimes.push(await timed(encodeLimit));
      oursTimes.push(await timed(() => ours(path.join(dir, 'ours.mp4'))));
      console.log(`run ${r + 1}/${RUNS}: encode limit ${fmt(limitTimes.at(-1) as number)} s, ours ${fmt(oursTimes.at(-1) as number)} s (load ${load()})`);
    }
    const oursS = median(oursTimes);
    const limitS = median(limitTimes);

    console.log('naive pipeline: normalize each clip, then one FFmpeg run per transition...');
    const naiveS = await timed(() => naive(ffmpeg.ffmpegPath, dir, clips, music, outputS));
    console.log(`naive: ${fmt(naiveS)} s (load ${load()})`);

    const cutTimes: number[] = [];
    let cutMode = '';
    for (let r = 0; r < RUNS; r++) {
      cutTimes.push(
        await timed(async () => {
          const res = await compileTimeline(
            {
              timeline: { clips: clips.map((p) => ({ path: p })), transition: { type: 'cut', durationS: 0.5 }, music: { path: music } },
              output: OUTPUT,
              outputPath: path.join(dir, 'cut.mp4'),
            },
            { ffmpeg },
          );
          cutMode = res.mode;
        }),
      );
    }
    const cutS = median(cutTimes);
    const cutFrames = await countFrames(path.join(dir, 'cut.mp4'));
    console.log(`cut-only (${cutMode}): ${cutTimes.map(fmt).join(' / ')} s, ${cutFrames} frames (load ${load()})`);

    const figures = {
      x_realtime: Number((outputS / oursS).toFixed(2)),
      vs_encode_limit: Number((oursS / limitS).toFixed(3)),
      speedup_vs_naive: Number((naiveS / oursS).toFixed(2)),
      cut_only_x_realtime: Number(((CLIPS * CLIP_S) / cutS).toFixed(1)),
    };
    console.log(
      `ours ${fmt(oursS)} s (median of ${oursTimes.map(fmt).join(' / ')}), encode limit ${fmt(limitS)} s ` +
        `(median of ${limitTimes.map(fmt).join(' / ')}), naive ${fmt(naiveS)} s, cut-only ${fmt(cutS)} s; ` +
        `output ${outputS} s; load ${load()}`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    await cleanup();
  }
}

/** The pipeline the issue calls naive: every step is its own FFmpeg run with a full re-encode. */
async function naive(ffmpegPath: string, dir: string, clips: string[], music: string, outputS: number): Promise<void> {
  const run = (args: string[], out: string) => runFfmpeg({ ffmpegPath, args, outputPath: out });
  const normalized: string[] = [];
  for (const [i, clip] of clips.entries()) {
    const out = path.join(dir, `naive-norm${i}.mp4`);
    await run(['-i', clip, '-vf', `scale=${width}:${height},fps=${FPS},format=yuv420p,setsar=1`, ...VIDEO_ARGS, '-an'], out);
    normalized.push(out);
  }
  let acc = normalized[0] as string;
  let accS = CLIP_S;
  for (let i = 1; i < normalized.length; i++) {
    const out = path.join(dir, `naive-acc${i}.mp4`);
    await run(
      ['-i', acc, '-i', normalized[i] as string, '-filter_complex',
        `[0:v][1:v]xfade=transition=fade:duration=${XFADE_S}:offset=${accS - XFADE_S}`, ...VIDEO_ARGS, '-an'],
      out,
    );
    acc = out;
    accS += CLIP_S - XFADE_S;
  }
  await run(
    ['-i', acc, '-stream_loop', '-1', '-i', music, '-map', '0:v', '-map', '1:a', '-c:v', 'copy',
      '-af', `atrim=0:${outputS},volume=0.8,afade=t=in:d=1,afade=t=out:st=${outputS - 2}:d=2`, ...audioEncoderArgs(),
      '-movflags', '+faststart', '-f', 'mp4'],
    path.join(dir, 'naive.mp4'),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
