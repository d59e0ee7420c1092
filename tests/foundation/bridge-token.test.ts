// Issue 23, fault 5: the bridge token travels in a URL only where a browser cannot send a header,
// media is not kept in the browser's cache across runs, and `npm run studio` never prints it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTestBridge } from '../support/bridge';
import { rawRequest } from '../support/http';
import { useTempDir } from '../support/temp-dir';

const TOKEN = 'query-token-test';
const tempDir = useTempDir('echoes-bridge-token-');
const start = useTestBridge(tempDir, TOKEN);

describe('the bridge token', () => {
  it('is taken from the query string only by media and the event socket', async () => {
    const { bridge, studio } = await start();
    const callWithQuery = await rawRequest(`${bridge.url}/api/call/projects.list?token=${TOKEN}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(callWithQuery.status).toBe(401);
    const uploadWithQuery = await rawRequest(`${bridge.url}/api/upload-music?name=a.mp3&token=${TOKEN}`, { method: 'POST', body: 'x' });
    expect(uploadWithQuery.status).toBe(401);
    const withHeader = await rawRequest(`${bridge.url}/api/call/projects.list`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` }, body: '{}' });
    expect(withHeader.status).toBe(200);

    const { mediaId } = await studio.handlers['music.preview']({ trackId: 'drift' });
    const media = await rawRequest(`${bridge.url}/media/${mediaId}?token=${TOKEN}`, { headers: { Range: 'bytes=0-9' } });
    expect(media.status).toBe(206);
    // Not kept across runs: the URL holds this run's token.
    expect(media.headers['cache-control']).toBe('no-store');

    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/events?token=${TOKEN}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.close();
  });

  it('opens the app through a link that works once', async () => {
    const { bridge } = await start();
    const link = bridge.oneTimeLink();
    expect(link).not.toContain(TOKEN);
    const first = await rawRequest(link);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe(`/#token=${TOKEN}`);
    const again = await rawRequest(link);
    expect(again.status).toBe(410);
    expect(again.body.toString()).not.toContain(TOKEN);
  });

  it('`npm run studio` prints the one-time link, never the token', { timeout: 60_000 }, async () => {
    const entry = fileURLToPath(new URL('../../electron/bridge/start.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', entry, '--data-dir', tempDir(), '--static-dir', tempDir(), '--token', TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    const printed = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('Data folder:')) resolve(out);
      });
      child.on('close', () => reject(new Error(`studio exited early: ${out}`)));
    });
    child.kill('SIGTERM');
    await exited;
    expect(printed).not.toContain(TOKEN);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/open\/[\w-]+)/.exec(printed)?.[1];
    expect(link, printed).toBeDefined();
  });
});
