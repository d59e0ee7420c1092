// Downloads an update into the updates folder, resuming a download that broke off: the bytes so
// far stay in <name>.partial beside a note of what they belong to (URL and sha512); the next try
// asks for the rest with a Range request (If-Range on the ETag when the host gave one) and
// appends, or starts over when the host answers with the whole file. The finished file is hashed
// (sha512, base64, as in the feed) and kept only when it matches: a tampered or damaged payload
// is deleted and refused.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { renameFile } from '../system/file-ops';

export class UpdateRefused extends Error {
  override name = 'UpdateRefused';
  constructor(
    readonly reason: 'checksum' | 'older' | 'size' | 'http',
    message: string,
  ) {
    super(message);
  }
}

export interface DownloadTarget {
  url: string;
  /** base64 sha512 from the feed */
  sha512: string;
  size?: number;
  /** the file name in the updates folder */
  name: string;
}

export interface DownloadResult {
  file: string;
  /** bytes fetched by this call (less than the size when it resumed) */
  fetchedBytes: number;
  resumedFrom: number;
}

interface PartialNote {
  url: string;
  sha512: string;
  etag: string | null;
}

export async function sha512Base64(file: string): Promise<string> {
  const hash = createHash('sha512');
  await pipeline(createReadStream(file), hash);
  return hash.digest('base64');
}

async function readNote(file: string): Promise<PartialNote | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PartialNote;
  } catch {
    return null;
  }
}

export async function downloadUpdate(
  target: DownloadTarget,
  dir: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<DownloadResult> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  await mkdir(dir, { recursive: true });
  const final = join(dir, target.name);
  const partial = `${final}.partial`;
  const noteFile = `${partial}.json`;

  // already here and whole (a check after a restart)
  if ((await stat(final).catch(() => null)) && (await sha512Base64(final)) === target.sha512) return { file: final, fetchedBytes: 0, resumedFrom: 0 };

  const note = await readNote(noteFile);
  let have = 0;
  if (note && note.url === target.url && note.sha512 === target.sha512) have = (await stat(partial).catch(() => null))?.size ?? 0;
  else await rm(partial, { force: true });

  const headers: Record<string, string> = {};
  if (have > 0) {
    headers.range = `bytes=${have}-`;
    if (note?.etag) headers['if-range'] = note.etag;
  }
  const res = await fetchImpl(target.url, { headers, signal: options.signal, redirect: 'follow' });
  if (res.status === 416 && have > 0) {
    // nothing left to fetch: the partial file is the whole file (checked below)
  } else if (!res.ok || !res.body) {
    throw new UpdateRefused('http', `The update could not be downloaded (HTTP ${res.status}).`);
  }
  const resumed = res.status === 206;
  if (!resumed && res.status !== 416) have = 0;
  await writeFile(noteFile, JSON.stringify({ url: target.url, sha512: target.sha512, etag: res.headers.get('etag') } satisfies PartialNote));
  let fetched = 0;
  if (res.status !== 416 && res.body) {
    const counter = async function* (source: AsyncIterable<Uint8Array>) {
      for await (const chunk of source) {
        fetched += chunk.byteLength;
        if (target.size !== undefined && have + fetched > target.size) throw new UpdateRefused('size', 'The update is larger than the feed says.');
        yield chunk;
      }
    };
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), counter, createWriteStream(partial, { flags: resumed ? 'a' : 'w' }), { signal: options.signal });
  }
  const actual = await sha512Base64(partial);
  if (actual !== target.sha512) {
    await rm(partial, { force: true });
    await rm(noteFile, { force: true });
    throw new UpdateRefused('checksum', 'The downloaded update does not match the checksum its feed published: it was refused.');
  }
  await renameFile(partial, final);
  await rm(noteFile, { force: true });
  return { file: final, fetchedBytes: fetched, resumedFrom: resumed ? have : 0 };
}
