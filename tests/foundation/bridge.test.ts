import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { createStudio, type Studio } from '../../electron/services/studio';
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
  const staticDir = tempDir();
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  const studio = createStudio({ dataDir: tempDir(), transport: 'bridge', version: 'test' });
  const bridge = await startBridge({ studio, staticDir, token: 'secret-token' });
  running = { bridge, studio };
  return bridge;
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

  it('does not serve files outside the renderer folder', async () => {
    const bridge = await start();
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/../../secret.js']) {
      const res = await rawRequest(`${bridge.url}${path}`);
      expect(res.body.toString()).not.toContain('root:');
      expect([200, 404]).toContain(res.status);
      if (res.status === 200) expect(res.body.toString()).toContain('<title>studio</title>');
    }
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
