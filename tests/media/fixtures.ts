import { copyFileSync, openSync, closeSync, writeFileSync, ftruncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

export const RED = { r: 255, g: 0, b: 0 };
export const BLUE = { r: 0, g: 0, b: 255 };

/** Raw RGB pixels: the left half one colour, the right half another. */
function halves(width: number, height: number, left: typeof RED, right: typeof RED): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const c = x < width / 2 ? left : right;
      data.set([c.r, c.g, c.b], (y * width + x) * 3);
    }
  }
  return data;
}

/**
 * A 128 x 64 JPEG, red on the left and blue on the right, tagged EXIF orientation 6 ("rotate 90°
 * clockwise to display"): shown correctly it is 64 x 128 with red on top and blue below.
 * (Every fixture photo has at least 64 px on its shorter side, the import minimum.)
 */
export async function rotatedJpeg(dir: string, name = 'rotated.jpg'): Promise<string> {
  const file = join(dir, name);
  await sharp(halves(128, 64, RED, BLUE), { raw: { width: 128, height: 64, channels: 3 } })
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .toFile(file);
  return file;
}

/** 160 x 120 PNG: the left half fully transparent, the right half opaque green. */
export async function alphaPng(dir: string, name = 'alpha.png'): Promise<string> {
  const width = 160;
  const height = 120;
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) data.set(x < width / 2 ? [0, 0, 0, 0] : [0, 200, 0, 255], (y * width + x) * 4);
  }
  const file = join(dir, name);
  await sharp(data, { raw: { width, height, channels: 4 } }).png().toFile(file);
  return file;
}

/** 96 x 64 16-bit-per-channel PNG of one orange colour. */
export async function deepPng(dir: string, name = 'deep.png'): Promise<string> {
  const file = join(dir, name);
  await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 255, g: 128, b: 0 } } })
    .toColourspace('rgb16')
    .png()
    .toFile(file);
  return file;
}

/** 160 x 120 CMYK JPEG of pure red. */
export async function cmykJpeg(dir: string, name = 'cmyk.jpg'): Promise<string> {
  const file = join(dir, name);
  await sharp({ create: { width: 160, height: 120, channels: 3, background: RED } }).toColourspace('cmyk').jpeg().toFile(file);
  return file;
}

export async function webpImage(dir: string, name = 'photo.webp', colour = { r: 230, g: 200, b: 20 }): Promise<string> {
  const file = join(dir, name);
  await sharp({ create: { width: 100, height: 80, channels: 3, background: colour } }).webp({ quality: 90 }).toFile(file);
  return file;
}

export async function plainJpeg(dir: string, name: string, colour: { r: number; g: number; b: number }, width = 96, height = 64): Promise<string> {
  const file = join(dir, name);
  await sharp({ create: { width, height, channels: 3, background: colour } }).jpeg().toFile(file);
  return file;
}

/** Wider than the working image's 4096 px limit, yet cheap to make: a 5000 x 500 gradient. */
export async function widePng(dir: string, name = 'wide.png'): Promise<string> {
  const width = 5000;
  const height = 500;
  const data = Buffer.alloc(width * height * 3);
  for (let x = 0; x < width; x += 1) {
    const v = Math.round((x / width) * 255);
    for (let y = 0; y < height; y += 1) data.set([v, 255 - v, 128], (y * width + x) * 3);
  }
  const file = join(dir, name);
  await sharp(data, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toFile(file);
  return file;
}

/** The first 60% of a valid JPEG. */
export async function truncatedJpeg(dir: string, name = 'truncated.jpg'): Promise<string> {
  const whole = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 50 } } })
    .jpeg()
    .toBuffer();
  const file = join(dir, name);
  writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
  return file;
}

export function emptyFile(dir: string, name = 'empty.jpg'): string {
  const file = join(dir, name);
  writeFileSync(file, '');
  return file;
}

export function textFile(dir: string, name = 'notes.jpg'): string {
  const file = join(dir, name);
  writeFileSync(file, 'Shopping list:\n- milk\n- film for the camera\n');
  return file;
}

export function copyOf(source: string, dir: string, name: string): string {
  const file = join(dir, name);
  copyFileSync(source, file);
  return file;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG whose header declares width x height (say 200 MP) with no real pixel data: refused from the header alone. */
export function hugeDeclaredPng(dir: string, width: number, height: number, name = 'huge.png'): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const file = join(dir, name);
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
      pngChunk('IEND', Buffer.alloc(0)),
    ]),
  );
  return file;
}

/** A sparse file of `bytes` that starts like a JPEG: over the byte limit without using the disk. */
export function sparseJpeg(dir: string, bytes: number, name = 'enormous.jpg'): string {
  const file = join(dir, name);
  const fd = openSync(file, 'w');
  writeSync(fd, Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return file;
}

/** Pixel (x, y) of an image file as [r, g, b]. */
export async function pixelAt(file: string | Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

export function near(actual: readonly number[], expected: readonly number[], tolerance = 40): boolean {
  return actual.every((v, i) => Math.abs(v - expected[i]!) <= tolerance);
}
