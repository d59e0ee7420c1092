/**
 * `npm run bench:import`: imports 50 generated 12 MP JPEGs through the StudioApi (media.importPaths)
 * and reports throughput and the peak RSS of the process doing the import.
 * Targets on the 2-core machine: >= 4 photos/s, peak RSS < 600 MB.
 *
 * The photos are generated once (kept in the temp folder for later runs) by this process; the import
 * runs in a fresh child process so its RSS is the import's alone. Last line: {"photos_per_s","peak_rss_mb"}.
 * Options: --count N (default 50), --fresh (regenerate the photos).
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

const WIDTH = 4000;
const HEIGHT = 3000;

interface ChildReport {
  photos: number;
  imported: number;
  failed: string[];
  seconds: number;
  peakRssMb: number;
  baselineRssMb: number;
  maxEventLoopDelayMs: number;
  p99EventLoopDelayMs: number;
  storedMb: number;
  /** CPU time of the whole process (all threads) per photo: what the rate would be on idle cores. */
  cpuMsPerPhoto: number;
}

/** Photo-like content: smooth colour fields (upscaled low-res noise) with fine grain, about 3 MB as JPEG q90. */
async function generatePhotos(dir: string, count: number): Promise<string[]> {
  const grain = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 10 } } })
    .raw()
    .toBuffer();
  const files: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const file = join(dir, `IMG_${String(i + 1).padStart(4, '0')}.jpg`);
    files.push(file);
    if (existsSync(file)) continue;
    const seed = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 70 } } })
      .raw()
      .toBuffer();
    const fields = await sharp(seed, { raw: { width: 64, height: 48, channels: 3 } }).resize(WIDTH, HEIGHT, { kernel: 'cubic' }).raw().toBuffer();
    await sharp(fields, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
      .composite([{ input: grain, raw: { width: WIDTH, height: HEIGHT, channels: 3 }, blend: 'overlay' }])
      .jpeg({ quality: 90 })
      // Half of them need turning, as phone photos do.
      .withMetadata({ orientation: i % 2 === 0 ? 1 : 6 })
      .toFile(file);
    process.stdout.write(`\rgenerated ${i + 1}/${count} photos`);
  }
  process.stdout.write('\n');
  return files;
}

/** Child: imports the photos into a fresh data folder and reports. */
async function runImport(paths: string[]): Promise<ChildReport> {
  const { createStudio } = await import('../../electron/services/studio');
  const { dispatch } = await import('../../electron/services/api/dispatch');
  const dataDir = mkdtempSync(join(tmpdir(), 'echoes-bench-import-data-'));
  const studio = createStudio({ dataDir, transport: 'bridge', version: 'bench' });
  try {
    const project = await dispatch(studio.handlers, 'projects.create', { name: 'Bench' });
    if (!project.ok) throw new Error(project.error.message);
    const projectId = (project.value as { id: string }).id;

    const baselineRss = process.memoryUsage.rss();
    let peakRss = baselineRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 20);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const result = await dispatch(studio.handlers, 'media.importPaths', { projectId, paths });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    delay.disable();
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (!result.ok) throw new Error(result.error.message);

    const results = (result.value as { results: Array<{ ok: boolean; file: string; error?: { message: string } }> }).results;
    const root = studio.media.store.root;
    const storedBytes = readdirSync(root)
      .filter((name) => !name.startsWith('.'))
      .reduce((sum, name) => sum + statSync(join(root, name)).size, 0);
    return {
      photos: paths.length,
      imported: results.filter((r) => r.ok).length,
      failed: results.flatMap((r) => (r.ok ? [] : [r.error?.message ?? r.file])),
      seconds,
      peakRssMb: peakRss / 1e6,
      baselineRssMb: baselineRss / 1e6,
      maxEventLoopDelayMs: delay.max / 1e6,
      p99EventLoopDelayMs: delay.percentile(99) / 1e6,
      storedMb: storedBytes / 1e6,
      cpuMsPerPhoto: (cpu.user + cpu.system) / 1000 / paths.length,
    };
  } finally {
    studio.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '50' }, fresh: { type: 'boolean', default: false }, child: { type: 'string' } },
  });

  if (values.child) {
    const report = await runImport(JSON.parse(values.child) as string[]);
    process.send?.(report);
    return;
  }

  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a positive whole number, got ${values.count}`);
  const dir = join(tmpdir(), 'echoes-bench-import-photos-v1');
  if (values.fresh) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const genStart = performance.now();
  const paths = await generatePhotos(dir, count);
  const sourceMb = paths.reduce((sum, p) => sum + statSync(p).size, 0) / 1e6;
  console.log(`photos: ${count} x ${WIDTH}x${HEIGHT} JPEG, ${round(sourceMb / count, 2)} MB each on average (ready in ${round((performance.now() - genStart) / 1000)} s) in ${dir}`);

  const report = await new Promise<ChildReport>((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(paths)], { stdio: 'inherit' });
    child.once('message', (message) => resolve(message as ChildReport));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`the import process exited with code ${code}`)));
  });

  const photosPerS = report.imported / report.seconds;
  console.log(`imported: ${report.imported}/${report.photos} in ${round(report.seconds, 2)} s (${round(photosPerS, 2)} photos/s; target >= 4)`);
  console.log(`peak RSS of the importing process: ${round(report.peakRssMb)} MB (baseline before import ${round(report.baselineRssMb)} MB; target < 600)`);
  console.log(
    `CPU: ${Math.round(report.cpuMsPerPhoto)} ms per photo over all threads (at most ${round((2 * 1000) / report.cpuMsPerPhoto, 2)} photos/s on 2 idle cores; machine load average ${loadavg()[0]?.toFixed(1)})`,
  );
  console.log(`event loop during import: max delay ${round(report.maxEventLoopDelayMs)} ms, p99 ${round(report.p99EventLoopDelayMs)} ms`);
  console.log(`stored: ${round(report.storedMb)} MB (working images + thumbnails)`);
  if (report.failed.length > 0) console.log(`failed:\n  ${report.failed.join('\n  ')}`);
  writeFileSync(join(dir, 'last-run.json'), JSON.stringify(report, null, 2));
  console.log(JSON.stringify({ photos_per_s: round(photosPerS, 2), peak_rss_mb: round(report.peakRssMb) }));
  if (report.imported !== report.photos) process.exitCode = 1;
}

await main();
