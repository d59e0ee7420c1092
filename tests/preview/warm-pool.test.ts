// Warm FFmpeg processes: started ahead, each takes one filter graph on stdin and writes one file.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FfmpegAbortError, FfmpegRunError } from '../../electron/services/ffmpeg/errors';
import { createWarmFfmpegPool, type WarmFfmpegPool } from '../../electron/services/ffmpeg/warm-pool';
import { locateFfmpeg } from '../../electron/services/ffmpeg/index';
import { filterScriptFlag } from '../../electron/services/ffmpeg/version';
import { countFrames } from '../support/ffmpeg-fixtures';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-warm-');
const pools: WarmFfmpegPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

async function pool(dir: string, size = 2, ffmpegPath?: string) {
  const located = await locateFfmpeg();
  let n = 0;
  const created = createWarmFfmpegPool({
    ffmpegPath: ffmpegPath ?? located.ffmpegPath,
    scriptFlag: filterScriptFlag(located.versionInfo),
    outputArgs: ['-map', '[out]', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'mp4'],
    tempPath: () => path.join(dir, `out-${n++}.mp4`),
    size,
  });
  pools.push(created);
  return created;
}

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
};

describe('warm FFmpeg pool', { timeout: 60_000 }, () => {
  it('keeps processes waiting, gives each one graph, and replaces the one it used', async () => {
    const dir = tempDir();
    const p = await pool(dir);
    p.warm();
    expect(p.waiting()).toBe(2);
    const results = await Promise.all([3, 5, 7].map((frames) => p.run(`testsrc2=s=64x48:r=10,trim=end_frame=${frames}[out]`)));
    expect(await Promise.all(results.map((r) => countFrames(r.outputPath)))).toEqual([3, 5, 7]);
    expect(new Set(results.map((r) => r.outputPath)).size).toBe(3);
    expect(p.waiting()).toBe(2);
  });

  it('a graph FFmpeg refuses fails with FFmpeg’s own words and leaves no file', async () => {
    const dir = tempDir();
    const p = await pool(dir, 1);
    const failed = await p.run('nosuchfilter[out]').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(FfmpegRunError);
    expect((failed as Error).message).toMatch(/No such filter: 'nosuchfilter'/);
    // The next graph still runs (a fresh process).
    const ok = await p.run('testsrc2=s=64x48:r=10,trim=end_frame=2[out]');
    expect(await countFrames(ok.outputPath)).toBe(2);
    expect(existsSync(path.join(dir, 'out-0.mp4'))).toBe(false);
  });

  it('an abort kills the run; close stops the waiting processes', async () => {
    const dir = tempDir();
    const p = await pool(dir, 1);
    const controller = new AbortController();
    const running = p.run('testsrc2=s=1280x720:r=30,trim=end_frame=100000[out]', controller.signal);
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toBeInstanceOf(FfmpegAbortError);
    expect(p.waiting()).toBe(1);
    await p.close();
    expect(p.waiting()).toBe(0);
    await expect(p.run('testsrc2[out]')).rejects.toBeInstanceOf(FfmpegAbortError);
  });

  it('a process that only waits on the pool ends once the pool is closed (waiting FFmpegs hold nothing, closing sees them go)', async () => {
    const dir = tempDir();
    const script = [
      "import { createWarmFfmpegPool } from './electron/services/ffmpeg/warm-pool.ts';",
      "import { locateFfmpeg } from './electron/services/ffmpeg/index.ts';",
      "import { filterScriptFlag } from './electron/services/ffmpeg/version.ts';",
      'const { ffmpegPath, versionInfo } = await locateFfmpeg();',
      `const pool = createWarmFfmpegPool({ ffmpegPath, scriptFlag: filterScriptFlag(versionInfo), outputArgs: ['-map', '[out]', '-f', 'null'], tempPath: () => ${JSON.stringify(dir)} + '/' + Math.random() + '.out', size: 2 });`,
      'pool.warm();',
      "await pool.run('testsrc2=s=64x48:r=10,trim=end_frame=2[out]');",
      'await pool.close();',
      "console.log('closed', pool.waiting());",
    ].join('\n');
    const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd() });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (out += b.toString()));
      child.on('close', (c) => resolve({ stdout: out, code: c }));
    });
    // Exit code 13 would be Node giving up on a top-level await the loop could no longer settle.
    expect(stdout).toContain('closed 0');
    expect(code).toBe(0);
  });

  it('an FFmpeg that cannot start stops the warming and says so on each run', async () => {
    const dir = tempDir();
    const p = await pool(dir, 2, path.join(dir, 'no-ffmpeg-here'));
    p.warm();
    // Each waiting process dies at once; after three the pool stops replacing them.
    expect(await until(() => p.waiting() === 0)).toBe(true);
    await expect(p.run('testsrc2[out]')).rejects.toThrow(/could not be started/);
    expect(p.waiting()).toBe(0);
  });
});
