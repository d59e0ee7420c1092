// `echoes render` with words and rhythm, as a real subprocess: --title, --end-title and --captions
// draw text (found by comparing with the same render without it), bad captions files and
// --beat-sync without music are refused up front, and a --beat-sync render of 8 photos puts every
// transition's middle within a frame of a click of the track, located in the exported file from
// frame differences alone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../electron/cli/exit-codes';
import { allGrayFrames, changedRegion, grayFrames, meanDifference } from '../support/gray-frames';
import { makeClickTrack } from '../support/click-track';
import { useTempDir } from '../support/temp-dir';
import { jsonLines, runCli } from './run-cli';

const tempDir = useTempDir('echoes-cli-words-');

/** A photo of one colour with a few shapes (so a camera move changes it a little, and photos differ a lot). */
async function photo(dir: string, name: string, i: number): Promise<string> {
  const file = join(dir, name);
  const hue = (i * 97) % 256;
  await sharp({ create: { width: 480, height: 300, channels: 3, background: { r: hue, g: (i * 53) % 256, b: 255 - hue } } })
    .composite([{ input: Buffer.from(`<svg width="480" height="300"><rect x="${40 + i * 20}" y="60" width="120" height="120" fill="white"/><circle cx="360" cy="${100 + i * 10}" r="50" fill="black"/></svg>`) }])
    .jpeg()
    .toFile(file);
  return file;
}

describe('echoes render: titles, captions and beat sync', { timeout: 300_000 }, () => {
  it('refuses bad text options and --beat-sync without music before rendering anything', async () => {
    const dir = tempDir();
    const one = await photo(dir, 'one.jpg', 1);
    const out = join(dir, 'out.mp4');
    const binary = join(dir, 'binary.txt');
    writeFileSync(binary, Buffer.from([0x41, 0x00, 0x42]));
    const latin1 = join(dir, 'latin1.txt');
    writeFileSync(latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    const tooMany = join(dir, 'many.txt');
    writeFileSync(tooMany, 'one\ntwo\n');
    const cases: Array<[string[], RegExp]> = [
      [['--beat-sync'], /--beat-sync fits the cuts to the music: name a track with --music/],
      [['--beat-sync', '--music', 'none'], /--beat-sync .* --music/],
      [['--captions', join(dir, 'missing.txt')], /--captions ".*missing\.txt": the file does not exist/],
      [['--captions', binary], /not a text file \(it has NUL bytes\)/],
      [['--captions', latin1], /not UTF-8 text/],
      [['--captions', tooMany], /has 2 lines but there is 1 photo/],
      [['--title', '\u0001\u0002 \t'], /--title needs words/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(['render', one, '-o', out, ...args]);
      expect(run.code, args.join(' ')).toBe(ExitCode.USAGE);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('draws --title, --end-title and --captions (hostile lines too), and a 10 kB title is cut with a warning', async () => {
    const dir = tempDir();
    const photos = [await photo(dir, 'a.jpg', 1), await photo(dir, 'b.jpg', 2), await photo(dir, 'c.jpg', 3), await photo(dir, 'd.jpg', 4)];
    const captions = join(dir, 'captions.txt');
    writeFileSync(captions, `\uFEFF\r\nIt's "quoted": 100%{pts} \\ [a];b,c\r\nمرحبا بالعالم 🎉\r\n\u0001\u0002\r\n`);
    const base = ['--resolution', '720p', '--fps', '24', '--clip-duration', '2', '--transition', 'cut', '--seed', '5'];
    const plain = join(dir, 'plain.mp4');
    const texted = join(dir, 'text.mp4');
    const first = await runCli(['render', ...photos, '-o', plain, ...base]);
    expect(first.code, first.stderr).toBe(ExitCode.OK);
    const title = `Summer: ${'very '.repeat(2000)}long`;
    const run = await runCli(['render', ...photos, '-o', texted, ...base, '--title', title, '--end-title', 'The end', '--captions', captions, '--json']);
    expect(run.code, run.stderr).toBe(ExitCode.OK);
    const warnings = jsonLines(run.stdout).filter((e) => e.type === 'warning').map((e) => e.message);
    expect(warnings).toEqual([expect.stringMatching(/^--title was cut to 120 characters: "Summer: very very .*…"$/)]);
    const size = { width: 320, height: 180 };
    // Four 2 s clips of 48 frames, cut: the title (3 s, cut to its clip) holds clip 0, the hostile
    // caption is on clip 1, the Arabic one (its emoji left out) on clip 2, the end card holds clip 3
    // (whose caption line was only control characters).
    const at = [12, 60, 110, 170];
    const [a, b] = await Promise.all([grayFrames(plain, at, size), grayFrames(texted, at, size)]);
    for (const [i, what] of ['title', 'hostile caption', 'Arabic caption', 'end card'].entries()) {
      const region = changedRegion(a[i]!, b[i]!);
      expect(region.count, what).toBeGreaterThan(20);
      if (what.includes('caption')) expect(region.box!.top, `${what} is a lower third`).toBeGreaterThan(size.height / 2);
    }
  });

  it('--beat-sync: every transition’s middle in the exported file is within one frame of a click', async () => {
    const dir = tempDir();
    const photos: string[] = [];
    for (let i = 0; i < 8; i++) photos.push(await photo(dir, `${String(i + 1).padStart(2, '0')}.jpg`, i + 1));
    const track = await makeClickTrack(join(dir, 'clicks.m4a'));
    const out = join(dir, 'beat.mp4');
    const fps = 30;
    const run = await runCli([
      'render', ...photos, '-o', out, '--resolution', '720p', '--fps', String(fps), '--clip-duration', '3',
      '--transition', 'fade', '--transition-duration', '0.5', '--music', track.file, '--beat-sync', '--motion', 'zoom_in', '--seed', '3', '--json',
    ]);
    expect(run.code, run.stderr).toBe(ExitCode.OK);
    const infos = jsonLines(run.stdout).filter((e) => e.type === 'info').map((e) => e.message);
    expect(infos).toContainEqual(expect.stringMatching(/^Cutting to the beat: 1\d\d BPM, \d+ beats found$/));

    // Where the picture changes from one photo to the next: runs of frame differences far above a
    // camera move's. A cut is one frame; a crossfade a run whose middle is the transition's.
    const frames = await allGrayFrames(out, { width: 64, height: 36 });
    const diffs = frames.map((f, n) => (n === 0 ? 0 : meanDifference(frames[n - 1]!, f)));
    const sorted = [...diffs].sort((x, y) => x - y);
    const threshold = Math.max(4, 6 * sorted[Math.floor(sorted.length / 2)]!);
    const middles: number[] = [];
    for (let n = 1; n < diffs.length; n++) {
      if (diffs[n]! <= threshold) continue;
      let end = n;
      while (end + 1 < diffs.length && diffs[end + 1]! > threshold) end++;
      // Diff n compares frames n-1 and n: a cut at frame n is the run [n, n]; a fade over frames s..s+X-1 is [s, s+X].
      middles.push((n + end) / 2);
      n = end;
    }
    expect(middles, `transitions found at frames ${middles.join(', ')}`).toHaveLength(7);
    const beats = track.beats;
    for (const m of middles) {
      const nearest = Math.min(...beats.map((b) => Math.abs(b * fps - m)));
      expect(nearest, `transition at frame ${m} (${(m / fps).toFixed(3)} s)`).toBeLessThanOrEqual(1);
    }
    // Cuts and short fades alternate: at least one of each.
    const widths = middles.map((m) => diffs.filter((d, n) => d > threshold && Math.abs(n - m) <= 6).length);
    expect(widths.some((w) => w === 1)).toBe(true);
    expect(widths.some((w) => w > 1)).toBe(true);
  });
});
