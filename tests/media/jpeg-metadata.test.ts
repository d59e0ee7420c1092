import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { processImage } from '../../electron/services/media/image-pipeline';
import { iccDescription, stripJpegMetadata } from '../../electron/services/media/jpeg-metadata';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-jpeg-');

const colourful = () =>
  sharp({ create: { width: 96, height: 72, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg({ quality: 90 });

async function withPrivateMetadata(): Promise<Buffer> {
  return colourful()
    .withExif({ IFD0: { Copyright: 'Jane Doe', Make: 'PhoneCo' } })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>')
    .toBuffer();
}

const scanOf = (jpeg: Buffer) => jpeg.subarray(jpeg.indexOf(Buffer.from([0xff, 0xda])));

describe('stripJpegMetadata', () => {
  it('drops EXIF and XMP and keeps the image data byte for byte', async () => {
    const source = await withPrivateMetadata();
    expect((await sharp(source).metadata()).exif?.toString('latin1')).toContain('Jane Doe');
    const stripped = stripJpegMetadata(source)!;
    const meta = await sharp(stripped).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(stripped.toString('latin1')).not.toMatch(/Jane Doe|PhoneCo|xmpmeta/);
    expect(scanOf(stripped).equals(scanOf(source))).toBe(true);
    const [a, b] = await Promise.all([sharp(source).raw().toBuffer(), sharp(stripped).raw().toBuffer()]);
    expect(a.equals(b)).toBe(true);
  });

  it('keeps the ICC profile segment', async () => {
    const source = await colourful().withIccProfile('p3').toBuffer();
    const stripped = stripJpegMetadata(source)!;
    expect((await sharp(stripped).metadata()).icc?.equals((await sharp(source).metadata()).icc!)).toBe(true);
  });

  it('gives up on anything that is not a well-formed JPEG', async () => {
    const good = await colourful().toBuffer();
    expect(stripJpegMetadata(Buffer.from('not a jpeg'))).toBeNull();
    expect(stripJpegMetadata(good.subarray(0, 3))).toBeNull();
    const badLength = Buffer.from(good);
    badLength.writeUInt16BE(0xfff0, 4); // the first segment claims to run past the end
    expect(stripJpegMetadata(badLength)).toBeNull();
    expect(stripJpegMetadata(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
  });
});

describe('iccDescription', () => {
  it('reads the description of real profiles', async () => {
    const profile = async (name: string) =>
      (await sharp(await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } }).jpeg().withIccProfile(name).toBuffer()).metadata()).icc!;
    expect(iccDescription(await profile('srgb'))).toMatch(/sRGB/);
    expect(iccDescription(await profile('p3'))).toMatch(/P3/);
    expect(iccDescription(Buffer.alloc(10))).toBeNull();
  });
});

describe('working image of a JPEG', () => {
  it('keeps an upright sRGB JPEG as it is, without its metadata', async () => {
    const file = join(tempDir(), 'upright.jpg');
    const source = await withPrivateMetadata();
    writeFileSync(file, source);
    const { working } = await processImage(file, 'jpeg');
    expect(scanOf(working.data).equals(scanOf(source))).toBe(true);
    expect((await sharp(working.data).metadata()).exif).toBeUndefined();
    expect([working.width, working.height]).toEqual([96, 72]);
  });

  it('converts a Display P3 JPEG to sRGB instead of keeping it', async () => {
    const file = join(tempDir(), 'p3.jpg');
    // sharp stores this sRGB green as Display P3 values (about 97, 197, 81) with a P3 profile.
    const source = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 40, g: 200, b: 60 } } })
      .jpeg({ quality: 95 })
      .withIccProfile('p3')
      .toBuffer();
    writeFileSync(file, source);
    const stored = await sharp(source, { ignoreIcc: true }).raw().toBuffer();
    expect(stored[0]).toBeGreaterThan(80);
    const { working } = await processImage(file, 'jpeg');
    expect(scanOf(working.data).equals(scanOf(source))).toBe(false);
    const meta = await sharp(working.data).metadata();
    expect(meta.icc === undefined || /sRGB/.test(iccDescription(meta.icc) ?? '')).toBe(true);
    const pixel = [...(await sharp(working.data, { ignoreIcc: true }).raw().toBuffer()).subarray(0, 3)];
    pixel.forEach((v, i) => expect(Math.abs(v - [40, 200, 60][i]!)).toBeLessThanOrEqual(6));
  });
});
