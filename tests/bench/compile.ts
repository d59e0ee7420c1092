/**
 * Compile benchmark (issue 5): 10 clips of 5 s at 1280x720 30 fps, a 60 s music track,
 * 0.5 s crossfades + music, compiled by compileTimeline; compared in the same run with
 *   - the encode limit: the same encoder and preset encoding one pre-made input of the same
 *     length and size (video + the music track), i.e. what it costs just to decode and encode;
 *   - the naive pipeline: normalize each clip, then one FFmpeg run per transition;
 *   - the cut-only fast path on a timeline of uniform clips.
 * The machine is shared (its load comes in bursts), so ours and the encode limit run in pairs,
 * back to back, in alternating order (limit first, then ours first, ...), and vs_encode_limit is
 * the median of the per-pair ratios: slow drift cancels within a pair and one burst spoils one pair
 * only. The naive pipeline runs once (it is slow) and is compared with our median run; x_realtime
 * and cut_only_x_realtime use medians too.
 * Every output is checked (frame count, fast path actually taken), so no figure comes from a run
 * that did less work. CPU seconds of the FFmpeg processes are printed too: unlike wall time they
 * hardly depend on what else the machine is doing. The segmented export's figures (issue 19) come
 * from device takes (smartExportFigures); then the cost of titles, captions and beat sync
 * (wordsAndRhythmCost). Last line: one JSON object with every figure.
 *
 * Run: npx tsx tests/bench/compile.ts   (env BENCH_RUNS=n to change the repetitions, default 3;
 * BENCH_ONLY=smart for the segmented export's figures alone, BENCH_ONLY=words for the text and beat
 * sync figures alone)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { outputDimensions, type OutputSettings } from '../../shared/values';
import { compileTimeline } from '../../electron/services/export/compile/index';
import { audioEncoderArgs, videoEncoderArgs } from '../../electron/services/export/compile/encoder-args';
import { locateFfmpeg, runFfmpeg, type FfmpegLocation } from '../../electron/services/ffmpeg';
import type { SegmentCache } from '../../electron/services/export/compile/segmented';
import { renderMotionClip } from '../../electron/services/generate/providers/local/render-motion-clip';
import { countFrames, makeTempDir, makeTestAudio, makeTestClip } from '../support/ffmpeg-fixtures';
import { defaultResourcesDir } from '../../electron/services/resources-dir';
import { ANALYSIS_RATE, decodeMonoPcm } from '../../electron/services/timeline/beats/decode-pcm';
import { detectBeats } from '../../electron/services/timeline/beats/beat-detect';
import { beatGridOf, fitToBeats } from '../../shared/beat-fit';

const CLIPS = 10;
const CLIP_S = 5;
const XFADE_S = 0.5;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const OUTPUT: OutputSettings = { aspect: '16:9', resolution: '720p', fps: 30, quality: 'standard', fit: 'pad', focus: 'subject', encoder: 'software' };
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

/** CPU seconds used so far by finished child processes (Linux /proc; null elsewhere). */
function childCpuS(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[13]) + Number(fields[14]); // cutime + cstime, in 1/100 s
    return Number.isFinite(ticks) ? ticks / 100 : null;
  } catch {
    return null;
  }
}

interface Timing {
  wallS: number;
  /** CPU seconds of the FFmpeg processes the step ran (null where unknown). */
  cpuS: number | null;
}

async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const cpu0 = childCpuS();
  const t0 = performance.now();
  await fn();
  const wallS = (performance.now() - t0) / 1000;
  const cpu1 = childCpuS();
  return { wallS, cpuS: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null };
}

const cpuText = (t: Timing) => (t.cpuS === null ? '' : ` (${fmt(t.cpuS)} CPU-s)`);

async function main() {
  const benchStart = performance.now();
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
    // BENCH_ONLY=smart: only the segmented export's figures (quicker while working on it).
    if (process.env.BENCH_ONLY === 'smart') {
      console.log(JSON.stringify(await smartExportFigures(ffmpeg, dir, music)));
      return;
    }

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

    if (process.env.BENCH_ONLY === 'words') {
      console.log(JSON.stringify(await wordsAndRhythmCost(ffmpeg, dir, clips)));
      return;
    }
    // Warm-up (page cache, encoder detection) and the pre-made input for the encode limit.
    const premade = path.join(dir, 'premade.mp4');
    const warm = await ours(premade);
    const expectedFrames = Math.round(outputS * FPS);
    const frames = await countFrames(premade);
    console.log(`ours (warm-up): ${warm.frames} frames planned, ${frames} in the file, ${fmt(warm.durationS)} s, ${fmt(warm.wallS)} s wall`);
    if (frames !== expectedFrames) throw new Error(`frame count ${frames} != ${expectedFrames}`);

    const encodeLimit = () =>
      runFfmpeg({
        ffmpegPath: ffmpeg.ffmpegPath,
        args: ['-i', premade, '-map', '0:v:0', '-map', '0:a:0', ...VIDEO_ARGS, '-r', String(FPS), ...audioEncoderArgs(),
          '-movflags', '+faststart', '-f', 'mp4'],
        outputPath: path.join(dir, 'limit.mp4'),
      });

    const pairs: Array<{ limit: Timing; ours: Timing }> = [];
    for (let r = 0; r < RUNS; r++) {
      const runLimit = () => timed(encodeLimit);
      const runOurs = () => timed(() => ours(path.join(dir, 'ours.mp4')));
      const limitFirst = r % 2 === 0;
      const first = await (limitFirst ? runLimit() : runOurs());
      const second = await (limitFirst ? runOurs() : runLimit());
      const pair = limitFirst ? { limit: first, ours: second } : { limit: second, ours: first };
      pairs.push(pair);
      console.log(
        `pair ${r + 1}/${RUNS} (${limitFirst ? 'limit first' : 'ours first'}): encode limit ${fmt(pair.limit.wallS)} s${cpuText(pair.limit)}, ` +
          `ours ${fmt(pair.ours.wallS)} s${cpuText(pair.ours)} -> ratio ${(pair.ours.wallS / pair.limit.wallS).toFixed(3)} (load ${load()})`,
      );
    }
    const oursS = median(pairs.map((p) => p.ours.wallS));
    const vsLimit = median(pairs.map((p) => p.ours.wallS / p.limit.wallS));
    const bestRatio = Math.min(...pairs.map((p) => p.ours.wallS)) / Math.min(...pairs.map((p) => p.limit.wallS));
    const oursFrames = await countFrames(path.join(dir, 'ours.mp4'));
    if (oursFrames !== expectedFrames) throw new Error(`ours: frame count ${oursFrames} != ${expectedFrames}`);

    console.log('naive pipeline: normalize each clip, then one FFmpeg run per transition...');
    const naiveOut = path.join(dir, 'naive.mp4');
    const naiveT = await timed(() => naive(ffmpeg.ffmpegPath, dir, clips, music, outputS, naiveOut));
    const naiveFrames = await countFrames(naiveOut);
    console.log(`naive: ${fmt(naiveT.wallS)} s${cpuText(naiveT)}, ${naiveFrames} frames (load ${load()})`);
    if (naiveFrames !== expectedFrames) throw new Error(`naive: frame count ${naiveFrames} != ${expectedFrames}`);
    const naiveSpeedup = naiveT.wallS / oursS;

    const cutTimes: Timing[] = [];
    const cutOut = path.join(dir, 'cut.mp4');
    for (let r = 0; r < RUNS; r++) {
      cutTimes.push(
        await timed(async () => {
          const res = await compileTimeline(
            {
              timeline: { clips: clips.map((p) => ({ path: p })), transition: { type: 'cut', durationS: 0.5 }, music: { path: music } },
              output: OUTPUT,
              outputPath: cutOut,
            },
            { ffmpeg },
          );
          if (res.mode !== 'stream-copy') throw new Error(`cut-only timeline took the ${res.mode} path, not the stream copy`);
        }),
      );
    }
    const cutS = median(cutTimes.map((t) => t.wallS));
    const cutFrames = await countFrames(cutOut);
    if (cutFrames !== CLIPS * CLIP_S * FPS) throw new Error(`cut-only: frame count ${cutFrames} != ${CLIPS * CLIP_S * FPS}`);
    console.log(`cut-only (stream-copy): ${cutTimes.map((t) => `${fmt(t.wallS)} s${cpuText(t)}`).join(' / ')}, ${cutFrames} frames (load ${load()})`);

    const smart = await smartExportFigures(ffmpeg, dir, music);
    const words = await wordsAndRhythmCost(ffmpeg, dir, clips);

    const figures = {
      x_realtime: Number((outputS / oursS).toFixed(2)),
      vs_encode_limit: Number(vsLimit.toFixed(3)),
      speedup_vs_naive: Number(naiveSpeedup.toFixed(2)),
      cut_only_x_realtime: Number(((CLIPS * CLIP_S) / cutS).toFixed(1)),
      ...smart,
      ...words,
    };
    console.log(
      `ours median ${fmt(oursS)} s, encode limit median ${fmt(median(pairs.map((p) => p.limit.wallS)))} s, ` +
        `median of the pair ratios ${vsLimit.toFixed(3)} (best run against best run: ${bestRatio.toFixed(3)}); ` +
        `naive ${fmt(naiveT.wallS)} s; cut-only ${fmt(cutS)} s (median); output ${outputS} s; ` +
        `bench ${fmt((performance.now() - benchStart) / 1000)} s; load ${load()}`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    await cleanup();
  }
}

/**
 * The segmented export (issue 19) on takes made by the device's renderer, as a creator's would be:
 * - smart_first_export_speedup: the one-graph export's time over the segmented export's with no
 *   cache (a first export), in alternating pairs, median of the pair ratios;
 * - reexport_fraction: after changing one boundary's transition, the re-export's time (cache kept)
 *   over the one-graph export's median;
 * - peak_rss_ratio_120_vs_10: peak RSS of this process and its FFmpeg children exporting 120 clips of
 *   2 s over exporting 10 (the same takes repeated, cut to 2 s).
 */
async function smartExportFigures(ffmpeg: FfmpegLocation, dir: string, music: string) {
  console.log(`Making ${CLIPS} device takes of ${CLIP_S} s ${width}x${height} ${FPS} fps...`);
  const photos = readdirSync('resources/samples').filter((f) => f.endsWith('.jpg'));
  const motions = ['zoom_in', 'pan_left', 'zoom_out', 'pan_right', 'drift'] as const;
  const takes: string[] = [];
  for (let i = 0; i < CLIPS; i++) {
    const take = path.join(dir, `take${i}.mp4`);
    await renderMotionClip({
      ffmpegPath: ffmpeg.ffmpegPath, imagePath: path.join('resources/samples', photos[i % photos.length] as string), outputPath: take,
      motion: motions[i % motions.length] as (typeof motions)[number], seed: i, durationS: CLIP_S, fps: FPS, width, height, quality: OUTPUT.quality,
    });
    takes.push(take);
  }
  type BenchClip = { path: string; outS?: number; caption?: string; transitionOut?: { type: 'wipeleft' | 'fade'; durationS: number } };
  const timeline = (clips: BenchClip[], text?: typeof CARDS) => ({
    clips,
    transition: { type: 'fade' as const, durationS: XFADE_S },
    music: { path: music, volume: 80, fadeInS: 1, fadeOutS: 2 },
    ...(text ? { text } : {}),
  });
  const exportOf = (clips: BenchClip[], out: string, deps: Parameters<typeof compileTimeline>[1] = {}, text?: typeof CARDS) =>
    compileTimeline({ timeline: timeline(clips, text), output: OUTPUT, outputPath: path.join(dir, out) }, { ffmpeg, ...deps });
  const base = takes.map((p) => ({ path: p }));

  const pairs: Array<{ full: number; smart: number }> = [];
  for (let r = 0; r < RUNS; r++) {
    const runFull = () => timed(() => exportOf(base, 'full.mp4', { allowSegmented: false }));
    const runSmart = () =>
      timed(async () => {
        const res = await exportOf(base, 'smart.mp4');
        if (res.mode !== 'segmented' || res.segments?.copied !== CLIPS) throw new Error(`smart export: ${res.mode} ${JSON.stringify(res.segments)}`);
      });
    const fullFirst = r % 2 === 0;
    const a = await (fullFirst ? runFull() : runSmart());
    const b = await (fullFirst ? runSmart() : runFull());
    const pair = fullFirst ? { full: a.wallS, smart: b.wallS } : { full: b.wallS, smart: a.wallS };
    pairs.push(pair);
    console.log(`device takes pair ${r + 1}/${RUNS}: one graph ${fmt(pair.full)} s, segmented ${fmt(pair.smart)} s -> ${(pair.full / pair.smart).toFixed(2)}x (load ${load()})`);
  }
  const smartFrames = await countFrames(path.join(dir, 'smart.mp4'));
  const fullFrames = await countFrames(path.join(dir, 'full.mp4'));
  if (smartFrames !== fullFrames) throw new Error(`segmented export has ${smartFrames} frames, the one-graph export ${fullFrames}`);

  // Words on device takes: a body with text drawn on it is encoded, not copied. A title and an end
  // card encode the first and last bodies; a caption on every clip encodes every body.
  const captioned = base.map((c, i) => ({ ...c, caption: `Clip ${i + 1}: the lake at dawn` }));
  const wordRounds: Array<{ plain: number; cards: number; captions: number }> = [];
  for (let r = 0; r < RUNS; r++) {
    const plain = (await timed(() => exportOf(base, 'words-plain.mp4'))).wallS;
    const cards = (await timed(() => exportOf(base, 'words-cards.mp4', {}, CARDS))).wallS;
    const captions = (await timed(() => exportOf(captioned, 'words-captions.mp4', {}, CARDS))).wallS;
    wordRounds.push({ plain, cards, captions });
    console.log(`device takes with words ${r + 1}/${RUNS}: none ${fmt(plain)} s, title and end card ${fmt(cards)} s, and a caption on every clip ${fmt(captions)} s (load ${load()})`);
  }

  const cacheDir = path.join(dir, 'segment-cache');
  const cached = new Set<string>();
  const segmentCache: SegmentCache = {
    lookup: async (key) => (cached.has(key) ? path.join(cacheDir, key) : null),
    store: async (key, file) => {
      await mkdir(cacheDir, { recursive: true });
      await rename(file, path.join(cacheDir, key));
      cached.add(key);
      return path.join(cacheDir, key);
    },
  };
  await exportOf(base, 'cached.mp4', { segmentCache });
  const reexports: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    // One boundary changes per run (a new wipe there), every other piece is in the cache.
    const clips = base.map((c, i) => (i <= r ? { ...c, transitionOut: { type: 'wipeleft' as const, durationS: XFADE_S } } : c));
    const t = await timed(async () => {
      const res = await exportOf(clips, 'reexport.mp4', { segmentCache });
      if (res.segments?.encoded !== 1) throw new Error(`re-export encoded ${res.segments?.encoded} pieces, 1 expected`);
    });
    reexports.push(t.wallS);
    console.log(`re-export after one changed transition: ${fmt(t.wallS)} s${cpuText(t)} (load ${load()})`);
  }

  const short = (n: number) => Array.from({ length: n }, (_, i) => ({ path: takes[i % CLIPS] as string, outS: 2 }));
  const peak10 = await peakRss(() => exportOf(short(10), 'rss10.mp4'));
  const peak120 = await peakRss(() => exportOf(short(120), 'rss120.mp4'));
  console.log(`peak RSS exporting 10 clips ${(peak10 / 2 ** 20).toFixed(0)} MB, 120 clips ${(peak120 / 2 ** 20).toFixed(0)} MB`);

  const fullS = median(pairs.map((p) => p.full));
  return {
    smart_first_export_speedup: Number(median(pairs.map((p) => p.full / p.smart)).toFixed(2)),
    reexport_fraction: Number((median(reexports) / fullS).toFixed(3)),
    peak_rss_ratio_120_vs_10: Number((peak120 / peak10).toFixed(2)),
    smart_cards_cost: Number((median(wordRounds.map((w) => w.cards / w.plain)) - 1).toFixed(3)),
    smart_captions_cost: Number((median(wordRounds.map((w) => w.captions / w.plain)) - 1).toFixed(3)),
  };
}

/** The smart export's words: a title on a colour and an end card over the last clip. */
const CARDS = {
  title: { text: 'Summer in the Alps', look: { style: 'big-bold', size: 'medium', color: '#ffffff', position: null }, background: 'color', color: '#102030', durationS: 2 },
  endCard: { text: 'Thanks for watching', look: { style: 'centred', size: 'medium', color: '#ffffff', position: null }, background: 'clip', color: '#000000', durationS: 2 },
  captionLook: { style: 'lower-third', size: 'medium', color: '#ffffff', position: null },
} as const;

/** Runs fn while sampling the summed RSS of this process and all its descendants (Linux /proc). */
async function peakRss(fn: () => Promise<unknown>): Promise<number> {
  const rssOf = (pid: number): number => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const children = readdirSync(`/proc/${pid}/task`).flatMap((t) =>
        readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
      );
      return kb * 1024 + children.reduce((sum, c) => sum + rssOf(c), 0);
    } catch {
      return 0;
    }
  };
  let peak = rssOf(process.pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(process.pid));
  }, 25);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return peak;
}

/**
 * What titles, captions and "Cut to the beat" cost (issue 21): the same 10 clips and a beat-rich
 * track (the bundled upbeat one), compiled plain, with text (a title on a colour, a caption on every
 * clip, an end card), and with text and beat-fitted lengths, in rotating order, RUNS times each.
 * Each cost is the median of the per-round ratios to the plain export, minus one (0.05 = 5 % more
 * wall time); the beat analysis (decode + detection, once per track, then kept) is timed on its own.
 */
async function wordsAndRhythmCost(ffmpeg: FfmpegLocation, dir: string, clips: string[]) {
  const track = path.join(defaultResourcesDir(), 'music', 'sunrise.m4a');
  const analysisT0 = performance.now();
  const analysis = detectBeats(await decodeMonoPcm(ffmpeg.ffmpegPath, track), ANALYSIS_RATE);
  const analysisS = (performance.now() - analysisT0) / 1000;
  const grid = beatGridOf(analysis);
  if (!grid) throw new Error(`no beat found in ${track}: ${analysis.message}`);
  const transition = { type: 'fade', durationS: XFADE_S } as const;
  const look = { style: 'lower-third', size: 'medium', color: '#ffffff', position: null } as const;
  const text = {
    title: { text: 'Summer in the Alps: "day one"', look: { ...look, style: 'big-bold' }, background: 'color', color: '#102030', durationS: 3 },
    endCard: { text: 'Thanks for watching', look: { ...look, style: 'centred' }, background: 'clip', color: '#000000', durationS: 3 },
    captionLook: look,
  } as const;
  const fitted = fitToBeats(clips.map(() => ({ durationS: CLIP_S, trimInS: 0, trimOutS: null, transitionOut: null })), transition, grid, FPS);
  if (fitted.landed !== CLIPS - 1) throw new Error(`beat sync landed ${fitted.landed} of ${CLIPS - 1} transitions`);
  const variants = {
    plain: (p: string) => ({ path: p }),
    text: (p: string, i: number) => ({ path: p, caption: `Clip ${i + 1}: the lake at dawn, "mirror-still"` }),
    textBeat: (p: string, i: number) => {
      const c = fitted.clips[i]!;
      return { path: p, caption: `Clip ${i + 1}: the lake at dawn, "mirror-still"`, outS: c.trimOutS!, ...(c.transitionOut ? { transitionOut: c.transitionOut } : {}) };
    },
  };
  const run = async (name: keyof typeof variants, round: number) => {
    const out = path.join(dir, `words-${name}.mp4`);
    const t = await timed(() =>
      compileTimeline(
        {
          timeline: { clips: clips.map((c, i) => variants[name](c, i)), transition, music: { path: track }, ...(name === 'plain' ? {} : { text }) },
          output: OUTPUT,
          outputPath: out,
        },
        { ffmpeg },
      ),
    );
    console.log(`words round ${round + 1}: ${name} ${fmt(t.wallS)} s${cpuText(t)} (load ${load()})`);
    return t;
  };
  const names = ['plain', 'text', 'textBeat'] as const;
  const rounds: Array<Record<(typeof names)[number], Timing>> = [];
  for (let r = 0; r < RUNS; r++) {
    const order = [...names.slice(r % 3), ...names.slice(0, r % 3)];
    const round = {} as Record<(typeof names)[number], Timing>;
    for (const name of order) round[name] = await run(name, r);
    rounds.push(round);
  }
  const cost = (name: 'text' | 'textBeat') => Number((median(rounds.map((r) => r[name].wallS / r.plain.wallS)) - 1).toFixed(3));
  const cpuCost = (name: 'text' | 'textBeat') =>
    rounds.every((r) => r[name].cpuS !== null && r.plain.cpuS) ? Number((median(rounds.map((r) => (r[name].cpuS as number) / (r.plain.cpuS as number))) - 1).toFixed(3)) : null;
  console.log(
    `words: beat analysis of the 60 s track ${fmt(analysisS)} s (${analysis.tempoBpm} BPM, ${analysis.beats.length} beats), ` +
      `text costs ${(cost('text') * 100).toFixed(1)} % wall (${((cpuCost('text') ?? NaN) * 100).toFixed(1)} % CPU), ` +
      `text + beat sync ${(cost('textBeat') * 100).toFixed(1)} % wall (${((cpuCost('textBeat') ?? NaN) * 100).toFixed(1)} % CPU) over the plain export`,
  );
  return {
    text_cost: cost('text'),
    text_and_beat_sync_cost: cost('textBeat'),
    text_cpu_cost: cpuCost('text'),
    text_and_beat_sync_cpu_cost: cpuCost('textBeat'),
    beat_analysis_s: Number(analysisS.toFixed(2)),
  };
}

/** The pipeline the issue calls naive: every step is its own FFmpeg run with a full re-encode. */
async function naive(ffmpegPath: string, dir: string, clips: string[], music: string, outputS: number, output: string): Promise<void> {
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
    output,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
