import { Readable } from 'node:stream';
import { MEDIA_HOST, MEDIA_SCHEME } from '../../shared/values';
import { answerMediaRequest, type MediaRequest } from '../services/media/media-range';
import type { MediaStore } from '../services/media/media-store';

/** What the media protocol reads of a Fetch API request (Electron's protocol.handle passes one). */
export interface MediaProtocolRequest {
  url: string;
  method: string;
  headers: { get(name: string): string | null };
}

/**
 * echoes-media://media/<id> as the shared media core's request, or null for any other URL
 * (another scheme or host, a path below the id). The id stays percent-encoded: the core decodes
 * it and accepts only media-store ids, so no path ever reaches the file system.
 */
export function toMediaRequest(request: MediaProtocolRequest): MediaRequest | null {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return null;
  }
  if (url.protocol !== `${MEDIA_SCHEME}:` || url.host !== MEDIA_HOST) return null;
  return {
    method: request.method,
    rawId: url.pathname.replace(/^\//, ''),
    range: request.headers.get('range'),
    ifNoneMatch: request.headers.get('if-none-match'),
  };
}

/** Answers one media protocol request with Range support (200, 206, 304, 416), via answerMediaRequest. */
export async function answerMediaProtocolRequest(store: MediaStore, request: MediaProtocolRequest): Promise<Response> {
  const mediaRequest = toMediaRequest(request);
  if (!mediaRequest) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const reply = await answerMediaRequest(store, mediaRequest);
  const body = reply.body === null || typeof reply.body === 'string' ? reply.body : (Readable.toWeb(reply.body) as ReadableStream<Uint8Array>);
  return new Response(body, { status: reply.status, headers: reply.headers });
}
