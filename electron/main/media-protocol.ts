import { protocol, type CustomScheme } from 'electron';
import { Readable } from 'node:stream';
import { MEDIA_HOST, MEDIA_SCHEME } from '../../shared/api/media';
import { answerMediaRequest } from '../services/media/media-range';
import type { MediaStore } from '../services/media/media-store';

/**
 * echoes-media://media/<id>. `stream` lets <video> read it progressively and seek; Range is parsed by
 * the shared core, since net.fetch of a file:// URL ignores Range and breaks seeking.
 */
export const mediaScheme: CustomScheme = {
  scheme: MEDIA_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

export function handleMediaProtocol(store: MediaStore): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== MEDIA_HOST) return new Response('Not found', { status: 404 });
    const reply = await answerMediaRequest(store, {
      method: request.method,
      rawId: url.pathname.replace(/^\//, ''),
      range: request.headers.get('range'),
      ifNoneMatch: request.headers.get('if-none-match'),
    });
    const body = reply.body === null || typeof reply.body === 'string' ? reply.body : (Readable.toWeb(reply.body) as ReadableStream<Uint8Array>);
    return new Response(body, { status: reply.status, headers: reply.headers });
  });
}
