import { readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { RENDERER_CONTENT_TYPES, rendererFileFor } from '../services/system/renderer-files';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * The file of the built renderer an app://studio/ URL names, or null when it names none (another
 * scheme or host, or a path rendererFileFor refuses).
 */
export function resolveAppAsset(rendererDir: string, rawUrl: string, path: nodePath.PlatformPath = nodePath): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  return rendererFileFor(rendererDir, url.pathname, path);
}

/** Answers one app:// request: the file with its type, the CSP as a real header, 404 for anything else. */
export async function answerAppRequest(request: Request, options: { rendererDir: string; csp: string }): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
  const file = resolveAppAsset(options.rendererDir, request.url);
  if (!file) return new Response('Not found', { status: 404 });
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return new Response('Not found', { status: 404 });
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    headers: {
      'Content-Type': RENDERER_CONTENT_TYPES[nodePath.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': options.csp,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
