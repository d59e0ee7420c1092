import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { MAX_IMPORT_BYTES } from '../../shared/values';
import { ProjectId } from '../../shared/contract';
import { StudioError, type StudioErrorData } from '../../shared/contract/errors';
import { formatBytes } from '../services/media/import-failure';
import { displayName } from '../services/media/file-name';
import { answerMediaRequest } from '../services/media/media-range';
import { importMusicFile, MAX_MUSIC_BYTES } from '../services/timeline/music-import';
import type { Studio } from '../services/studio';
import { sendJson } from './http-util';
import type { BridgeRoute, RouteContext } from './server';

export interface MediaRoutesOptions {
  /** Largest upload accepted (the importer's own byte limit by default). */
  maxUploadBytes?: number;
}

const MEDIA_PREFIX = '/media/';
const UPLOAD_PATH = '/api/upload';
const MUSIC_UPLOAD_PATH = '/api/upload-music';

const FileName = z.string().min(1, 'name must not be empty').max(1024, 'name must be at most 1024 characters');
const UploadQuery = z.object({ projectId: ProjectId, name: FileName }).strict();
const MusicUploadQuery = z.object({ name: FileName }).strict();

const fail = (res: ServerResponse, status: number, error: StudioErrorData, headers: Record<string, string> = {}) => {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  sendJson(res, status, { ok: false, error });
};

/** GET/HEAD /media/<id>: one media-store file, with Range, through the same core as the Electron protocol. */
function serveMedia(studio: Studio): BridgeRoute {
  return async ({ req, res, url }: RouteContext) => {
    if (!url.pathname.startsWith(MEDIA_PREFIX)) return false;
    const reply = await answerMediaRequest(studio.media.store, {
      method: req.method ?? 'GET',
      rawId: url.pathname.slice(MEDIA_PREFIX.length),
      range: req.headers.range ?? null,
      ifNoneMatch: req.headers['if-none-match'] ?? null,
    });
    // The URL carries the run's token: nothing of it is kept in the browser's cache across runs.
    res.writeHead(reply.status, { ...reply.headers, 'Cache-Control': 'no-store', 'Cross-Origin-Resource-Policy': 'same-origin', 'Referrer-Policy': 'no-referrer' });
    if (reply.body === null) res.end();
    else if (typeof reply.body === 'string') res.end(reply.body);
    else await pipeline(reply.body, res).catch(() => res.destroy());
    return true;
  };
}

type UploadError = { code: 'INVALID_INPUT'; message: string };

function parseUploadQuery<T>(schema: z.ZodType<T>, url: URL, res: ServerResponse): T | null {
  const query = schema.safeParse(Object.fromEntries([...url.searchParams].filter(([key]) => key !== 'token')));
  if (query.success) return query.data;
  const summary = query.error.issues.map((i) => `${i.path.join('.') || '(query)'}: ${i.message}`).join('; ');
  fail(res, 400, { code: 'INVALID_INPUT', message: `Invalid upload: ${summary}` });
  return null;
}

const tooLargeError = (name: string, limit: number) => (bytes: number): UploadError => ({
  code: 'INVALID_INPUT',
  message: `${name}: the file is too large (${formatBytes(bytes)}; the limit is ${formatBytes(limit)})`,
});

/** Refuses before reading a byte when Content-Length is over the limit; closes the connection rather than drain a huge body. */
function refuseDeclaredSize({ req, res }: RouteContext, limit: number, tooLarge: (bytes: number) => UploadError): boolean {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (!(declared > limit)) return false;
  fail(res, 413, tooLarge(declared), { Connection: 'close' });
  return true;
}

/** Streams the body to a temp file in the media store, runs `use` on it, and answers only after the temp file is gone. */
async function withUploadedFile(
  ctx: RouteContext,
  studio: Studio,
  upload: { limit: number; tooLarge: (bytes: number) => UploadError },
  use: (file: string) => Promise<unknown>,
): Promise<void> {
  const { res } = ctx;
  const temp = studio.media.store.tempPath('part');
  let answer: () => void;
  try {
    answer = await receiveAndUse();
  } finally {
    await rm(temp, { force: true });
  }
  answer();

  async function receiveAndUse(): Promise<() => void> {
    let received;
    try {
      received = await receiveBody(ctx, temp, upload.limit);
    } catch {
      return () => res.destroy(); // The client went away mid-upload.
    }
    if (received.tooLarge) return () => fail(res, 413, upload.tooLarge(received.bytes));
    try {
      const value = await use(temp);
      return () => sendJson(res, 200, { ok: true, value });
    } catch (error) {
      if (!(error instanceof StudioError)) throw error;
      return () => fail(res, error.code === 'NOT_FOUND' ? 404 : 400, error.toData());
    }
  }
}

/** Streams a request body to a file; bytes past `limit` are read and dropped so the client still gets our answer. */
async function receiveBody(ctx: RouteContext, file: string, limit: number): Promise<{ bytes: number; tooLarge: boolean }> {
  let bytes = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, bytes > limit ? undefined : chunk);
    },
  });
  await pipeline(ctx.req, limiter, createWriteStream(file, { flags: 'wx' }));
  return { bytes, tooLarge: bytes > limit };
}

interface UploadRouteSpec<Q extends { name: string }> {
  path: string;
  query: z.ZodType<Q>;
  limit: number;
  /** Checks the query before the body is read; answers and returns false to refuse. */
  accept?(query: Q, ctx: RouteContext): Promise<boolean>;
  /** Takes the received file (a temp file, removed afterwards); its result is the answer. */
  use(file: string, query: Q, name: string): Promise<unknown>;
}

/** POST route for one file's raw bytes: query checked, size limited, streamed to a temp file in the media store. */
function uploadRoute<Q extends { name: string }>(studio: Studio, spec: UploadRouteSpec<Q>): BridgeRoute {
  return postRoute(spec.path, async (ctx) => {
    const query = parseUploadQuery(spec.query, ctx.url, ctx.res);
    if (!query) return;
    const name = displayName(query.name);
    const tooLarge = tooLargeError(name, spec.limit);
    if (refuseDeclaredSize(ctx, spec.limit, tooLarge)) return;
    if (spec.accept && !(await spec.accept(query, ctx))) return;
    await withUploadedFile(ctx, studio, { limit: spec.limit, tooLarge }, (file) => spec.use(file, query, name));
  });
}

/**
 * POST /api/upload?projectId=...&name=...: one photo (how the browser and the e2e tests import),
 * imported like a dialog path.
 */
function uploadPhoto(studio: Studio, options: MediaRoutesOptions): BridgeRoute {
  return uploadRoute(studio, {
    path: UPLOAD_PATH,
    query: UploadQuery,
    limit: options.maxUploadBytes ?? MAX_IMPORT_BYTES,
    async accept(query, ctx) {
      try {
        await studio.handlers['projects.get']({ id: query.projectId });
        return true;
      } catch (error) {
        if (!(error instanceof StudioError)) throw error;
        fail(ctx.res, 404, error.toData());
        return false;
      }
    },
    use: (file, query, name) => studio.media.importer.importFiles({ projectId: query.projectId, files: [{ path: file, name }] }),
  });
}

/**
 * POST /api/upload-music?name=...: the creator's own music file (the browser has no file paths),
 * checked and stored like music.importPath; answers {mediaId, name, durationS}.
 */
function uploadMusic(studio: Studio): BridgeRoute {
  return uploadRoute(studio, {
    path: MUSIC_UPLOAD_PATH,
    query: MusicUploadQuery,
    limit: MAX_MUSIC_BYTES,
    use: (file, _query, name) => importMusicFile(studio.media.store, file, name),
  });
}

/** A route that owns `path` and takes only POST. */
function postRoute(path: string, handle: (ctx: RouteContext) => Promise<void>): BridgeRoute {
  return async (ctx: RouteContext) => {
    if (ctx.url.pathname !== path) return false;
    if (ctx.req.method !== 'POST') ctx.res.writeHead(405, { Allow: 'POST' }).end();
    else await handle(ctx);
    return true;
  };
}

/** The bridge's media routes: serving stored media, uploading photos to import and music files. */
export function mediaRoutes(studio: Studio, options: MediaRoutesOptions = {}): BridgeRoute[] {
  return [serveMedia(studio), uploadPhoto(studio, options), uploadMusic(studio)];
}
