// Issue 23, fault 4: photos too small to animate are refused at import, in the app and the CLI,
// with their name and the reason, never with FFmpeg's text.
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MIN_PHOTO_SIDE_PX } from '../../shared/values';
import { ExitCode } from '../../electron/cli/exit-codes';
import { jsonLines, runCli } from '../cli/run-cli';
import { call, closedAfterEach, openStudio } from '../generate/support/studio';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-small-photos-');
const studios = closedAfterEach();

async function png(dir: string, name: string, width: number, height: number): Promise<string> {
  const file = join(dir, name);
  await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 90, b: 30 } } }).png().toFile(file);
  return file;
}

describe(`photos under ${MIN_PHOTO_SIDE_PX} px on the shorter side`, () => {
  it('are refused at import with their name and size; the minimum itself is taken', async () => {
    const studio = openStudio(tempDir());
    studios.push(studio);
    const dir = tempDir();
    const project = await call(studio, 'projects.create', { name: 'Small' });
    const paths = [
      await png(dir, 'dot.png', 1, 1),
      await png(dir, 'strip.png', 300, 63),
      await png(dir, 'banner.png', 6000, 90),
      await png(dir, 'square.png', 64, 64),
    ];
    const { results } = await call(studio, 'media.importPaths', { projectId: project.id, paths });
    expect(results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual([
      'dot.png: the photo is too small to animate (1 × 1 px; it needs at least 64 px on its shorter side)',
      'strip.png: the photo is too small to animate (300 × 63 px; it needs at least 64 px on its shorter side)',
      // brought within 4096 px, its shorter side would be 61 px
      'banner.png: the photo is too small to animate (6000 × 90 px; it needs at least 64 px on its shorter side)',
      'ok',
    ]);
  });

  it('are reported by the CLI by name, and the rest is rendered', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const tiny = await png(dir, 'tiny.png', 1, 1);
    const good = await png(dir, 'good.png', 320, 200);
    const run = await runCli(['render', tiny, good, '-o', join(dir, 'out.mp4'), '--json', '--resolution', '720p', '--clip-duration', '2']);
    expect(run.code, run.stderr).toBe(ExitCode.OK);
    const warnings = jsonLines(run.stdout).filter((e) => e.type === 'warning');
    expect(warnings).toEqual([
      { type: 'warning', file: 'tiny.png', message: 'tiny.png: the photo is too small to animate (1 × 1 px; it needs at least 64 px on its shorter side)' },
    ]);
    expect(jsonLines(run.stdout).at(-1)).toMatchObject({ type: 'result', clips: 1 });
  });
});
