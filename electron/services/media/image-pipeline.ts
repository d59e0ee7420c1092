import { lstat, open, readFile } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import { MAX_IMPORT_BYTES, MAX_IMPORT_PIXELS, MIN_PHOTO_SIDE_PX } from '../../../shared/values';
import { ACCEPTED_FORMATS, ImportFailure, failureFromError, formatBytes } from './import-failure';
import { iccDescription, stripJpegMetadata } from './jpeg-metadata';
import { SNIFF_BYTES, sniffImage, type ImageFormat } from './sniff';
import { findFocus } from './focus';
import type { FocusPoint } from '../../../shared/framing';

export interface PipelineLimits {
  maxPixels: number;
  maxBytes: number;
  /** Long side of the working image. */
  workingMaxSide: number;
  /** Runway takes a data URI of at most 5 MB; base64 adds a third, so the JPEG itself must stay under ~3.75 MB. */
  workingMaxBytes: number;
  thumbMaxSide: number;
  thumbMaxBytes: number;
}

export const defaultLimits: PipelineLimits = {
  maxPixels: MAX_IMPORT_PIXELS,
  maxBytes: MAX_IMPORT_BYTES,
  workingMaxSide: 4096,
  workingMaxBytes: 3_700_000,
  thumbMaxSide: 480,
  thumbMaxBytes: 60_000,
};

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
}

export interface ProcessedImage {
  format: ImageFormat;
  /** sRGB JPEG, EXIF orientation applied, alpha flattened onto white, metadata stripped. */
  working: EncodedImage;
  /** WebP made from the working image, so it shows exactly what generation sees. */
  thumb: EncodedImage;
  /** Where the subject is, in fractions of the working image. */
  focus: FocusPoint;
}

/** Cheap checks before any decoding: a regular file, not empty, not over the byte limit, an image format by its magic bytes. */
export async function inspectSource(path: string, limits: PipelineLimits = defaultLimits): Promise<{ format: ImageFormat; bytes: number }> {
  if (path.includes('\0')) throw new ImportFailure('UNREADABLE', 'the file name contains a character that is not allowed in file names');
  let info;
  try {
    // lstat: a link is refused, not followed (it could point at any file on the machine, which
    // could then be read back through the media routes). Folders above the file may be links.
    info = await lstat(path);
  } catch (error) {
    throw failureFromError(error, 'unknown');
  }
  if (info.isSymbolicLink()) throw new ImportFailure('UNREADABLE', 'it is a link to another file; import the file itself');
  if (info.isDirectory()) throw new ImportFailure('UNREADABLE', 'it is a folder, not a file');
  if (!info.isFile()) throw new ImportFailure('UNREADABLE', 'it is not a regular file');
  if (info.size === 0) throw new ImportFailure('EMPTY', 'the file is empty (0 bytes)');
  if (info.size > limits.maxBytes) {
    throw new ImportFailure('TOO_LARGE', `the file is too large (${formatBytes(info.size)}; the limit is ${formatBytes(limits.maxBytes)})`);
  }
  const head = Buffer.alloc(SNIFF_BYTES);
  let read: number;
  try {
    const handle = await open(path, 'r');
    try {
      ({ bytesRead: read } = await handle.read(head, 0, SNIFF_BYTES, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw failureFromError(error, 'unknown');
  }
  const sniffed = sniffImage(head.subarray(0, read));
  if (sniffed.kind === 'image') return { format: sniffed.format, bytes: info.size };
  if (sniffed.kind === 'unsupported') {
    throw new ImportFailure('UNSUPPORTED', `it is ${sniffed.label}, not a photo Echoes can use (${ACCEPTED_FORMATS})`);
  }
  const what = sniffed.looksLikeText ? 'it is a text file' : `its content is not ${ACCEPTED_FORMATS}`;
  throw new ImportFailure('NOT_AN_IMAGE', `not an image: ${what}, whatever its name says`);
}

const decodeOptions = (limits: PipelineLimits) => ({ failOn: 'error' as const, limitInputPixels: limits.maxPixels, sequentialRead: true });

interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3;
}

/** No colour transform is needed: no profile, or an sRGB one (sharp would otherwise run an sRGB-to-sRGB transform, ~70 ms per 12 MP). */
function isSrgbOrUntagged(meta: Metadata): boolean {
  return !meta.icc || /srgb/i.test(iccDescription(meta.icc) ?? '');
}

/**
 * The one full decode of a photo that cannot be kept as it is, straight into the working JPEG:
 * upright, within the working size, alpha flattened onto white, converted to sRGB through its
 * embedded ICC profile (sharp's default import transform: Display P3, Adobe RGB, CMYK ...).
 * Decode, colour transform and encode run as one streamed libvips pipeline; going through a raw
 * buffer instead (to make the thumbnail from it) costs more than the thumbnail's small decode saves.
 */
async function encodeWorking(path: string, meta: Metadata, limits: PipelineLimits, side: number, quality: number): Promise<EncodedImage> {
  const pipeline = sharp(path, { ...decodeOptions(limits), ...(isSrgbOrUntagged(meta) ? { ignoreIcc: true } : {}) });
  // Auto-orient only when there is something to turn (turning makes libvips hold the whole image).
  if ((meta.orientation ?? 1) !== 1) pipeline.rotate();
  // Resize is the first geometric step (sharp applies the orientation to the target size), so a
  // JPEG twice the working size or more is shrunk while it is decoded (libjpeg DCT scaling).
  const { data, info } = await pipeline
    .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    // Huffman optimisation doubles the encode time for ~10% smaller files; the size check below is what matters.
    .jpeg({ quality, optimiseCoding: false, chromaSubsampling: '4:2:0' })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const rawInput = (image: RawImage) => ({ raw: { width: image.width, height: image.height, channels: image.channels } });

/**
 * The working image at thumbnail size: JPEG shrink-on-load decodes it at 1/8 scale (a fraction of a
 * full decode); the thumbnail and the focus point are both made from these pixels. The working
 * image is sRGB (converted, or kept because it was), so no colour transform runs here.
 */
async function smallCopy(working: Buffer, side: number): Promise<RawImage> {
  const { data, info } = await sharp(working, { failOn: 'error', ignoreIcc: true })
    .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

async function encodeThumb(small: RawImage, side: number, quality: number): Promise<EncodedImage> {
  const { data, info } = await sharp(small.data, rawInput(small))
    .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
    // Effort 2 encodes in half the time of the default 4 for a file ~4 % larger (well within the budget).
    .webp({ quality, effort: 2 })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Thumbnail and focus point from one small decode of the working image. */
async function thumbAndFocus(working: Buffer, limits: PipelineLimits): Promise<{ thumb: EncodedImage; focus: FocusPoint }> {
  // Making the small copy decodes every scan, so it is also the check that the file is complete.
  const small = await smallCopy(working, limits.thumbMaxSide);
  const [thumb, focus] = await Promise.all([
    fitToBudget((side, q) => encodeThumb(small, side, q), limits.thumbMaxSide, limits.thumbMaxBytes, [75, 60, 45]),
    findFocus(small),
  ]);
  return { thumb, focus };
}

/** Tries quality steps first, then smaller sizes, until the encoding fits the byte budget. */
async function fitToBudget(
  encode: (side: number, quality: number) => Promise<EncodedImage>,
  maxSide: number,
  maxBytes: number,
  qualities: number[],
): Promise<EncodedImage> {
  let side = maxSide;
  for (let round = 0; round < 6; round += 1) {
    for (const quality of round === 0 ? qualities : qualities.slice(-1)) {
      const image = await encode(side, quality);
      if (image.data.length <= maxBytes) return image;
      // Already below the limit on both sides: shrinking the target does nothing, so shrink from the result.
      side = Math.min(side, Math.max(image.width, image.height));
    }
    side = Math.floor(side * 0.75);
  }
  throw new ImportFailure('FAILED', `the image cannot be compressed under ${formatBytes(maxBytes)}`);
}

/**
 * An 8-bit sRGB JPEG that needs no turning, no scaling and no recompression is already a working
 * image: it is kept byte for byte (no generation loss, no re-encode) once its metadata is removed.
 */
function isWorkingReady(meta: Metadata, limits: PipelineLimits): boolean {
  return (
    meta.format === 'jpeg' &&
    (meta.orientation ?? 1) === 1 &&
    meta.space === 'srgb' &&
    meta.channels === 3 &&
    meta.depth === 'uchar' &&
    !meta.hasAlpha &&
    isSrgbOrUntagged(meta) &&
    Math.max(meta.width ?? 0, meta.height ?? 0) <= limits.workingMaxSide
  );
}

async function keepJpeg(path: string, meta: Metadata, limits: PipelineLimits): Promise<ProcessedImage | null> {
  const source = await readFile(path);
  if (source.length > limits.workingMaxBytes) return null;
  const data = stripJpegMetadata(source);
  if (!data) return null;
  const { thumb, focus } = await thumbAndFocus(data, limits);
  return { format: 'jpeg', working: { data, width: meta.width ?? 0, height: meta.height ?? 0 }, thumb, focus };
}

/** Decodes, checks the pixel count, and makes the working image and the thumbnail. */
export async function processImage(path: string, format: ImageFormat, limits: PipelineLimits = defaultLimits): Promise<ProcessedImage> {
  try {
    const meta = await sharp(path, { ...decodeOptions(limits), limitInputPixels: false }).metadata();
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    if (width <= 0 || height <= 0) throw new ImportFailure('DAMAGED', 'the image has no readable size');
    // The shorter side as the working image will have it (the longer side is brought within workingMaxSide).
    const shorter = Math.min(width, height) * Math.min(1, limits.workingMaxSide / Math.max(width, height));
    if (Math.floor(shorter) < MIN_PHOTO_SIDE_PX) {
      throw new ImportFailure('UNSUPPORTED', `the photo is too small to animate (${width} × ${height} px; it needs at least ${MIN_PHOTO_SIDE_PX} px on its shorter side)`);
    }
    if (width * height > limits.maxPixels) {
      const mp = (n: number) => `${Math.round(n / 1e6)} MP`;
      throw new ImportFailure('TOO_LARGE', `the image is too large (${width} × ${height} px is ${mp(width * height)}; the limit is ${mp(limits.maxPixels)})`);
    }
    if (isWorkingReady(meta, limits)) {
      const kept = await keepJpeg(path, meta, limits);
      if (kept) return kept;
    }
    const working = await fitToBudget((side, q) => encodeWorking(path, meta, limits, side, q), limits.workingMaxSide, limits.workingMaxBytes, [85, 75, 65]);
    const { thumb, focus } = await thumbAndFocus(working.data, limits);
    return { format, working, thumb, focus };
  } catch (error) {
    throw failureFromError(error, format);
  }
}
