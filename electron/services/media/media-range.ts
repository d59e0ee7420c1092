import { constants, type ReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { StudioError } from '../../../shared/contract/errors';
import { contentTypeOf } from './content-types';
import type { MediaStore } from './media-store';

export type ParsedRange = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Reads a Range header against a file size (RFC 9110 §14). A header we do not understand, or
 * several ranges, is ignored (a full 200 answer is always allowed); `bytes=a-b`, `bytes=a-` and
 * `bytes=-n` are served; a range starting past the end is unsatisfiable (416).
 */
export function parseRange(header: string | null | undefined, size: number): ParsedRange {
  if (!header) return { kind: 'full' };
  const match = SINGLE_RANGE.exec(header.trim().replace(/\s+/g, ''));
  if (!match) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

export interface MediaRequest {
  method: string;
  /** The id as it appeared in the URL path, still percent-encoded. */
  rawId: string;
  range?: string | null;
  ifNoneMatch?: string | null;
}

export interface MediaReply {
  status: number;
  headers: Record<string, string>;
  /** The file's bytes (a GET of an existing file), or a short plain-text reason. */
  body: ReadStream | string | null;
}

const plain = (status: number, text: string, extra: Record<string, string> = {}): MediaReply => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', ...extra },
  body: text,
});

// Windows has no O_NOFOLLOW; there the lstat check in store.path() is what refuses links.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** Opens a stored file without following a symlink planted under a media id's name. */
async function openStored(store: MediaStore, id: string): Promise<FileHandle | MediaReply> {
  let path: string;
  try {
    path = store.path(id);
  } catch (error) {
    if (error instanceof StudioError && error.code === 'INVALID_INPUT') return plain(400, 'Not a media id');
    return plain(404, 'No such media');
  }
  try {
    const handle = await open(path, OPEN_FLAGS);
    if ((await handle.stat()).isFile()) return handle;
    await handle.close();
  } catch {
    // ELOOP (a symlink), ENOENT (removed meanwhile) ...
  }
  return plain(404, 'No such media');
}

/**
 * Answers a request for one media-store file with Range support (200, 206, 304, 416), for both the
 * Electron media protocol and the bridge. Only media-store ids are accepted: no paths, no
 * traversal, no symlinks.
 */
export async function answerMediaRequest(store: MediaStore, request: MediaRequest): Promise<MediaReply> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Only GET and HEAD', { Allow: 'GET, HEAD' });
  let id: string;
  try {
    id = decodeURIComponent(request.rawId);
  } catch {
    return plain(400, 'Not a media id');
  }
  const opened = await openStored(store, id);
  if (!('fd' in opened)) return opened;
  const handle = opened;
  let keepOpen = false;
  try {
    const size = (await handle.stat()).size;
    const etag = `"${id.slice(0, 64)}"`;
    const common: Record<string, string> = {
      'Content-Type': contentTypeOf(id),
      'Accept-Ranges': 'bytes',
      // Content-addressed: a name never changes meaning.
      'Cache-Control': 'private, max-age=31536000, immutable',
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
    };
    if (request.ifNoneMatch && request.ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
      return { status: 304, headers: common, body: null };
    }
    const range = parseRange(request.range, size);
    if (range.kind === 'unsatisfiable') {
      return { status: 416, headers: { ...common, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' }, body: null };
    }
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
    const headers: Record<string, string> = { ...common, 'Content-Length': String(Math.max(0, end - start + 1)) };
    if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    const status = range.kind === 'partial' ? 206 : 200;
    if (request.method === 'HEAD' || size === 0) return { status, headers, body: null };
    keepOpen = true;
    return { status, headers, body: handle.createReadStream({ start, end, autoClose: true }) };
  } finally {
    if (!keepOpen) await handle.close();
  }
}
