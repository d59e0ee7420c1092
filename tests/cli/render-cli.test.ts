import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../electron/cli/exit-codes';
import { APP_VERSION } from '../../electron/services/version';
import { countFrames, ffprobe } from '../support/ffmpeg-fixtures';
import { useTempDir } from '../support/temp-dir';
import { emptyFile, textFile, truncatedJpeg } from '../media/fixtures';
import { jsonLines, runCli, startCli } from './run-cli';

const tempDir = useTempDir('echoes-cli-');
const quick = ['--resolution', '720p', '--fps', '24', '--clip-duration', '2', '--transition', 'fade', '--transition-duration', '0.5'];

async function photo(dir: string, name: string, hue: number): Promise<string> {
  const file = join(dir, name);
  await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: hue, g: 120, b: 255 - hue } } })
    .composite([{ input: Buffer.from(`<svg width="320" height="200"><circle cx="${80 + hue / 2}" cy="100" r="50" fill="white"/></svg>`) }])
    .jpeg()
    .toFile(file);
  return file;
}

describe('echoes render (subprocess)', () => {
  it('renders the good photos of a folder, reports each bad one, and exits 0 with warnings', async () => {
    const dir = tempDir();
    const photos = join(dir, 'photos');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(photos);
    await photo(photos, '01-beach.jpg', 40);
    await photo(photos, '02-hills.jpg', 200);
    await truncatedJpeg(photos, '03-truncated.jpg');
    emptyFile(photos, '04-empty.png');
    textFile(photos, '05-notes.jpg');
    const out = join(dir, 'out', 'video.mp4');

    const run = await runCli(['render', photos, '-o', out, ...quick, '--music', 'drift', '--json', '--seed', '7']);
    expect(run.code, run.stderr).toBe(ExitCode.OK);

    const events = jsonLines(run.stdout);
    const warnings = events.filter((e) => e.type === 'warning');
    expect(warnings.map((w) => w.file)).toEqual(['03-truncated.jpg', '04-empty.png', '05-notes.jpg']);
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^03-truncated\.jpg: the image data is damaged or incomplete/),
      '04-empty.png: the file is empty (0 bytes)',
      '05-notes.jpg: not an image: it is a text file, whatever its name says',
    ]);
    expect(events.filter((e) => e.type === 'stage').map((e) => e.stage)).toEqual(['import', 'generate', 'compile']);
    const progress = events.filter((e) => e.type === 'progress' && e.stage === 'compile').map((e) => e.progress as number);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const result = events.at(-1)!;
    expect(result).toMatchObject({ type: 'result', output: out, clips: 2, warnings: 3, width: 1280, height: 720 });
    // The takes were made at the export's size and rate: their bodies are copied, not encoded.
    expect(result.export).toMatch(/^Done: 2 clips copied, \d+ pieces? encoded/);

    // Two 2 s clips overlapping by 0.5 s: 3.5 s at 24 fps = 84 frames.
    const probed = await ffprobe(out);
    expect(probed.video).toMatchObject({ codec_name: 'h264', width: 1280, height: 720, r_frame_rate: '24/1' });
    expect(probed.audio?.codec_name).toBe('aac');
    expect(Number(probed.format.duration)).toBeCloseTo(3.5, 1);
    expect(await countFrames(out)).toBe(84);
    expect(readdirSync(join(dir, 'out'))).toEqual(['video.mp4']);
  });

  it('prints plain progress lines and a result line without --json', async () => {
    const dir = tempDir();
    const one = await photo(dir, 'one.jpg', 90);
    const out = join(dir, 'one.mp4');
    const run = await runCli(['render', one, '-o', out, ...quick, '--transition', 'cut']);
    expect(run.code, run.stderr).toBe(ExitCode.OK);
    expect(run.stderr).toMatch(/^Importing: 1 photo\(s\)$/m);
    expect(run.stderr).toMatch(/^Compiling 100%$/m);
    expect(run.stdout.trim()).toMatch(new RegExp(`^Wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(1 clips, 2\\.0 s, 1280x720, [\\d.]+ MB\\)$`));
  });

  it('exits 3 and writes nothing when no input is a usable photo', async () => {
    const dir = tempDir();
    textFile(dir, 'a.jpg');
    emptyFile(dir, 'b.png');
    const out = join(dir, 'never.mp4');
    const run = await runCli(['render', dir, join(dir, 'missing.jpg'), '-o', out, '--json']);
    expect(run.code).toBe(ExitCode.NOTHING_TO_RENDER);
    const events = jsonLines(run.stdout);
    expect(events.filter((e) => e.type === 'warning').map((e) => e.message)).toEqual([
      `${join(dir, 'missing.jpg')}: no such file or folder`,
      'a.jpg: not an image: it is a text file, whatever its name says',
      'b.png: the file is empty (0 bytes)',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'error', exitCode: ExitCode.NOTHING_TO_RENDER, message: expect.stringMatching(/^no photos to render/) });
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['render', 'photos'], /missing -o\/--output/],
    [['render', 'photos', '-o', 'x.mp4', '--fps', '60'], /--fps must be one of 24, 25, 30, got "60"/],
    [['render', 'photos', '-o', 'x.mp4', '--clip-duration', 'long'], /--clip-duration must be a number from 2 to 10, got "long"/],
    [['render', 'photos', '-o', 'x.mp4', '--transition', 'spin'], /--transition must be one of cut, fade/],
    [['render', 'photos', '-o', 'x.gif'], /-o\/--output must end in \.mp4, \.m4v or \.mov/],
    [['render', 'photos', '-o', 'x.mp4', '--colour', 'red'], /Unknown option '--colour'/],
    [['render', '-o', 'x.mp4'], /name at least one photo or folder/],
    [['paint'], /unknown command "paint"/],
  ])('rejects %j with exit code 2 and a message naming the problem', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.stderr).toMatch(message);
  });

  it('exits 4 with install instructions when FFmpeg cannot be found', async () => {
    const dir = tempDir();
    const one = await photo(dir, 'one.jpg', 10);
    const run = await runCli(['render', one, '-o', join(dir, 'x.mp4')], { env: { FFMPEG_PATH: join(dir, 'no-ffmpeg') } });
    expect(run.code).toBe(ExitCode.FFMPEG_UNAVAILABLE);
    expect(run.stderr).toMatch(/FFMPEG_PATH is set to ".*no-ffmpeg", which is not an executable file/);
    expect(run.stderr).toMatch(/Install FFmpeg 4\.3 or newer/);
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    'cancels on %s (Ctrl+C, kill, a closed console) with exit code 130, no output and no temp folder',
    async (signal) => {
      const dir = tempDir();
      const tmp = join(dir, 'tmp');
      mkdirSync(tmp);
      const photos = [];
      for (let i = 0; i < 4; i++) photos.push(await photo(dir, `p${i}.jpg`, 30 * i));
      const out = join(dir, 'cancelled.mp4');
      const { child, done } = startCli(['render', ...photos, '-o', out, '--json', '--resolution', '1080p', '--clip-duration', '10'], { env: { TMPDIR: tmp } });
      await new Promise<void>((resolve) => {
        child.stdout!.on('data', (chunk: string) => {
          if (chunk.includes('"stage":"generate"')) resolve();
        });
      });
      child.kill(signal);
      const run = await done;
      expect(run.code).toBe(ExitCode.CANCELLED);
      expect(jsonLines(run.stdout).at(-1)).toMatchObject({ type: 'error', exitCode: 130, message: 'cancelled: nothing was written' });
      expect(readdirSync(dir).filter((f) => !f.endsWith('.jpg') && f !== 'tmp')).toEqual([]);
      expect(readdirSync(tmp).filter((f) => f.startsWith('echoes-'))).toEqual([]);
    },
  );
});

describe('echoes doctor (subprocess)', () => {
  it('reports FFmpeg, encoders, data folder, music and cloud as JSON', async () => {
    const dir = tempDir();
    const run = await runCli(['doctor', '--json'], { env: { ECHOES_DATA_DIR: dir } });
    expect(run.code, run.stderr).toBe(ExitCode.OK);
    const [report] = jsonLines(run.stdout) as [{ checks: Array<{ name: string; status: string; detail: string; fix?: string }> }];
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName['FFmpeg']).toMatchObject({ status: 'ok', detail: expect.stringMatching(/version \d/) });
    expect(byName['xfade transitions']?.status).toBe('ok');
    expect(byName['Hardware encoders']?.status).toMatch(/ok|warn/);
    expect(byName['Data folder']).toMatchObject({ status: 'ok', detail: dir });
    expect(byName['Bundled music']).toMatchObject({ status: 'ok', detail: 'drift, sunrise, reverie' });
    expect(byName['Cloud']?.fix).toMatch(/ECHOES_SUPABASE_URL/);
    expect(byName['Version']).toMatchObject({ status: 'ok', detail: `${APP_VERSION} (stable channel)` });
    expect(byName['Log folder']).toMatchObject({ status: 'ok', detail: `${join(dir, 'logs')} (echoes.log, rotated)` });
  });

  it('--version and doctor name the update channel chosen in Settings', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ updateChannel: 'beta' }));
    const version = await runCli(['--version'], { env: { ECHOES_DATA_DIR: dir } });
    expect(version.stdout).toBe(`${APP_VERSION} (beta channel)\n`);
    const doctor = await runCli(['doctor'], { env: { ECHOES_DATA_DIR: dir } });
    expect(doctor.stdout).toContain(`[ok  ] Version: ${APP_VERSION} (beta channel)`);
    expect(doctor.stdout).toContain(`[ok  ] Log folder: ${join(dir, 'logs')}`);
  });

  it('fails with exit code 6 and says what to do when FFmpeg is missing', async () => {
    const dir = tempDir();
    const run = await runCli(['doctor'], { env: { FFMPEG_PATH: join(dir, 'nothing'), ECHOES_DATA_DIR: dir } });
    expect(run.code).toBe(ExitCode.DOCTOR_PROBLEM);
    expect(run.stdout).toMatch(/^\[FAIL\] FFmpeg: not usable\n\s+-> FFMPEG_PATH is set to/m);
  });
});
