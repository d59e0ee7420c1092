// The bridge's request guard on its own (tests/foundation/bridge.test.ts drives it over HTTP): which
// Host, Origin and Sec-Fetch-Site values pass, and where the per-run token may come from.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { allowedHosts, checkHostAndOrigin, requestToken, tokenMatches } from '../../electron/bridge/request-guard';

const PORT = 5199;
const hosts = allowedHosts(PORT);
/** The parts of a request the guard reads (Node lower-cases header names). */
const req = (headers: Record<string, string>, method = 'GET') => ({ headers, method }) as unknown as IncomingMessage;

describe('checkHostAndOrigin', () => {
  it('answers to the loopback names on its own port, in any letter case', () => {
    expect([...hosts].sort()).toEqual([`127.0.0.1:${PORT}`, `[::1]:${PORT}`, `localhost:${PORT}`]);
    for (const host of [`127.0.0.1:${PORT}`, `localhost:${PORT}`, `[::1]:${PORT}`, `LocalHost:${PORT}`]) {
      expect(checkHostAndOrigin(req({ host }), hosts), host).toEqual({ ok: true });
    }
  });

  it.each([undefined, '', `127.0.0.1:${PORT + 1}`, '127.0.0.1', `evil.example:${PORT}`, `127.0.0.1.nip.io:${PORT}`, `0.0.0.0:${PORT}`])('refuses Host %j with 421 (DNS rebinding)', (host) => {
    expect(checkHostAndOrigin(req(host === undefined ? {} : { host }), hosts)).toEqual({ ok: false, status: 421, reason: 'unexpected Host header' });
  });

  it('accepts an Origin of its own (http, a loopback name, its port), or none', () => {
    for (const origin of [`http://127.0.0.1:${PORT}`, `http://localhost:${PORT}`, `http://[::1]:${PORT}`, `HTTP://LOCALHOST:${PORT}`]) {
      expect(checkHostAndOrigin(req({ host: `127.0.0.1:${PORT}`, origin }), hosts), origin).toEqual({ ok: true });
    }
  });

  it.each([`https://127.0.0.1:${PORT}`, `http://127.0.0.1:${PORT + 1}`, 'http://evil.example', 'null', '', 'garbage', `ws://127.0.0.1:${PORT}`])('refuses Origin %j with 403', (origin) => {
    expect(checkHostAndOrigin(req({ host: `127.0.0.1:${PORT}`, origin }), hosts)).toEqual({ ok: false, status: 403, reason: 'foreign Origin' });
  });

  it('lets same-origin and typed (none) requests through, and refuses cross-site and same-site subresources', () => {
    const host = `127.0.0.1:${PORT}`;
    expect(checkHostAndOrigin(req({ host, 'sec-fetch-site': 'same-origin' }), hosts)).toEqual({ ok: true });
    expect(checkHostAndOrigin(req({ host, 'sec-fetch-site': 'none' }), hosts)).toEqual({ ok: true });
    for (const site of ['cross-site', 'same-site', '']) {
      expect(checkHostAndOrigin(req({ host, 'sec-fetch-site': site }), hosts), site).toEqual({ ok: false, status: 403, reason: 'cross-site request' });
    }
  });
});

describe('tokenMatches', () => {
  it('matches the exact token only', () => {
    expect(tokenMatches('s3cret-token', 's3cret-token')).toBe(true);
    for (const given of ['s3cret-toke', 's3cret-token!', 'S3CRET-TOKEN', 's3cret-tokex', '', null, undefined]) expect(tokenMatches(given, 's3cret-token'), String(given)).toBe(false);
  });
});

describe('requestToken', () => {
  const url = (path: string) => new URL(path, `http://127.0.0.1:${PORT}`);

  it('reads a Bearer token from Authorization, on any request', () => {
    expect(requestToken(req({ authorization: 'Bearer abc' }, 'POST'), url('/api/call'))).toBe('abc');
    expect(requestToken(req({ authorization: 'Bearer abc' }, 'POST'), url('/api/call?token=xyz'))).toBe('abc');
    expect(requestToken(req({ authorization: 'Basic abc' }, 'POST'), url('/api/call'))).toBeNull();
    expect(requestToken(req({ authorization: 'bearer abc' }, 'POST'), url('/api/call'))).toBeNull();
  });

  it('takes ?token only where a browser cannot send a header: media GET/HEAD and the events WebSocket', () => {
    expect(requestToken(req({}, 'GET'), url('/media/abc.mp4?token=t1'))).toBe('t1');
    expect(requestToken(req({}, 'HEAD'), url('/media/abc.mp4?token=t1'))).toBe('t1');
    expect(requestToken(req({ upgrade: 'websocket' }, 'GET'), url('/events?token=t2'))).toBe('t2');
    expect(requestToken(req({ upgrade: 'WebSocket' }, 'GET'), url('/events?token=t2'))).toBe('t2');
    expect(requestToken(req({}, 'GET'), url('/media/abc.mp4'))).toBeNull();
  });

  it('never takes ?token for an API call, another method on media, or a WebSocket elsewhere', () => {
    expect(requestToken(req({}, 'POST'), url('/api/call?token=t1'))).toBeNull();
    expect(requestToken(req({}, 'GET'), url('/api/call?token=t1'))).toBeNull();
    expect(requestToken(req({}, 'POST'), url('/media/abc.mp4?token=t1'))).toBeNull();
    expect(requestToken(req({}, 'DELETE'), url('/media/abc.mp4?token=t1'))).toBeNull();
    expect(requestToken(req({}, 'GET'), url('/mediaX/abc.mp4?token=t1'))).toBeNull();
    expect(requestToken(req({ upgrade: 'websocket' }, 'GET'), url('/media/abc.mp4?token=t1'))).toBeNull();
    expect(requestToken(req({ upgrade: 'websocket' }, 'GET'), url('/api/call?token=t1'))).toBeNull();
    expect(requestToken(req({}, 'GET'), url('/events?token=t2'))).toBeNull();
  });
});
