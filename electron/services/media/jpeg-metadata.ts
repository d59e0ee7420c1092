/**
 * Lossless metadata removal for JPEGs that are already fit to be working images: keeps the image
 * data byte for byte and drops EXIF / XMP (APP1, which carry GPS position and camera details),
 * IPTC (APP13), comments and vendor segments. Kept: JFIF (APP0), the ICC profile (APP2), Adobe
 * (APP14, which says how to read the colour channels), and every segment needed to decode.
 */
const SOI = 0xd8;
const SOS = 0xda;
const EOI = 0xd9;
const KEPT_APP = new Set([0xe0, 0xe2, 0xee]);

const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
const isDroppable = (marker: number) => (marker >= 0xe0 && marker <= 0xef && !KEPT_APP.has(marker)) || marker === 0xfe;

/** Returns the JPEG without metadata segments, or null when its marker structure is not what a JPEG's should be. */
export function stripJpegMetadata(jpeg: Buffer): Buffer | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== SOI) return null;
  const parts: Buffer[] = [jpeg.subarray(0, 2)];
  let at = 2;
  while (at < jpeg.length) {
    if (jpeg[at] !== 0xff) return null;
    // Any number of 0xFF fill bytes may precede a marker.
    while (jpeg[at] === 0xff && at < jpeg.length) at += 1;
    const marker = jpeg[at];
    if (marker === undefined) return null;
    const start = at - 1;
    at += 1;
    if (marker === EOI) return null; // an image with no scan
    if (isStandalone(marker)) {
      parts.push(jpeg.subarray(start, at));
      continue;
    }
    if (at + 2 > jpeg.length) return null;
    const length = jpeg.readUInt16BE(at);
    if (length < 2 || at + length > jpeg.length) return null;
    const end = at + length;
    if (marker === SOS) {
      // The entropy-coded data and everything after it are copied as they are.
      parts.push(jpeg.subarray(start));
      return Buffer.concat(parts);
    }
    if (!isDroppable(marker)) parts.push(jpeg.subarray(start, end));
    at = end;
  }
  return null;
}

/** The profile description of an ICC profile (v2 `desc` or v4 `mluc`), or null. */
export function iccDescription(icc: Buffer): string | null {
  if (icc.length < 132) return null;
  const count = icc.readUInt32BE(128);
  for (let i = 0; i < count && 132 + (i + 1) * 12 <= icc.length; i += 1) {
    const entry = 132 + i * 12;
    if (icc.toString('latin1', entry, entry + 4) !== 'desc') continue;
    const offset = icc.readUInt32BE(entry + 4);
    const size = icc.readUInt32BE(entry + 8);
    if (offset + size > icc.length || size < 12) return null;
    const type = icc.toString('latin1', offset, offset + 4);
    if (type === 'desc') {
      const length = icc.readUInt32BE(offset + 8);
      return icc.toString('latin1', offset + 12, Math.min(offset + 12 + length, offset + size)).replace(/\0+$/, '');
    }
    if (type === 'mluc' && size >= 28) {
      const textLength = icc.readUInt32BE(offset + 20);
      const textOffset = icc.readUInt32BE(offset + 24);
      const from = offset + textOffset;
      const to = Math.min(from + textLength, offset + size);
      const utf16be = Buffer.from(icc.subarray(from, from + ((to - from) & ~1)));
      return utf16be.swap16().toString('utf16le').replace(/\0+$/, '');
    }
    return null;
  }
  return null;
}
