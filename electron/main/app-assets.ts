import { readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
};

/**
 * The file of the built renderer an app://studio/ URL names, or null when it names none: another
 * scheme or host, bad percent-encoding, a NUL byte, or a path that leaves rendererDir however it is
 * spelled (../, %2e%2e, %2f, backslashes, drive letters). Paths without an extension are the
 * single-page app's routes: index.html. `path` is injectable so Windows rules are tested on any OS.
 */
export function resolveAppAsset(rendererDir: string, rawUrl: string, path: nodePath.PlatformPath = nodePath): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = path.resolve(rendererDir);
  const relative = path.normalize(decoded).replace(/^[/\\]+/, '');
  const file = path.resolve(root, relative || 'index.html');
  if (!file.startsWith(root + path.sep)) return null;
  return path.extname(file) ? file : path.join(root, 'index.html');
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
      'Content-Type': CONTENT_TYPES[nodePath.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': options.csp,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
