// Issue 23, fault 3: kill -9 of `echoes render` leaves no FFmpeg running and, after the next run,
// no temp folder. The CLI runs with its own TMPDIR, so every FFmpeg it starts names that folder.
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../electron/cli/exit-codes';
import { WATCHDOG_MARK } from '../../electron/services/ffmpeg/watchdog';
import { killAll, liveProcesses, until } from '../support/processes';
import { useTempDir } from '../support/temp-dir';
import { runCli, startCli } from './run-cli';

const tempDir = useTempDir('echoes-kill-');

async function photos(dir: string, count: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = join(dir, `p${i}.jpg`);
    await sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 40 * i, g: 120, b: 200 } } }).jpeg().toFile(file);
    files.push(file);
  }
  return files;
}

const isFfmpeg = (tmp: string) => (argv: string[]) => basename(argv[0] ?? '').startsWith('ffmpeg') && argv.some((a) => a.includes(tmp));

describe.skipIf(process.platform !== 'linux')('kill -9 of the CLI (reads /proc, so Linux only)', () => {
  it.each([
    ['animating', 'generate'],
    ['compiling', 'compile'],
  ])('mid-%s: no FFmpeg outlives it, and the next run removes its temp folder', { timeout: 240_000 }, async (_label, stage) => {
    const dir = tempDir();
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const inputs = await photos(dir, stage === 'compile' ? 3 : 4);
    const env = { TMPDIR: tmp };
    // 10 s clips and a 1080p output (clips are animated at 720p): each stage runs FFmpeg for seconds.
    const args = ['render', ...inputs, '-o', join(dir, 'out.mp4'), '--json', '--resolution', '1080p', '--clip-duration', '10', '--transition', 'fade'];
    const { child, done } = startCli(args, { env });
    const cliPid = child.pid!;
    let stdout = '';
    child.stdout!.on('data', (chunk: string) => (stdout += chunk));
    const found = new Set<number>();
    try {
      await until(() => stdout.includes(`"stage":"${stage}"`));
      const running = await until(() => {
        const list = liveProcesses(isFfmpeg(tmp));
        return list.length > 0 && list;
      });
      for (const p of running) found.add(p.pid);

      child.kill('SIGKILL');
      const run = await done;
      expect(run.signal).toBe('SIGKILL');
      // The watchdog acts when the CLI's end of its pipe closes; once it has exited it has killed them all.
      // (A watchdog still starting on a loaded machine is not yet listed under its mark: wait for the
      // FFmpeg processes to end too, up to a bound, rather than checking the instant the mark is gone.)
      await until(() => liveProcesses((argv) => argv.includes(WATCHDOG_MARK) && argv.includes(String(cliPid))).length === 0);
      const deadline = Date.now() + 15_000;
      await until(() => liveProcesses(isFfmpeg(tmp)).length === 0 || Date.now() > deadline);
      const survivors = liveProcesses(isFfmpeg(tmp));
      for (const p of survivors) found.add(p.pid);
      expect(survivors.map((p) => p.argv.join(' '))).toEqual([]);
      expect(readdirSync(tmp).some((name) => name.startsWith(`echoes-render-${cliPid}-`))).toBe(true);

      // The next run (a quick one) removes the dead run's folders, then its own.
      const [one] = inputs;
      const next = await runCli(['render', one!, '-o', join(dir, 'next.mp4'), '--resolution', '720p', '--clip-duration', '2'], { env });
      expect(next.code, next.stderr).toBe(ExitCode.OK);
      expect(readdirSync(tmp).filter((name) => name.startsWith('echoes-'))).toEqual([]);
    } finally {
      killAll(found);
    }
  });
});
