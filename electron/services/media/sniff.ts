/** Formats the importer decodes. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'heic' | 'avif';

export type Sniffed =
  | { kind: 'image'; format: ImageFormat }
  /** A recognised format that is not a photo we accept (GIF, TIFF, a video ...). */
  | { kind: 'unsupported'; label: string }
  | { kind: 'unknown'; looksLikeText: boolean };

/** How many leading bytes sniffImage needs. */
export const SNIFF_BYTES = 64;

const startsWith = (head: Buffer, bytes: number[], offset = 0) => bytes.every((b, i) => head[offset + i] === b);
const ascii = (head: Buffer, start: number, end: number) => head.subarray(start, end).toString('latin1');

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const VIDEO_BRANDS = new Set(['isom', 'iso2', 'mp41', 'mp42', 'qt  ', 'M4V ', 'avc1', '3gp4', '3gp5', 'dash']);

/** Reads an ISO-BMFF `ftyp` box: the major brand and the compatible brands that fit in the head. */
function ftypBrands(head: Buffer): string[] | null {
  if (head.length < 12 || ascii(head, 4, 8) !== 'ftyp') return null;
  const boxSize = head.readUInt32BE(0);
  const end = Math.min(head.length, boxSize >= 16 ? boxSize : head.length);
  const brands = [ascii(head, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(head, at, at + 4));
  return brands;
}

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  for (const byte of head) {
    const printable = byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte !== 0x7f);
    if (!printable) return false;
  }
  return true;
}

/**
 * What a text file posing as media really is, or null when the head is not text. FFmpeg would
 * follow a playlist or a concat script to the files it names, so these are refused by name.
 */
export function describeTextMedia(head: Buffer): string | null {
  const body = head.subarray(head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0);
  if (!looksLikeText(body)) return null;
  const text = body.toString('latin1').trimStart();
  if (/^#EXTM3U/i.test(text) || /^#EXT/i.test(text)) return 'a playlist (a text file that points at other files)';
  if (/^ffconcat\b/i.test(text) || /^file\s+['"]?[^\s]/im.test(text)) return 'a concat script (a text file that points at other files)';
  if (/^\[playlist\]/i.test(text) || /^<\?xml|^<(smil|asx|mpd)\b/i.test(text)) return 'a playlist (a text file that points at other files)';
  return 'a text file';
}

/** Identifies a file by its magic bytes, never by its name. */
export function sniffImage(head: Buffer): Sniffed {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', format: 'png' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { kind: 'image', format: 'webp' };
  const brands = ftypBrands(head);
  if (brands) {
    if (brands.some((b) => AVIF_BRANDS.has(b))) return { kind: 'image', format: 'avif' };
    if (brands.some((b) => HEIC_BRANDS.has(b))) return { kind: 'image', format: 'heic' };
    if (brands.some((b) => VIDEO_BRANDS.has(b))) return { kind: 'unsupported', label: 'a video' };
    return { kind: 'unsupported', label: 'an ISO media file' };
  }
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { kind: 'unsupported', label: 'a GIF image' };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: 'unsupported', label: 'a TIFF or camera RAW image' };
  }
  if (ascii(head, 0, 2) === 'BM' && head.length >= 14) return { kind: 'unsupported', label: 'a BMP image' };
  if (ascii(head, 0, 5) === '%PDF-') return { kind: 'unsupported', label: 'a PDF document' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'AVI ') return { kind: 'unsupported', label: 'a video' };
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return { kind: 'unsupported', label: 'a video' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'unsupported', label: 'a ZIP archive' };
  return { kind: 'unknown', looksLikeText: looksLikeText(head) };
}
