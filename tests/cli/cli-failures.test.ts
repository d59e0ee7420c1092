// Issue 23, fault 1 (the CLI side): a full TMPDIR is a documented exit code with a JSON error
// line, and no temp folder stays behind; README and --help list every exit code the CLI has.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../electron/cli/exit-codes';
import { HELP } from '../../electron/cli/main';
import { fillDisk, useSmallDisk } from '../support/full-disk';
import { useTempDir } from '../support/temp-dir';
import { jsonLines, runCli } from './run-cli';

const tempDir = useTempDir('echoes-cli-failures-');

const { dir: mountDir, mounted } = useSmallDisk('16m');

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
