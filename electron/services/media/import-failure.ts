import type { ImportErrorCode } from '../../../shared/contract/media';

/** An expected reason a file cannot become a clip; `reason` reads after the file's name. */
export class ImportFailure extends Error {
  readonly code: ImportErrorCode;
  readonly reason: string;

  constructor(code: ImportErrorCode, reason: string) {
    super(reason);
    this.name = 'ImportFailure';
    this.code = code;
    this.reason = reason;
  }
}

export const ACCEPTED_FORMATS = 'JPEG, PNG, WebP, HEIC or AVIF';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The first line of a decoder message without the library prefix ("VipsJpeg: premature end ..." ->
 * "premature end ..."); empty when it names a path (an upload's temp file, a folder of ours).
 */
function decoderDetail(message: string): string {
  const line = message.split('\n')[0]?.trim() ?? '';
  const detail = line.replace(/^[A-Za-z]+:\s*/, '').slice(0, 160);
  return /[\\/]/.test(detail) ? '' : detail;
}

/** Turns a decoder or file-system error into a failure a creator can act on. */
export function failureFromError(error: unknown, format: string): ImportFailure {
  if (error instanceof ImportFailure) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ImportFailure('UNREADABLE', 'the file no longer exists (it was moved or deleted)');
  if (code === 'EACCES' || code === 'EPERM') return new ImportFailure('UNREADABLE', 'the file cannot be read (permission denied)');
  if (code === 'EISDIR') return new ImportFailure('UNREADABLE', 'it is a folder, not a file');
  // Node's own argument errors (ERR_INVALID_ARG_VALUE ...) are about the name, not the image.
  if (typeof code === 'string' && code.startsWith('ERR_')) return new ImportFailure('UNREADABLE', 'the file name cannot be used on this computer');
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return new ImportFailure('TOO_LARGE', 'the image has too many pixels to decode');
  if (/input file is missing/i.test(message)) return new ImportFailure('UNREADABLE', 'the file no longer exists (it was moved or deleted)');
  if (format === 'heic') {
    // The bundled decoder reads AVIF but usually not HEVC-coded HEIC (a patent-encumbered codec).
    const detail = decoderDetail(message);
    return new ImportFailure('UNSUPPORTED', `this HEIC photo cannot be decoded here${detail ? ` (${detail})` : ''}; export it as JPEG and import that`);
  }
  const detail = decoderDetail(message);
  // libvips keeps its error text per thread; under parallel decodes it sometimes reports only "Unknown error".
  const suffix = detail && !/^unknown error$/i.test(detail) ? ` (${detail})` : '';
  return new ImportFailure('DAMAGED', `the image data is damaged or incomplete${suffix}`);
}
