/**
 * Generation benchmark (issue 6).
 *   - local_x_realtime: seconds of 1280x720 24 fps clip the `local` provider makes per wall second,
 *     six 5 s clips (varied motions) through the provider interface at its queue concurrency (CPU count).
 *   - queue_overhead_pct: 20 jobs (720p, 24 fps, 2 s) through the persisted queue (SQLite, events,
 *     media store, takes) against the same 20 renders run directly at the same concurrency.
 *     The machine is shared (its load comes in bursts), so direct and queued runs go in pairs, back
 *     to back, in alternating order, and the figure is the median of the per-pair overheads: slow
 *     drift cancels within a pair and one burst spoils one pair only. The CPU time of FFmpeg and of
 *     this process (queue bookkeeping) is printed for each run: it hardly depends on the load.
 *   - smoothness, for the record: how far a tracked point strays from its ideal path with our
 *     per-frame sub-pixel perspective (in runs, each from a still at the scale its zoom needs)
 *     versus the usual zoompan on a 4x upscaled still.
 * Last line: {"local_x_realtime", "queue_overhead_pct"}.
 *
 * Run: npx tsx tests/bench/generate.ts   (env BENCH_RUNS=n, default 4 direct/queued pairs)
 */
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MOTIONS } from '../../shared/values';
import type { Motion } from '../../shared/contract/generate';
import { locateFfmpeg } from '../../electron/services/ffmpeg/locate';
import { runFfmpeg } from '../../electron/services/ffmpeg/runner';
import { createLocalProvider } from '../../electron/services/generate/providers/local/local-provider';
import { buildMotionArgs, frameCount } from '../../electron/services/generate/providers/local/motion-filter';
import { planMotion, progressAt, rectAt, type MotionPlan } from '../../electron/services/generate/providers/local/motion-plan';
import { renderMotionClip } from '../../electron/services/generate/providers/local/render-motion-clip';
import { waitForTask } from '../../electron/services/generate/wait-for-task';
import { createStudio, type Studio } from '../../electron/services/studio';
import { dispatch } from '../../electron/services/rpc/dispatch';
import { blobCentre, grayFrames, makeStill } from '../generate/support/media';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 4));
const W = 1280;
const H = 720;
const FPS = 24;
const CONCURRENCY = availableParallelism();
const QUEUE_JOBS = 20;
const QUEUE_CLIP_S = 2;
/** A 12 MP phone photo, the size the importer's working images reach. */
const PHOTO_W = 4000;
const PHOTO_H = 3000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (n: number, d = 2) => n.toFixed(d);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** CPU seconds used so far by finished child processes (FFmpeg), from Linux /proc; null elsewhere. */
function childCpuS(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[13]) + Number(fields[14]); // cutime + cstime, in 1/100 s
    return Number.isFinite(ticks) ? ticks / 100 : null;
  } catch {
    return null;
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/** Runs tasks with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

async function call(studio: Studio, method: string, input: unknown) {
  const result = await dispatch(studio.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as never;
}

async function main() {
  const { ffmpegPath, version } = await locateFfmpeg();
  const work = await mkdtemp(join(tmpdir(), 'echoes-bench-generate-'));
  console.log(`FFmpeg ${version}; ${CONCURRENCY} CPUs; load ${load()}`);
  try {
    // Photo-like 12 MP photos: the importer keeps 4000 x 3000 (it normalizes to <= 4096 px JPEG under ~3.7 MB).
    const dataDir = join(work, 'data');
    const studio = createStudio({ dataDir, transport: 'bridge', version: 'bench', resourcesDir: fileURLToPath(new URL('../../resources', import.meta.url)) });
    const project = (await call(studio, 'projects.create', { name: 'Bench' })) as { id: string };
    const paths: string[] = [];
    for (let i = 0; i < QUEUE_JOBS; i++) {
      paths.push(await makeStill(join(work, `photo-${i}.png`), { width: PHOTO_W, height: PHOTO_H, variant: i, base: 60, blobs: [{ u: 0.3 + 0.02 * i, v: 0.5 }] }));
    }
    const imported = (await call(studio, 'media.importPaths', { projectId: project.id, paths })) as {
      results: Array<{ ok: boolean; clip: { id: string; workingMediaId: string; width: number; height: number } }>;
    };
    const clips = imported.results.map((r) => r.clip);
    const images = clips.map((c) => studio.media.store.path(c.workingMediaId));
    const sizes = [...new Set(clips.map((c) => `${c.width}x${c.height}`))];
    console.log(`working images: ${sizes.join(', ')}`);
    const motionOf = (i: number): Motion => MOTIONS[i % MOTIONS.length]!;

    // 1. The local provider's throughput: 6 x 5 s of 720p through create / wait / fetch.
    const provider = createLocalProvider({ ffmpeg: async () => ({ ffmpegPath }), tempPath: (ext) => studio.media.store.tempPath(ext) });
    const localClips = Array.from({ length: 6 }, (_, i) => i);
    const localCpu0 = childCpuS();
    const localWall = await timed(() =>
      pool(localClips, CONCURRENCY, async (i) => {
        const request = {
          jobId: `bench-${i}`,
          clipId: clips[i]!.id,
          image: { path: images[i]!, mediaId: clips[i]!.workingMediaId },
          prompt: '',
          motion: motionOf(i),
          seed: 1000 + i,
          durationS: 5,
          fps: FPS,
          aspect: '16:9' as const,
          width: W,
          height: H,
        };
        const signal = new AbortController().signal;
        const { taskId } = await provider.create(request, signal);
        const status = await waitForTask(provider, taskId, { signal, timeoutMs: 600_000, onStatus: () => {} });
        if (status.state !== 'SUCCEEDED') throw new Error(`local render ${i} ended ${status.state}`);
        const out = join(work, `local-${i}.mp4`);
        await provider.fetchResult(taskId, status, out, signal);
      }),
    );
    const localSeconds = localClips.length * 5;
    const localX = localSeconds / localWall;
    const localCpu1 = childCpuS();
    const cpuPerClip = localCpu0 !== null && localCpu1 !== null ? (localCpu1 - localCpu0) / localClips.length : null;
    console.log(
      `local provider: ${localSeconds} s of ${W}x${H}@${FPS} in ${fmt(localWall)} s wall at concurrency ${CONCURRENCY} -> ${fmt(localX)}x realtime` +
        (cpuPerClip === null ? '' : ` (FFmpeg CPU ${fmt(cpuPerClip)} s per 5 s clip; load ${load()})`),
    );

    // 2. Queue overhead: the same 20 renders, directly and through the queue, alternating.
    const direct: number[] = [];
    const queued: number[] = [];
    for (const clip of clips) await call(studio, 'clips.update', { clipId: clip.id, durationS: QUEUE_CLIP_S });
    /** Wall seconds, and CPU seconds of FFmpeg and of this process (queue bookkeeping, SQLite). */
    const measured = async (fn: () => Promise<unknown>) => {
      const ffmpeg0 = childCpuS();
      const self0 = process.cpuUsage();
      const wall = await timed(fn);
      const ffmpeg1 = childCpuS();
      const self = process.cpuUsage(self0);
      const ffmpegCpu = ffmpeg0 !== null && ffmpeg1 !== null ? `FFmpeg ${fmt(ffmpeg1 - ffmpeg0)} CPU-s, ` : '';
      return { wall, text: `${fmt(wall)} s (${ffmpegCpu}node ${fmt((self.user + self.system) / 1e6)} CPU-s)` };
    };
    const runDirect = () =>
      measured(() =>
        pool(clips, CONCURRENCY, async (_, i) => {
          const outputPath = join(work, `direct-${i}.mp4`);
          await renderMotionClip({ ffmpegPath, imagePath: images[i]!, outputPath, motion: motionOf(i), seed: i, durationS: QUEUE_CLIP_S, fps: FPS, width: W, height: H });
        }),
      );
    const runQueued = () =>
      measured(async () => {
        // One call per clip so each keeps the motion and seed of the direct run.
        for (const [i, clip] of clips.entries()) await call(studio, 'generate.clips', { clipIds: [clip.id], motion: motionOf(i), seed: i });
        await studio.generation.queue.whenIdle();
      });
    for (let run = 0; run < RUNS; run++) {
      const directFirst = run % 2 === 0;
      const first = await (directFirst ? runDirect() : runQueued());
      const second = await (directFirst ? runQueued() : runDirect());
      const [d, q] = directFirst ? [first, second] : [second, first];
      direct.push(d.wall);
      queued.push(q.wall);
      console.log(
        `pair ${run + 1} (${directFirst ? 'direct first' : 'queued first'}): direct ${d.text}, queued ${q.text} -> ` +
          `${fmt(((q.wall - d.wall) / d.wall) * 100, 1)}% (load ${load()})`,
      );
    }
    const failed = studio.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE state != 'succeeded'").get() as { n: number };
    if (failed.n > 0) throw new Error(`${failed.n} queued jobs did not succeed`);
    // The queued jobs must have rendered exactly what the direct runs rendered.
    const specs = (studio.db.prepare('SELECT spec FROM jobs').all() as Array<{ spec: string }>).map(
      (r) => JSON.parse(r.spec) as { width: number; height: number; fps: number; durationS: number },
    );
    const odd = specs.find((s) => s.width !== W || s.height !== H || s.fps !== FPS || s.durationS !== QUEUE_CLIP_S);
    if (specs.length !== QUEUE_JOBS * RUNS || odd) throw new Error(`queued jobs differ from the direct renders: ${JSON.stringify(odd ?? specs.length)}`);
    const overhead = median(queued.map((q, i) => ((q - direct[i]!) / direct[i]!) * 100));
    const bestOverhead = ((Math.min(...queued) - Math.min(...direct)) / Math.min(...direct)) * 100;
    console.log(
      `queue: ${QUEUE_JOBS} jobs of ${QUEUE_CLIP_S} s: median direct ${fmt(median(direct))} s, median queued ${fmt(median(queued))} s, ` +
        `median of the pair overheads ${fmt(overhead, 1)}% (best run against best run: ${fmt(bestOverhead, 1)}%)`,
    );
    studio.close();
    await studio.generation.stop();

    // 3. Smoothness and speed of the motion technique against zoompan on a 4x upscaled still.
    await smoothness(ffmpegPath, work);
    console.log(JSON.stringify({ local_x_realtime: Number(fmt(localX)), queue_overhead_pct: Number(fmt(overhead, 1)) }));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function zoompanArgs(plan: MotionPlan, frames: number, input: string, upscale: number): string[] {
  const p = `(0.5-0.5*cos(PI*on/${frames - 1}))`;
  const s = `(${plan.from.s}*exp(${Math.log(plan.to.s / plan.from.s)}*${p}))`;
  const q = Math.abs(plan.to.s - plan.from.s) > 1e-9 ? `((${s}-${plan.from.s})/${plan.to.s - plan.from.s})` : p;
  const cx = `(${plan.from.cx}+${plan.to.cx - plan.from.cx}*${q})`;
  const cy = `(${plan.from.cy}+${plan.to.cy - plan.from.cy}*${q})`;
  const graph =
    `scale=${W * upscale}:${H * upscale}:flags=lanczos,` +
    `zoompan=z='1/${s}':x='${cx}*iw-iw/zoom/2':y='${cy}*ih-ih/zoom/2':d=${frames}:s=${W}x${H}:fps=${FPS},format=yuv420p`;
  return ['-loglevel', 'error', '-i', input, '-filter_complex', graph, '-frames:v', String(frames), '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '20', '-f', 'mp4'];
}

async function smoothness(ffmpegPath: string, work: string) {
  const blobs = [
    { u: 0.5, v: 0.5 },
    { u: 0.42, v: 0.45 },
    { u: 0.58, v: 0.56 },
  ];
  const still = await makeStill(join(work, 'blobs.png'), { width: 1920, height: 1080, blobs, sigmaPx: 6 });
  const frames = frameCount(5, FPS);
  for (const motion of ['zoom_in', 'pan_right', 'drift'] as const) {
    const plan = planMotion(motion, 7, 5);
    const ours = join(work, `smooth-ours-${motion}.mp4`);
    const baseline = join(work, `smooth-zoompan-${motion}.mp4`);
    const { args } = buildMotionArgs({ inputPath: still, source: { width: 1920, height: 1080 }, width: W, height: H, fps: FPS, durationS: 5, plan });
    const oursS = await timed(() => runFfmpeg({ ffmpegPath, args, outputPath: ours }));
    const zoompanS = await timed(() => runFfmpeg({ ffmpegPath, args: zoompanArgs(plan, frames, still, 4), outputPath: baseline }));
    const a = await trackError(ours, plan, blobs);
    const b = await trackError(baseline, plan, blobs);
    console.log(
      `${motion.padEnd(9)} perspective: ${fmt(oursS)} s (${fmt(5 / oursS)}x alone), path error rms ${fmt(a.rms, 3)} px, worst frame-to-frame ${fmt(a.step, 3)} px | ` +
        `zoompan 4x: ${fmt(zoompanS)} s (${fmt(5 / zoompanS)}x), rms ${fmt(b.rms, 3)} px, worst step ${fmt(b.step, 3)} px`,
    );
  }
}

/** How far tracked blobs stray from their ideal eased path (rms), and the worst jump between frames. */
async function trackError(file: string, plan: MotionPlan, blobs: Array<{ u: number; v: number }>) {
  const frames = await grayFrames(file, W, H);
  const errors: number[] = [];
  let step = 0;
  for (const b of blobs) {
    const e = frames.map((frame, n) => {
      const r = rectAt(plan, progressAt(n, frames.length));
      const ideal = { x: ((b.u - (r.cx - r.s / 2)) / r.s) * W, y: ((b.v - (r.cy - r.s / 2)) / r.s) * H };
      const seen = blobCentre(frame, W, H, ideal.x, ideal.y, 22) ?? ideal;
      return { x: seen.x - ideal.x, y: seen.y - ideal.y };
    });
    const mean = { x: e.reduce((s, v) => s + v.x, 0) / e.length, y: e.reduce((s, v) => s + v.y, 0) / e.length };
    for (const v of e) errors.push(Math.hypot(v.x - mean.x, v.y - mean.y));
    for (let n = 1; n < e.length; n++) step = Math.max(step, Math.hypot(e[n]!.x - e[n - 1]!.x, e[n]!.y - e[n - 1]!.y));
  }
  return { rms: Math.sqrt(errors.reduce((s, v) => s + v * v, 0) / errors.length), step };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
