import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FontFileError, readFontMetrics, type FontMetrics } from './font-metrics';

/**
 * The fonts text is drawn with: DejaVu Sans and DejaVu Sans Bold (Latin, Greek, Cyrillic, Arabic,
 * Hebrew; the Bitstream Vera licence, in resources/fonts/LICENSE), shipped in resources/fonts and
 * handed to drawtext by path, so a video's words look the same on every machine and from the CLI.
 */
export const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

export interface TextFont {
  path: string;
  metrics: FontMetrics;
}

export interface TextFonts {
  regular: TextFont;
  bold: TextFont;
}

/** The bundled fonts cannot be used; the message says which file and what to do. */
export class TextFontsError extends Error {
  override name = 'TextFontsError';
}

const loaded = new Map<string, TextFonts>();

/** Reads the fonts in `dir` once (later calls answer from memory); TextFontsError when one is missing or damaged. */
export function loadTextFonts(dir: string): TextFonts {
  const key = path.resolve(dir);
  const known = loaded.get(key);
  if (known) return known;
  const read = (file: string): TextFont => {
    const at = path.join(key, file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(at);
    } catch {
      throw new TextFontsError(`The font for titles and captions is missing (${at}): reinstall Echoes Studio. Videos without text still export.`);
    }
    try {
      return { path: at, metrics: readFontMetrics(bytes) };
    } catch (error) {
      const why = error instanceof FontFileError ? error.message : String(error);
      throw new TextFontsError(`The font for titles and captions cannot be read (${at}: ${why}): reinstall Echoes Studio. Videos without text still export.`);
    }
  };
  const fonts = { regular: read(FONT_FILES.regular), bold: read(FONT_FILES.bold) };
  loaded.set(key, fonts);
  return fonts;
}

/** What is wrong with the fonts in `dir`, or null when text can be drawn (start-up and `echoes doctor` ask). */
export function textFontsProblem(dir: string): string | null {
  try {
    loadTextFonts(dir);
    return null;
  } catch (error) {
    if (error instanceof TextFontsError) return error.message;
    throw error;
  }
}
