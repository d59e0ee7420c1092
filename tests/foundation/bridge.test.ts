import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { createStudio, type Studio } from '../../electron/services/studio';
import { startTestBridge } from '../support/bridge';
import { rawRequest } from '../support/http';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir();
let running: { bridge: Bridge; studio: Studio } | null = null;

afterEach(async () => {
  await running?.bridge.close();
  running?.studio.close();
  running = null;
});

async function start() {
  running = await startTestBridge(tempDir, 'secret-token');
  return running.bridge;
}

function call(bridge: Bridge, method: string, body: unknown, headers: Record<string, string> = {}) {
  return rawRequest(`${bridge.url}/api/call/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer secret-token', ...headers },
    body: JSON.stringify(body),
  });
}

describe('bridge', () => {
  it('serves the renderer with a CSP header and answers calls with the token', async () => {
    const bridge = await start();
    const page = await rawRequest(`${bridge.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const created = await call(bridge, 'projects.create', { name: 'Via bridge' });
    expect(JSON.parse(created.body.toString())).toMatchObject({ ok: true, value: { name: 'Via bridge' } });
  });

  it('refuses calls without the right token', async () => {
    const bridge = await start();
    for (const headers of [{ Authorization: '' }, { Authorization: 'Bearer wrong' }]) {
      const res = await call(bridge, 'projects.list', {}, headers);
      expect(res.status).toBe(401);
    }
  });

  it('refuses foreign Origins and rebinding Host values', async () => {
    const bridge = await start();
    const foreign = await call(bridge, 'projects.create', { name: 'evil' }, { Origin: 'http://127.0.0.1:9999' });
    expect(foreign.status).toBe(403);
    const other = await call(bridge, 'projects.create', { name: 'evil' }, { Origin: 'https://evil.example' });
    expect(other.status).toBe(403);
    const crossSite = await call(bridge, 'projects.list', {}, { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const rebound = await call(bridge, 'projects.create', { name: 'evil' }, { Host: `evil.example:${bridge.port}` });
    expect(rebound.status).toBe(421);
    const otherPort = await rawRequest(`${bridge.url}/`, { headers: { Host: 'localhost:1' } });
    expect(otherPort.status).toBe(421);
    for (const host of [`localhost:${bridge.port}`, `127.0.0.1:${bridge.port}`]) {
      const ok = await call(bridge, 'projects.list', {}, { Host: host, Origin: `http://${host}` });
      expect(ok.status).toBe(200);
    }
    const list = await call(bridge, 'projects.list', {});
    expect(JSON.parse(list.body.toString()).value).toEqual([]);
  });

  it('answers bad bodies with clear errors', async () => {
    const bridge = await start();
    const notJson = await rawRequest(`${bridge.url}/api/call/projects.create`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer secret-token' },
      body: '{"name":',
    });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body.toString()).error.message).toMatch(/not valid JSON/);
    const huge = await call(bridge, 'projects.create', { name: 'x'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    const unknown = await call(bridge, 'constructor', {});
    expect(JSON.parse(unknown.body.toString()).error.code).toBe('UNKNOWN_METHOD');
  });

  it('does not serve files outside the renderer folder, whatever the raw request path', async () => {
    // The renderer folder sits inside a parent holding a secret: a traversal that works would read it.
    const parent = tempDir();
    const staticDir = join(parent, 'renderer');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("asset")');
    writeFileSync(join(parent, 'secret.txt'), 'TOP-SECRET');
    const studio = createStudio({ dataDir: tempDir(), transport: 'bridge', version: 'test' });
    const bridge = await startBridge({ studio, staticDir, token: 'secret-token' });
    running = { bridge, studio };

    // Sent byte for byte (http.request's `path` and a raw socket are not normalized the way URL objects are).
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/..%2fsecret.txt',
      '/..%2f..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '/%252e%252e/secret.txt',
      `/${'..%2f'.repeat(12)}etc/passwd`,
    ];
    for (const path of attempts) {
      for (const res of [await requestPath(bridge.port, path), await socketRequest(bridge.port, path)]) {
        expect(res.body, path).not.toContain('TOP-SECRET');
        expect(res.body, path).not.toContain('root:');
        // A path with an extension is a file request (404); one without falls back to the app page.
        if (path.endsWith('.txt')) expect(res.status, path).toBe(404);
        else expect(res, path).toMatchObject({ status: 200, body: expect.stringContaining('<title>studio</title>') });
      }
    }
    for (const path of ['/%zz', '/%E0%A4%A']) {
      const res = await socketRequest(bridge.port, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('TOP-SECRET');
    }

    // ... while the renderer's own files still load, by the same two routes.
    for (const res of [await requestPath(bridge.port, '/assets/app.js'), await socketRequest(bridge.port, '/assets/app.js')]) {
      expect(res.status).toBe(200);
      expect(res.body).toBe('console.log("asset")');
    }
    expect((await socketRequest(bridge.port, '/assets/%61pp.js')).body).toBe('console.log("asset")');
  });

  it('pushes events over the WebSocket only to token holders from our origin', async () => {
    const bridge = await start();
    const wsUrl = `ws://127.0.0.1:${bridge.port}/events`;
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${wsUrl}?token=wrong`);
      ws.on('error', (e) => resolve(e.message));
      ws.on('open', () => resolve('opened'));
    });
    expect(refused).toMatch(/403/);
    const foreign = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${wsUrl}?token=secret-token`, { origin: 'http://127.0.0.1:1234' });
      ws.on('error', (e) => resolve(e.message));
      ws.on('open', () => resolve('opened'));
    });
    expect(foreign).toMatch(/403/);

    const ws = new WebSocket(`${wsUrl}?token=secret-token`);
    await new Promise((resolve) => ws.on('open', resolve));
    const received = new Promise<unknown>((resolve) => ws.on('message', (data) => resolve(JSON.parse(String(data)))));
    await call(bridge, 'projects.create', { name: 'Evented' });
    expect(await received).toMatchObject({ type: 'projects.changed' });
    ws.close();
  });
});

/** A GET whose path goes on the wire exactly as given (no URL object in between). */
function requestPath(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The same over a bare TCP socket: the request line is written by hand. */
function socketRequest(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    });
    let raw = '';
    socket.setEncoding('utf8').on('data', (c: string) => (raw += c));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, body: rest.join('\r\n\r\n') });
    });
  });
}
