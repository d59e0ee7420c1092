// Downloads that resume and uploads that report progress, over signed Storage URLs. A download
// writes to a `.part` file that outlives a failure: the next try asks Storage for the rest with a
// Range header (206), or starts over when the server sends the whole object (200).
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export class TransferError extends Error {
  override name = 'TransferError';
  constructor(
    message: string,
    /** network: the connection failed (try again later, resumes); http: the server refused */
    readonly kind: 'network' | 'http',
    readonly status = 0,
  ) {
    super(message);
  }
}

const sizeOf = (file: string) => stat(file).then((s) => s.size, () => 0);

/** Downloads url into partFile, resuming what is there. onBytes(done, total) as it goes. Returns the size. */
export async function resumableDownload(
  fetchFn: typeof fetch,
  url: string,
  partFile: string,
  opts: { signal?: AbortSignal; onBytes?: (done: number, total: number | null) => void } = {},
): Promise<number> {
  const have = await sizeOf(partFile);
  let res: Response;
  try {
    res = await fetchFn(url, { headers: have > 0 ? { range: `bytes=${have}-` } : {}, signal: opts.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new TransferError(`the download could not start: ${(error as Error).message}`, 'network');
  }
  // asked for the rest of a file already complete
  if (res.status === 416 && have > 0) {
    await res.body?.cancel().catch(() => undefined);
    return have;
  }
  if ((res.status !== 200 && res.status !== 206) || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    throw new TransferError(`the download was refused (HTTP ${res.status})`, 'http', res.status);
  }
  const append = res.status === 206;
  const start = append ? have : 0;
  const range = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
  const length = Number(res.headers.get('content-length'));
  const total = range ? Number(range[1]) : Number.isFinite(length) && length > 0 ? start + length : null;
  let done = start;
  opts.onBytes?.(done, total);
  const count = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      done += chunk.length;
      opts.onBytes?.(done, total);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), count, createWriteStream(partFile, { flags: append ? 'a' : 'w' }), { signal: opts.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new TransferError(`the download broke off at ${done} bytes: ${(error as Error).message}`, 'network');
  }
  if (total !== null && done !== total) throw new TransferError(`the download ended at ${done} of ${total} bytes`, 'network');
  return done;
}

/** PUTs a file to a signed upload URL (Storage's uploadToSignedUrl) as a stream, with progress and cancel. */
export async function uploadFile(
  fetchFn: typeof fetch,
  signedUrl: string,
  file: string,
  contentType: string,
  opts: { signal?: AbortSignal; onBytes?: (done: number, total: number) => void } = {},
): Promise<void> {
  const total = await sizeOf(file);
  let done = 0;
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  source.on('data', (chunk) => {
    done += chunk.length;
    opts.onBytes?.(done, total);
  });
  let res: Response;
  try {
    res = await fetchFn(signedUrl, {
      method: 'PUT',
      headers: { 'content-type': contentType, 'content-length': String(total), 'x-upsert': 'true', 'cache-control': 'max-age=3600' },
      body: Readable.toWeb(source) as unknown as BodyInit,
      duplex: 'half',
      signal: opts.signal,
    } as RequestInit);
  } catch (error) {
    source.destroy();
    if ((error as Error).name === 'AbortError') throw error;
    throw new TransferError(`the upload broke off: ${(error as Error).message}`, 'network');
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    throw new TransferError(`the upload was refused (HTTP ${res.status}) ${text.slice(0, 200)}`, 'http', res.status);
  }
  await res.body?.cancel().catch(() => undefined);
}
