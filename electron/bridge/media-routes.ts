import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { MAX_IMPORT_BYTES, ProjectId } from '../../shared/api';
import { StudioError, type StudioErrorData } from '../../shared/errors';
import { formatBytes } from '../services/media/import-failure';
import { displayName } from '../services/media/file-name';
import { answerMediaRequest } from '../services/media/media-range';
import type { Studio } from '../services/studio';
import { sendJson } from './http-util';
import type { BridgeRoute, RouteContext } from './server';

export interface MediaRoutesOptions {
  /** Largest upload accepted (the importer's own byte limit by default). */
  maxUploadBytes?: number;
}

const MEDIA_PREFIX = '/media/';
const UPLOAD_PATH = '/api/upload';

const UploadQuery = z
  .object({
    projectId: ProjectId,
    name: z.string().min(1, 'name must not be empty').max(1024, 'name must be at most 1024 characters'),
  })
  .strict();

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
    res.writeHead(reply.status, { ...reply.headers, 'Cross-Origin-Resource-Policy': 'same-origin', 'Referrer-Policy': 'no-referrer' });
    if (reply.body === null) res.end();
    else if (typeof reply.body === 'string') res.end(reply.body);
    else await pipeline(reply.body, res).catch(() => res.destroy());
    return true;
  };
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

/**
 * POST /api/upload?projectId=...&name=...: one file's raw bytes as the body (how the browser and the
 * e2e tests import), streamed to a temp file in the media store and imported like a dialog path.
 */
function uploadFile(studio: Studio, options: MediaRoutesOptions): BridgeRoute {
  const limit = options.maxUploadBytes ?? MAX_IMPORT_BYTES;
  return async (ctx: RouteContext) => {
    const { req, res, url } = ctx;
    if (url.pathname !== UPLOAD_PATH) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return true;
    }
    const query = UploadQuery.safeParse(Object.fromEntries([...url.searchParams].filter(([key]) => key !== 'token')));
    if (!query.success) {
      const summary = query.error.issues.map((i) => `${i.path.join('.') || '(query)'}: ${i.message}`).join('; ');
      fail(res, 400, { code: 'INVALID_INPUT', message: `Invalid upload: ${summary}` });
      return true;
    }
    const name = displayName(query.data.name);
    const tooLarge = (bytes: number) =>
      ({ code: 'INVALID_INPUT', message: `${name}: the file is too large (${formatBytes(bytes)}; the limit is ${formatBytes(limit)})` }) as const;
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      // Refuse before reading a byte; close the connection rather than drain a huge body.
      fail(res, 413, tooLarge(declared), { Connection: 'close' });
      return true;
    }
    try {
      await studio.handlers['projects.get']({ id: query.data.projectId });
    } catch (error) {
      if (!(error instanceof StudioError)) throw error;
      fail(res, 404, error.toData());
      return true;
    }

    const temp = studio.media.store.tempPath('part');
    // The answer goes out only after the temp file is gone, so a client never sees a leftover.
    let answer: () => void;
    try {
      answer = await importUpload(ctx, studio, temp, { projectId: query.data.projectId, name, limit, tooLarge });
    } finally {
      await rm(temp, { force: true });
    }
    answer();
    return true;
  };
}

async function importUpload(
  ctx: RouteContext,
  studio: Studio,
  temp: string,
  upload: { projectId: string; name: string; limit: number; tooLarge: (bytes: number) => { code: 'INVALID_INPUT'; message: string } },
): Promise<() => void> {
  const { res } = ctx;
  let received;
  try {
    received = await receiveBody(ctx, temp, upload.limit);
  } catch {
    return () => res.destroy(); // The client went away mid-upload.
  }
  if (received.tooLarge) return () => fail(res, 413, upload.tooLarge(received.bytes));
  try {
    const value = await studio.media.importer.importFiles({ projectId: upload.projectId, files: [{ path: temp, name: upload.name }] });
    return () => sendJson(res, 200, { ok: true, value });
  } catch (error) {
    if (!(error instanceof StudioError)) throw error;
    return () => fail(res, error.code === 'NOT_FOUND' ? 404 : 400, error.toData());
  }
}

/** The bridge's media routes: serving stored media and uploading files to import. */
export function mediaRoutes(studio: Studio, options: MediaRoutesOptions = {}): BridgeRoute[] {
  return [serveMedia(studio), uploadFile(studio, options)];
}
