import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerAppRequest, resolveAppAsset } from '../../electron/main/app-assets';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-app-protocol-');

/** dist/renderer with an asset, inside a folder that also holds a secret a traversal would reach. */
function builtRenderer() {
  const parent = tempDir();
  const rendererDir = path.join(parent, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>studio</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(path.join(parent, 'secret.txt'), 'TOP-SECRET');
  return { parent, rendererDir };
}

const TRAVERSALS = [
  'app://studio/..%2fsecret.txt',
  'app://studio/..%2f..%2fsecret.txt',
  'app://studio/assets/..%2f..%2fsecret.txt',
  'app://studio/%2e%2e%2fsecret.txt',
  'app://studio/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
  'app://studio/..%5csecret.txt',
  'app://studio/assets/..%5c..%5csecret.txt',
  'app://studio/../secret.txt',
];

describe('app:// path guard (resolveAppAsset)', () => {
  it('maps files of the built renderer, and routes without an extension to index.html', () => {
    const { rendererDir } = builtRenderer();
    expect(resolveAppAsset(rendererDir, 'app://studio/assets/app.js')).toBe(path.join(rendererDir, 'assets', 'app.js'));
    expect(resolveAppAsset(rendererDir, 'app://studio/assets/%61pp.js')).toBe(path.join(rendererDir, 'assets', 'app.js'));
    expect(resolveAppAsset(rendererDir, 'app://studio/')).toBe(path.join(rendererDir, 'index.html'));
    expect(resolveAppAsset(rendererDir, 'app://studio/projects/42')).toBe(path.join(rendererDir, 'index.html'));
  });

  it.each(TRAVERSALS)('never leaves the renderer folder for %s', (url) => {
    const { rendererDir } = builtRenderer();
    const file = resolveAppAsset(rendererDir, url);
    if (file !== null) expect(file.startsWith(rendererDir + path.sep), file).toBe(true);
  });

  it.each(['app://evil/index.html', 'https://studio/index.html', 'file:///etc/passwd', 'app://studio/%E0%A4%A', 'app://studio/index.html%00.js', '', 'garbage'])(
    'refuses %j',
    (url) => {
      expect(resolveAppAsset('/srv/renderer', url)).toBeNull();
    },
  );

  it('applies Windows path rules: backslashes and drive letters cannot escape', () => {
    const root = 'C:\\Program Files\\Echoes\\renderer';
    for (const url of ['app://studio/..%5c..%5csecret.txt', 'app://studio/assets%5c..%5c..%5csecret.txt', 'app://studio/C:%5cWindows%5cwin.ini', 'app://studio/%5c%5cserver%5cshare%5cx.js']) {
      const file = resolveAppAsset(root, url, path.win32);
      if (file !== null) expect(file.startsWith(`${root}\\`), `${url} -> ${file}`).toBe(true);
    }
    expect(resolveAppAsset(root, 'app://studio/assets/app.js', path.win32)).toBe(`${root}\\assets\\app.js`);
  });
});

describe('app:// responses (answerAppRequest)', () => {
  const csp = "default-src 'none'; script-src 'self'";

  it('serves an asset with its type, the CSP header and nosniff', async () => {
    const { rendererDir } = builtRenderer();
    const res = await answerAppRequest(new Request('app://studio/assets/app.js'), { rendererDir, csp });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(csp);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('console.log("app")');
    const page = await answerAppRequest(new Request('app://studio/projects'), { rendererDir, csp });
    expect(await page.text()).toContain('<title>studio</title>');
  });

  it.each(TRAVERSALS)('does not hand out the secret next to the renderer for %s', async (url) => {
    const { rendererDir } = builtRenderer();
    const res = await answerAppRequest(new Request(url), { rendererDir, csp });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('TOP-SECRET');
  });

  it('answers 404 for missing files and other hosts, 405 for other methods', async () => {
    const { rendererDir } = builtRenderer();
    expect((await answerAppRequest(new Request('app://studio/assets/missing.js'), { rendererDir, csp })).status).toBe(404);
    expect((await answerAppRequest(new Request('app://other/index.html'), { rendererDir, csp })).status).toBe(404);
    expect((await answerAppRequest(new Request('app://studio/index.html', { method: 'POST', body: 'x' }), { rendererDir, csp })).status).toBe(405);
  });

  it('answers HEAD with the headers and no body, and refuses other methods with Allow', async () => {
    const { rendererDir } = builtRenderer();
    const head = await answerAppRequest(new Request('app://studio/assets/app.js', { method: 'HEAD' }), { rendererDir, csp });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(head.headers.get('content-security-policy')).toBe(csp);
    expect(await head.text()).toBe('');
    for (const method of ['PUT', 'DELETE', 'OPTIONS']) {
      const res = await answerAppRequest(new Request('app://studio/assets/app.js', { method }), { rendererDir, csp });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow'), method).toBe('GET, HEAD');
      expect(await res.text(), method).toBe('Method not allowed');
    }
  });

  it('says Not found for what it will not serve, and serves a file of an unlisted type as bytes', async () => {
    const { rendererDir } = builtRenderer();
    for (const url of ['app://studio/assets/missing.js', 'app://other/index.html', 'app://studio/..%2fsecret.txt']) {
      const res = await answerAppRequest(new Request(url), { rendererDir, csp });
      expect(await res.text(), url).toBe('Not found');
    }
    writeFileSync(path.join(rendererDir, 'assets', 'model.bin'), Buffer.from([1, 2, 3]));
    const bin = await answerAppRequest(new Request('app://studio/assets/model.bin'), { rendererDir, csp });
    expect(bin.headers.get('content-type')).toBe('application/octet-stream');
    expect([...new Uint8Array(await bin.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('a folder named like a file is not found, not an error', async () => {
    const { rendererDir } = builtRenderer();
    mkdirSync(path.join(rendererDir, 'assets', 'dir.js'));
    expect((await answerAppRequest(new Request('app://studio/assets/dir.js'), { rendererDir, csp })).status).toBe(404);
  });
});
