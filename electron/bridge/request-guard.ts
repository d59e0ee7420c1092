import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Host values we answer to: loopback names on our own port only (defeats DNS rebinding). */
export function allowedHosts(port: number): Set<string> {
  return new Set(LOOPBACK_NAMES.map((name) => `${name}:${port}`));
}

export type GuardVerdict = { ok: true } | { ok: false; status: number; reason: string };

/**
 * Checks a request's Host and Origin. Browsers always send Origin on cross-origin fetches,
 * WebSocket upgrades and POSTs, so a foreign page on another local port is refused here.
 */
export function checkHostAndOrigin(req: IncomingMessage, hosts: Set<string>): GuardVerdict {
  const host = req.headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) return { ok: false, status: 421, reason: 'unexpected Host header' };
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.has(originHost(origin))) {
    return { ok: false, status: 403, reason: 'foreign Origin' };
  }
  // Chromium marks subresource loads from other sites; only our own pages (or a typed URL) may load media.
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, status: 403, reason: 'cross-site request' };
  }
  return { ok: true };
}

function originHost(origin: string): string {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' ? url.host.toLowerCase() : '';
  } catch {
    return '';
  }
}

export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The per-run token: from `Authorization: Bearer`; from the `token` query parameter only where a
 * browser cannot send a header (a media element's src: GET/HEAD /media/..., and the WebSocket),
 * so an API call never takes a token that sits in a URL.
 */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length);
  return queryTokenAllowed(req, url) ? url.searchParams.get('token') : null;
}

function queryTokenAllowed(req: IncomingMessage, url: URL): boolean {
  if (req.headers.upgrade?.toLowerCase() === 'websocket') return url.pathname === '/events';
  return (req.method === 'GET' || req.method === 'HEAD') && url.pathname.startsWith('/media/');
}
