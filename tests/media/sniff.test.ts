import { describe, expect, it } from 'vitest';
import { sniffImage } from '../../electron/services/media/sniff';

const bytes = (...parts: Array<number[] | string>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const ftyp = (major: string, ...compatible: string[]) => {
  const body = bytes('ftyp', major, [0, 0, 0, 0], ...compatible);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(body.length + 4);
  return Buffer.concat([size, body]);
};

describe('sniffImage', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe1]), 'jpeg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'png'],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'webp'],
    ['HEIC', ftyp('heic', 'mif1', 'heic'), 'heic'],
    ['HEIC under a mif1 major brand', ftyp('mif1', 'mif1', 'heix'), 'heic'],
    ['AVIF', ftyp('avif', 'mif1', 'miaf'), 'avif'],
    ['AVIF under a mif1 major brand', ftyp('mif1', 'avif', 'miaf'), 'avif'],
  ])('recognises %s', (_label, head, format) => {
    expect(sniffImage(head)).toEqual({ kind: 'image', format });
  });

  it.each([
    ['GIF', bytes('GIF89a', [1, 0, 1, 0]), 'a GIF image'],
    ['TIFF', bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'a TIFF or camera RAW image'],
    ['MP4', ftyp('isom', 'isom', 'mp41'), 'a video'],
    ['PDF', bytes('%PDF-1.7\n'), 'a PDF document'],
    ['ZIP', bytes([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'a ZIP archive'],
  ])('names %s as unsupported', (_label, head, label) => {
    expect(sniffImage(head)).toEqual({ kind: 'unsupported', label });
  });

  it('tells text from unknown binary, whatever the name', () => {
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({ kind: 'unknown', looksLikeText: true });
    expect(sniffImage(bytes([0x00, 0x01, 0x02, 0xff]))).toEqual({ kind: 'unknown', looksLikeText: false });
    expect(sniffImage(Buffer.alloc(0))).toEqual({ kind: 'unknown', looksLikeText: false });
    // A JPEG cut after two bytes is not a JPEG.
    expect(sniffImage(bytes([0xff, 0xd8]))).toMatchObject({ kind: 'unknown' });
  });
});
