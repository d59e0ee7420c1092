// Titles, captions and end cards: the cleaning and wrapping rules, the escaping (checked against
// FFmpeg reading the same text from a file), and real exports with hostile strings, compared with
// the same export without text: the text region changes in the frames that carry text, nothing
// changes outside it or in frames without text, and the export never fails on text.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanText, SAFE_AREAS, TEXT_LIMITS, type ClipText, type TextLook } from '../../../shared/text';
import { outputDimensions, SHAPES } from '../../../shared/values';
import { compileTimeline, CompileInputError } from '../../../electron/services/export/compile/index';
import { escapeFilterValue } from '../../../electron/services/export/compile/segment-sources';
import { drawableText, layoutText, textFilters, wrapText } from '../../../electron/services/export/compile/text-overlay';
import { loadTextFonts, textFontsProblem } from '../../../electron/services/export/compile/text-fonts';
import { defaultFontsDir } from '../../../electron/services/export/compile/text-request';
import { FFMPEG, makeTestClip, runTool } from '../../support/ffmpeg-fixtures';
import { changedRegion, grayFrames, meanDifference } from '../../support/gray-frames';
import { useTempDir } from '../../support/temp-dir';

const tempDir = useTempDir('echoes-text-');
const fonts = loadTextFonts(defaultFontsDir());
const TEN_KB = `${'Ünïcödé wörds, "quoted" and: colons; '.repeat(280)}END`;
const HOSTILE = [
  `It's "quoted": a\\b \\' \\\\ %{pts} %{eif\\:n\\:d} [out]; x=1, y=2`,
  "'; drawtext=text=pwned:fontsize=400 [x]; [x]",
  'مرحبا بالعالم — Arabic, right to left',
  'Emoji 🎂🎉👍🏽 and a family 👨‍👩‍👧',
  '%{localtime} %{e:1+1} %% \\n \\t',
];
const look = (style: TextLook['style'], position: TextLook['position'] = null): TextLook => ({ style, size: 'medium', color: '#ffffff', position });

describe('text rules (pure)', () => {
  it('cleans control characters and white space, and cuts long text at a word with an ellipsis', () => {
    expect(cleanText('  a\u0000b\tc\n\nd\u202Ee\u0007  ', 50)).toBe('ab c de');
    expect(cleanText('\u0001\u0002\u0003\u007f\u0085', 50)).toBe('');
    const cut = cleanText(TEN_KB, TEXT_LIMITS.titleChars);
    expect(Array.from(cut).length).toBeLessThanOrEqual(TEXT_LIMITS.titleChars);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/\s…$/);
    // A surrogate pair is never split.
    expect(cleanText('🎂'.repeat(10), 5)).toBe(`${'🎂'.repeat(4)}…`);
  });

  it('leaves out what the font cannot draw and wraps to the width', () => {
    expect(drawableText('Emoji 🎂 here', fonts.regular.metrics)).toBe('Emoji here');
    const lines = wrapText('one two three four five six', 4, fonts.regular.metrics);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(Array.from(line).length).toBeGreaterThan(0);
    expect(wrapText('x'.repeat(60), 5, fonts.regular.metrics).length).toBeGreaterThan(5);
  });

  it('keeps every layout inside each shape’s safe area, in at most three lines, even for 10 kB', () => {
    for (const shape of SHAPES) {
      const safe = SAFE_AREAS[shape];
      for (const style of ['lower-third', 'centred', 'big-bold'] as const) {
        for (const position of ['top', 'middle', 'bottom'] as const) {
          const layout = layoutText(TEN_KB, { ...look(style, position), size: 'large' }, shape, fonts, TEXT_LIMITS.captionChars);
          expect(layout).not.toBeNull();
          const { width, height } = outputDimensions(shape, '1080p');
          const sizePx = layout!.size * Math.min(width, height);
          const metrics = (style === 'big-bold' ? fonts.bold : fonts.regular).metrics;
          expect(layout!.lines.length).toBeLessThanOrEqual(TEXT_LIMITS.lines);
          for (const line of layout!.lines) {
            const w = (Array.from(line.text).reduce((s, c) => s + (metrics.advance(c.codePointAt(0)!) ?? 0), 0) * sizePx) / width;
            const left = layout!.align === 'left' ? layout!.x : layout!.x - w / 2;
            expect(left, `${shape} ${style}`).toBeGreaterThanOrEqual(safe.left - 1e-9);
            expect(left + w, `${shape} ${style}`).toBeLessThanOrEqual(1 - safe.right + 1e-9);
            expect(line.baseline - (metrics.ascent * sizePx) / height).toBeGreaterThanOrEqual(safe.top - 1e-9);
            expect(line.baseline + (metrics.descent * sizePx) / height).toBeLessThanOrEqual(1 - safe.bottom + 1e-9);
          }
        }
      }
    }
    expect(layoutText('\u0000\u0001 🎂', look('centred'), '16:9', fonts, 200)).toBeNull();
  });

  it('a missing font is a clear problem, not a crash', () => {
    expect(textFontsProblem(defaultFontsDir())).toBeNull();
    expect(textFontsProblem(path.join(tempDir(), 'no-fonts'))).toMatch(/font for titles and captions is missing .*DejaVuSans\.ttf.*reinstall/);
  });
});

/** A one-line layer of `text` on frames [0, frames) of a clip. */
function layerOf(text: string, frames: number): ClipText {
  const layout = layoutText(text, look('lower-third'), '16:9', fonts, 200)!;
  return { anchorInS: 0, covers: [], layers: [{ ...layout, lines: layout.lines.slice(0, 1), fromFrame: 0, toFrame: frames, fadeFrames: 0 }] };
}

describe('escaping', { timeout: 120_000 }, () => {
  it('draws every hostile string exactly as FFmpeg draws it read from a file', async () => {
    const dir = tempDir();
    const out = { width: 640, height: 360 };
    for (const [i, raw] of HOSTILE.entries()) {
      const text = layerOf(raw, 3);
      const line = text.layers[0]!.lines[0]!.text;
      const filters = textFilters({ index: 0, inS: 0, frames: 3, text }, 30, out);
      expect(filters).toHaveLength(1);
      const file = path.join(dir, `line-${i}.txt`);
      writeFileSync(file, line);
      const inline = filters[0]!;
      const fromFile = inline.replace(`text=${escapeFilterValue(line)}`, `textfile=${escapeFilterValue(file)}`);
      expect(fromFile).not.toBe(inline);
      const render = async (filter: string, name: string) => {
        const graph = `color=c=0x336699:s=${out.width}x${out.height}:r=30:d=0.1,format=yuv420p,${filter}[v]`;
        const { stdout } = await runTool(FFMPEG, ['-v', 'error', '-filter_complex', graph, '-map', '[v]', '-f', 'framemd5', '-']);
        writeFileSync(path.join(dir, name), stdout);
        return stdout.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').at(-1)!.trim());
      };
      const plain = await render('null', `plain-${i}.md5`);
      const a = await render(inline, `inline-${i}.md5`);
      expect(a, raw).toEqual(await render(fromFile, `file-${i}.md5`));
      expect(a, raw).not.toEqual(plain);
    }
  });
});

describe('text in real exports', { timeout: 300_000 }, () => {
  async function clips(dir: string) {
    const files: string[] = [];
    for (let i = 0; i < 3; i++) files.push(await makeTestClip(path.join(dir, `clip${i}.mp4`), { width: 640, height: 360, fps: 30, durationS: 2, pattern: 'smptebars', hue: i * 100 }));
    return files;
  }

  it('draws hostile titles and captions where and when they belong, and nowhere else', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const files = await clips(dir);
    for (const shape of ['16:9', '9:16'] as const) {
      const output = { aspect: shape, resolution: '720p', fps: 30, quality: 'high', encoder: 'software' } as const;
      const transition = { type: 'cut', durationS: 0.5 } as const;
      const base = path.join(dir, `plain-${shape.replace(':', 'x')}.mp4`);
      const texted = path.join(dir, `text-${shape.replace(':', 'x')}.mp4`);
      await compileTimeline({ timeline: { clips: files.map((p) => ({ path: p })), transition }, output, outputPath: base });
      const result = await compileTimeline({
        timeline: {
          clips: files.map((p, i) => ({ path: p, ...(i > 0 ? { caption: HOSTILE[i - 1] } : {}) })),
          transition,
          text: {
            title: { text: TEN_KB, look: look('big-bold'), background: 'clip', durationS: 1 },
            endCard: { text: HOSTILE[3]!, look: look('centred', 'top'), background: 'clip', durationS: 1 },
          },
        },
        output,
        outputPath: texted,
      });
      expect(result.frames).toBe(180);
      const { width, height } = outputDimensions(shape, '720p');
      const size = { width: width / 4, height: height / 4 };
      // 15: the title; 45: clip 0 after its title (nothing on it); 75: caption 1; 135: caption 2; 165: the end card (top) without caption 2 (the card holds the clip's end).
      const at = [15, 45, 75, 135, 165];
      const [plainFrames, textFrames] = await Promise.all([grayFrames(base, at, size), grayFrames(texted, at, size)]);
      const region = (i: number) => changedRegion(plainFrames[i]!, textFrames[i]!);
      const safe = SAFE_AREAS[shape];
      const inSafeArea = (box: NonNullable<ReturnType<typeof changedRegion>['box']>) => {
        // A quarter-size frame: a pixel of slack for scaling.
        expect(box.left).toBeGreaterThanOrEqual(Math.floor(safe.left * size.width) - 2);
        expect(box.right).toBeLessThanOrEqual(Math.ceil((1 - safe.right) * size.width) + 2);
        expect(box.top).toBeGreaterThanOrEqual(Math.floor(safe.top * size.height) - 2);
        expect(box.bottom).toBeLessThanOrEqual(Math.ceil((1 - safe.bottom) * size.height) + 2);
      };
      const title = region(0);
      expect(title.count, `${shape} title`).toBeGreaterThan(50);
      inSafeArea(title.box!);
      // Big bold is centred: the block straddles the middle of the safe area.
      const middle = ((safe.top + 1 - safe.bottom) / 2) * size.height;
      expect(title.box!.top).toBeLessThan(middle);
      expect(title.box!.bottom).toBeGreaterThan(middle);
      expect(region(1).count, `${shape} clip 0 after its title`).toBe(0);
      for (const i of [2, 3]) {
        const caption = region(i);
        expect(caption.count, `${shape} caption at ${at[i]}`).toBeGreaterThan(20);
        inSafeArea(caption.box!);
        // A lower third sits low in the frame.
        expect(caption.box!.top, `${shape} caption at ${at[i]}`).toBeGreaterThan(size.height / 2);
      }
      const end = region(4);
      expect(end.count, `${shape} end card`).toBeGreaterThan(20);
      inSafeArea(end.box!);
      expect(end.box!.bottom, 'the end card is at the top').toBeLessThan(size.height / 2);
    }
  });

  it('frames without text are the same as without any text; a clip caption of only control characters adds nothing', async () => {
    const dir = tempDir();
    const files = await clips(dir);
    const output = { aspect: '16:9', resolution: '720p', fps: 30, quality: 'high', encoder: 'software' } as const;
    const transition = { type: 'fade', durationS: 0.4 } as const;
    const base = path.join(dir, 'plain.mp4');
    const texted = path.join(dir, 'text.mp4');
    await compileTimeline({ timeline: { clips: files.map((p) => ({ path: p })), transition }, output, outputPath: base });
    await compileTimeline({
      timeline: {
        clips: files.map((p, i) => ({ path: p, caption: i === 0 ? '\u0001\u0002\u0003' : i === 1 ? '🎂🎉' : null })),
        transition,
        text: { title: { text: 'A: title', look: look('centred'), background: 'clip', durationS: 1 } },
      },
      output,
      outputPath: texted,
    });
    const size = { width: 320, height: 180 };
    const at = [10, 40, 70, 100, 140];
    const [plain, text] = await Promise.all([grayFrames(base, at, size), grayFrames(texted, at, size)]);
    expect(changedRegion(plain[0]!, text[0]!).count).toBeGreaterThan(20);
    for (let i = 1; i < at.length; i++) {
      expect(changedRegion(plain[i]!, text[i]!).count, `frame ${at[i]}`).toBe(0);
      expect(meanDifference(plain[i]!, text[i]!), `frame ${at[i]}`).toBeLessThan(1.5);
    }
  });

  it('a title on a colour covers the first clip, then dissolves into it; an end card dissolves into its colour', async () => {
    const dir = tempDir();
    const files = await clips(dir);
    const out = path.join(dir, 'cards.mp4');
    await compileTimeline({
      timeline: {
        clips: files.map((p) => ({ path: p })),
        transition: { type: 'cut', durationS: 0.5 },
        text: {
          title: { text: 'Title', look: look('big-bold'), background: 'color', color: '#ff0000', durationS: 1.5 },
          endCard: { text: 'The end', look: look('centred'), background: 'color', color: '#00ff00', durationS: 1 },
        },
      },
      output: { aspect: '16:9', resolution: '720p', fps: 30, quality: 'high', encoder: 'software' },
      outputPath: out,
    });
    const probe = await runTool(FFMPEG, ['-v', 'error', '-i', out, '-vf', 'select=eq(n\\,2)+eq(n\\,178),scale=4:4,format=rgb24', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-']);
    // Corners far from the text: pure colour (within encoding error).
    const bytes = Buffer.from(probe.stdout, 'latin1');
    const pixel = (frame: number) => [...bytes.subarray(frame * 48, frame * 48 + 3)];
    const [r1, g1, b1] = pixel(0);
    expect(r1).toBeGreaterThan(200);
    expect(g1! + b1!).toBeLessThan(60);
    const [r2, g2, b2] = pixel(1);
    expect(g2).toBeGreaterThan(200);
    expect(r2! + b2!).toBeLessThan(60);
  });

  it('a timeline rendered in parts draws the same words and cards on the same frames as one run', async () => {
    const dir = tempDir();
    const files = await clips(dir);
    const names = [0, 1, 2, 0, 1].map((i) => files[i]!);
    const request = (outputPath: string) => ({
      timeline: {
        clips: names.map((p, i) => ({ path: p, caption: `Part ${i + 1}: "caption" %{n}` })),
        transition: { type: 'fade', durationS: 0.4 } as const,
        text: {
          title: { text: 'Title: on a colour', look: look('big-bold'), background: 'color', color: '#aa2200', durationS: 1.5 } as const,
          endCard: { text: 'The end', look: look('centred'), background: 'color', color: '#0022aa', durationS: 1.5 } as const,
        },
      },
      output: { aspect: '16:9', resolution: '720p', fps: 30, quality: 'high', encoder: 'software' } as const,
      outputPath,
    });
    const one = await compileTimeline(request(path.join(dir, 'one.mp4')));
    // A budget that only two clips fit in forces parts; the clips split at a transition's head carry their text over.
    const parted = await compileTimeline(request(path.join(dir, 'parts.mp4')), { commandLineBudget: 2_600 });
    expect(parted.frames).toBe(one.frames);
    const at = Array.from({ length: 13 }, (_, i) => Math.min(one.frames - 1, i * 20 + 3));
    const size = { width: 160, height: 90 };
    const [a, b] = await Promise.all([grayFrames(path.join(dir, 'one.mp4'), at, size), grayFrames(path.join(dir, 'parts.mp4'), at, size)]);
    at.forEach((n, i) => {
      expect(changedRegion(a[i]!, b[i]!, 60).count, `frame ${n}`).toBeLessThanOrEqual(2);
      expect(meanDifference(a[i]!, b[i]!), `frame ${n}`).toBeLessThan(2);
    });
  });

  it('refuses text before rendering when the fonts are missing, and renders the same request without text', async () => {
    const dir = tempDir();
    const [file] = await clips(dir);
    const request = (text: boolean) => ({
      timeline: { clips: [{ path: file!, ...(text ? { caption: 'hello' } : {}) }] },
      output: { aspect: '16:9', resolution: '720p', fps: 30, quality: 'draft', encoder: 'software' } as const,
      outputPath: path.join(dir, `out-${text}.mp4`),
    });
    const noFonts = path.join(dir, 'fonts-gone');
    await expect(compileTimeline(request(true), { fontsDir: noFonts })).rejects.toThrow(CompileInputError);
    await expect(compileTimeline(request(true), { fontsDir: noFonts })).rejects.toThrow(/font for titles and captions is missing/);
    await expect(compileTimeline(request(false), { fontsDir: noFonts })).resolves.toMatchObject({ frames: 60 });
  });
});
