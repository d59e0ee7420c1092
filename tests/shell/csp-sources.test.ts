/**
 * Every source in the Content-Security-Policy headers the studio pages get (the bridge's and the app://
 * protocol's) is a valid CSP 3 source expression: Chromium logs an error on every page load for one that
 * is not (ws://[::1]:<port> was: host sources cannot name an IPv6 literal).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerAppRequest } from '../../electron/main/app-assets';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { createStudio, type Studio } from '../../electron/services/studio';
import { contentSecurityPolicy } from '../../shared/contract/csp';
import { MEDIA_ORIGIN } from '../../shared/values';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-csp-');
let running: { bridge: Bridge; studio: Studio } | null = null;
afterEach(async () => {
  await running?.bridge.close();
  running?.studio.close();
  running = null;
});

// CSP 3 (https://www.w3.org/TR/CSP3/#framework-directive-source-list), written out from the grammar
const SCHEME = '[A-Za-z][A-Za-z0-9+.-]*';
const HOST = '(?:\\*|(?:\\*\\.)?[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*)';
const PORT = '(?::(?:[0-9]+|\\*))';
const PATH = "(?:/[^;,\\s']*)";
const KEYWORDS = ["'self'", "'unsafe-inline'", "'unsafe-eval'", "'strict-dynamic'", "'unsafe-hashes'", "'report-sample'", "'unsafe-allow-redirects'", "'wasm-unsafe-eval'", "'none'"];
const SOURCE = new RegExp(`^(?:${SCHEME}:|(?:${SCHEME}://)?${HOST}${PORT}?${PATH}?|'(?:nonce|sha256|sha384|sha512)-[A-Za-z0-9+/_=-]+')$`);

function invalidSources(policy: string): string[] {
  const invalid: string[] = [];
  for (const directive of policy.split(';').map((d) => d.trim()).filter(Boolean)) {
    const [name, ...sources] = directive.split(/\s+/);
    if (['sandbox', 'report-uri', 'report-to'].includes(name!)) continue;
    for (const source of sources) if (!KEYWORDS.includes(source) && !SOURCE.test(source)) invalid.push(`${name} ${source}`);
  }
  return invalid;
}

describe('CSP source expressions', () => {
  it('the checker itself refuses what Chromium refuses and accepts what it accepts', () => {
    expect(invalidSources("connect-src 'self' ws://127.0.0.1:5173 ws://localhost:* echoes-media://media blob: data:")).toEqual([]);
    expect(invalidSources("connect-src 'self' ws://[::1]:5173")).toEqual(['connect-src ws://[::1]:5173']);
    expect(invalidSources('img-src self')).toEqual([]);
  });

  it('the bridge page (the browser studio) gets no invalid source', async () => {
    const staticDir = tempDir();
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
    const studio = createStudio({ dataDir: tempDir(), transport: 'bridge', version: 'test' });
    const bridge = await startBridge({ studio, staticDir, token: 'secret-token' });
    running = { bridge, studio };
    const res = await fetch(`${bridge.url}/`);
    await res.text();
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
    expect(invalidSources(policy)).toEqual([]);
  });

  it('the app:// page gets no invalid source', async () => {
    const rendererDir = tempDir();
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    const res = await answerAppRequest(new Request('app://studio/index.html'), { rendererDir, csp: contentSecurityPolicy({ media: [MEDIA_ORIGIN], connect: [MEDIA_ORIGIN] }) });
    expect(invalidSources(res.headers.get('content-security-policy') ?? '')).toEqual([]);
  });
});
