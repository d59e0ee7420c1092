import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerMediaProtocolRequest, toMediaRequest } from '../../electron/main/media-request';
import { createMediaStore } from '../../electron/services/media/media-store';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-media-protocol-');
const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

async function storeWithVideo() {
  const dir = tempDir();
  const store = createMediaStore(join(dir, 'media'));
  const id = await store.putBuffer(bytes, 'mp4');
  writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET');
  return { dir, store, id };
}

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => new Request(url, { method, headers });

describe('media protocol request mapping (toMediaRequest)', () => {
  it('reads the id, Range and If-None-Match of echoes-media://media/<id>', () => {
    expect(toMediaRequest(get('echoes-media://media/abc.mp4', { Range: 'bytes=0-9', 'If-None-Match': '"x"' }))).toEqual({
      method: 'GET',
      rawId: 'abc.mp4',
      range: 'bytes=0-9',
      ifNoneMatch: '"x"',
    });
  });

  it.each(['echoes-media://other/abc.mp4', 'app://studio/abc.mp4', 'https://media/abc.mp4'])('is not ours: %s', (url) => {
    expect(toMediaRequest(get(url))).toBeNull();
  });

  it('keeps the id percent-encoded for the media core to judge', () => {
    expect(toMediaRequest(get('echoes-media://media/..%2f..%2fsecret.txt'))?.rawId).toBe('..%2f..%2fsecret.txt');
  });
});

describe('media protocol responses (answerMediaProtocolRequest)', () => {
  it('answers a whole file with 200 and Accept-Ranges', async () => {
    const { store, id } = await storeWithVideo();
    const res = await answerMediaProtocolRequest(store, get(`echoes-media://media/${id}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=900-', 900, 999],
    ['bytes=-10', 990, 999],
    ['bytes=500-5000', 500, 999],
  ])('answers Range %s with 206, Content-Range and exactly those bytes', async (range, start, end) => {
    const { store, id } = await storeWithVideo();
    const res = await answerMediaProtocolRequest(store, get(`echoes-media://media/${id}`, { Range: range }));
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes.subarray(start, end + 1));
  });

  it('answers a range past the end with 416 and the size', async () => {
    const { store, id } = await storeWithVideo();
    const res = await answerMediaProtocolRequest(store, get(`echoes-media://media/${id}`, { Range: 'bytes=1000-' }));
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */1000');
  });

  it('answers a matching If-None-Match with 304 and HEAD without a body', async () => {
    const { store, id } = await storeWithVideo();
    const first = await answerMediaProtocolRequest(store, get(`echoes-media://media/${id}`));
    await first.body?.cancel();
    const etag = first.headers.get('etag') ?? '';
    expect((await answerMediaProtocolRequest(store, get(`echoes-media://media/${id}`, { 'If-None-Match': etag }))).status).toBe(304);
    const head = await answerMediaProtocolRequest(store, get(`echoes-media://media/${id}`, {}, 'HEAD'));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it.each([
    'echoes-media://media/..%2f..%2fsecret.txt',
    'echoes-media://media/%2e%2e%2fsecret.txt',
    'echoes-media://media/..%5csecret.txt',
    'echoes-media://media/../secret.txt',
    'echoes-media://media/secret.txt',
    'echoes-media://media/%E0%A4%A',
    'echoes-media://media/a/b',
    'echoes-media://other/secret.txt',
  ])('refuses %s without reading outside the store', async (url) => {
    const { store } = await storeWithVideo();
    const res = await answerMediaProtocolRequest(store, get(url));
    expect([400, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('TOP-SECRET');
  });

  it('refuses a symlink planted under a media id', async () => {
    const { dir, store } = await storeWithVideo();
    const fake = `${'a'.repeat(64)}.mp4`;
    symlinkSync(join(dir, 'secret.txt'), join(store.root, fake));
    const res = await answerMediaProtocolRequest(store, get(`echoes-media://media/${fake}`));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('TOP-SECRET');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const { store, id } = await storeWithVideo();
    const res = await answerMediaProtocolRequest(store, new Request(`echoes-media://media/${id}`, { method: 'DELETE' }));
    expect(res.status).toBe(405);
  });

  it('answers a URL that is not a media URL with a plain-text 404', async () => {
    const { store } = await storeWithVideo();
    for (const url of ['echoes-media://other/x.mp4', 'app://studio/x.mp4', 'not a url']) {
      const res = await answerMediaProtocolRequest(store, { url, method: 'GET', headers: new Headers() });
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-type'), url).toBe('text/plain; charset=utf-8');
      expect(await res.text(), url).toBe('Not found');
    }
  });
});
