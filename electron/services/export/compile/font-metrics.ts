/**
 * The few facts of a TrueType font the text layout needs, read from the file itself (pure over its
 * bytes): which characters it has a glyph for, how far each one advances, and its ascent and
 * descent. FFmpeg's drawtext cannot wrap or measure; with these the engine wraps lines to the safe
 * area and leaves out characters the font would draw as empty boxes.
 */

export interface FontMetrics {
  unitsPerEm: number;
  /** Above and below the baseline, in ems. */
  ascent: number;
  descent: number;
  /** The character's advance in ems; null when the font has no glyph for it. */
  advance(codePoint: number): number | null;
}

export class FontFileError extends Error {
  override name = 'FontFileError';
}

interface Tables {
  [tag: string]: { offset: number; length: number };
}

function tables(view: DataView): Tables {
  const version = view.getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565) throw new FontFileError('not a TrueType font');
  const count = view.getUint16(4);
  const out: Tables = {};
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
    out[tag] = { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) };
  }
  for (const tag of ['head', 'hhea', 'hmtx', 'cmap']) if (!out[tag]) throw new FontFileError(`the font has no ${tag} table`);
  return out;
}

/** Character -> glyph index from the best Unicode subtable (format 12 for every plane, else format 4). */
function readCmap(view: DataView, base: number): Map<number, number> {
  const count = view.getUint16(base + 2);
  let format4 = -1;
  let format12 = -1;
  for (let i = 0; i < count; i++) {
    const at = base + 4 + i * 8;
    const platform = view.getUint16(at);
    const encoding = view.getUint16(at + 2);
    const offset = base + view.getUint32(at + 4);
    const format = view.getUint16(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) format12 = offset;
    if (format === 4 && format4 < 0) format4 = offset;
  }
  const map = new Map<number, number>();
  if (format12 >= 0) {
    const groups = view.getUint32(format12 + 12);
    for (let g = 0; g < groups; g++) {
      const at = format12 + 16 + g * 12;
      const start = view.getUint32(at);
      const end = view.getUint32(at + 4);
      const glyph = view.getUint32(at + 8);
      for (let c = start; c <= end; c++) map.set(c, glyph + c - start);
    }
    return map;
  }
  if (format4 < 0) throw new FontFileError('the font has no Unicode character map');
  const segX2 = view.getUint16(format4 + 6);
  const ends = format4 + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const ranges = deltas + segX2;
  for (let s = 0; s < segX2 / 2; s++) {
    const end = view.getUint16(ends + s * 2);
    const start = view.getUint16(starts + s * 2);
    const delta = view.getInt16(deltas + s * 2);
    const rangeAt = ranges + s * 2;
    const range = view.getUint16(rangeAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (range === 0) glyph = (c + delta) & 0xffff;
      else {
        const g = view.getUint16(rangeAt + range + (c - start) * 2);
        glyph = g === 0 ? 0 : (g + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(c, glyph);
    }
  }
  return map;
}

/** Reads a TrueType font's metrics; FontFileError when the bytes are not a usable font. */
export function readFontMetrics(bytes: Uint8Array): FontMetrics {
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const t = tables(view);
    const head = (t.head as { offset: number }).offset;
    const hhea = (t.hhea as { offset: number }).offset;
    const hmtx = (t.hmtx as { offset: number }).offset;
    const unitsPerEm = view.getUint16(head + 18);
    const ascent = view.getInt16(hhea + 4) / unitsPerEm;
    const descent = -view.getInt16(hhea + 6) / unitsPerEm;
    const metricsCount = view.getUint16(hhea + 34);
    const glyphs = readCmap(view, (t.cmap as { offset: number }).offset);
    if (unitsPerEm === 0 || metricsCount === 0 || glyphs.size === 0) throw new FontFileError('the font has no glyph metrics');
    const advanceOf = (glyph: number) => view.getUint16(hmtx + Math.min(glyph, metricsCount - 1) * 4) / unitsPerEm;
    return {
      unitsPerEm,
      ascent,
      descent,
      advance(codePoint) {
        const glyph = glyphs.get(codePoint);
        return glyph === undefined ? null : advanceOf(glyph);
      },
    };
  } catch (error) {
    if (error instanceof FontFileError) throw error;
    throw new FontFileError(`the font file is damaged (${(error as Error).message})`);
  }
}
