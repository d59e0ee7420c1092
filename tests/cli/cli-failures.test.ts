// Issue 23, fault 1 (the CLI side): a full TMPDIR is a documented exit code with a JSON error
// line, and no temp folder stays behind; README and --help list every exit code the CLI has.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../electron/cli/exit-codes';
import { HELP } from '../../electron/cli/main';
import { useTempDir } from '../support/temp-dir';
import { jsonLines, runCli } from './run-cli';

const tempDir = useTempDir('echoes-cli-failures-');

function tryMount(dir: string): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const mountDir = mkdtempSync(join(tmpdir(), 'echoes-tmpfs-cli-'));
const mounted = tryMount(mountDir);
afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountDir]);
  rmdirSync(mountDir);
});

function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size, 7);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('exit codes', () => {
  it('README and --help list every code the CLI can return, and no other', () => {
    const codes = Object.values(ExitCode).sort((a, b) => a - b);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const line = readme.slice(readme.indexOf('Exit codes:'), readme.indexOf('every failure ends the stream'));
    expect([...line.matchAll(/(?:^|[\s,:])(\d{1,3}) [A-Za-z`]/g)].map((m) => Number(m[1])).sort((a, b) => a - b)).toEqual(codes);
    const help = HELP.slice(HELP.indexOf('Exit codes'));
    expect([...help.matchAll(/^ {2}(\d+) /gm)].map((m) => Number(m[1])).sort((a, b) => a - b)).toEqual(codes);
  });
});

describe.skipIf(!mounted)('echoes render with a full TMPDIR (a 16 MB tmpfs; mounting one needs root)', () => {
  it('exits 7 naming the folder, ends --json with the error object, and leaves no temp folder', async () => {
    const dir = tempDir();
    const photo = join(dir, 'one.jpg');
    await sharp({ create: { width: 320, height: 200, channels: 3, background: '#3366aa' } }).jpeg().toFile(photo);
    // tsx keeps its compile cache in TMPDIR: warm it before the disk fills, as a user's would be.
    expect((await runCli(['--version'], { env: { TMPDIR: mountDir } })).code).toBe(0);
    fillDisk(join(mountDir, 'filler'));

    const run = await runCli(['render', photo, '-o', join(dir, 'out.mp4'), '--json', '--resolution', '720p', '--clip-duration', '2'], { env: { TMPDIR: mountDir } });
    expect(run.code, run.stderr).toBe(ExitCode.DISK_FULL);
    expect(jsonLines(run.stdout).at(-1)).toEqual({ type: 'error', message: `The disk is full: free space in ${mountDir}`, exitCode: ExitCode.DISK_FULL });
    expect(readdirSync(mountDir).filter((name) => name.startsWith('echoes-'))).toEqual([]);
  });
});
