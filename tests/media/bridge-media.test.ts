import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Clip, ImportBatchResult, StudioEvent } from '../../shared/contract';
import { mediaRoutes } from '../../electron/bridge/media-routes';
import { startBridge, type Bridge, type BridgeRoute } from '../../electron/bridge/server';
import { createStudio, type Studio } from '../../electron/services/studio';
import { buildMediaUrl } from '../../renderer/src/transport/media-url';
import { uploadFiles, uploadMusic } from '../../renderer/src/transport/upload';
import { makeTestAudio } from '../support/ffmpeg-fixtures';
import { rawRequest } from '../support/http';
import { useTempDir } from '../support/temp-dir';
import { plainJpeg, rotatedJpeg, textFile } from './fixtures';

const TOKEN = 'media-token';
const tempDir = useTempDir('echoes-bridge-media-');
let running: { bridge: Bridge; studio: Studio } | null = null;

afterEach(async () => {
  await running?.bridge.close();
  running?.studio.close();
  running = null;
});

async function start(routes?: (studio: Studio) => BridgeRoute[]) {
  const staticDir = tempDir();
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
  const dataDir = tempDir();
  const studio = createStudio({ dataDir, transport: 'bridge', version: 'test' });
  const bridge = await startBridge({ studio, staticDir, token: TOKEN, ...(routes ? { routes: routes(studio) } : {}) });
  running = { bridge, studio };
  const project = studio.handlers['projects.create']({ name: 'Bridge' }) as { id: string };
  return { bridge, studio, dataDir, projectId: project.id };
}

function upload(bridge: Bridge, query: Record<string, string>, body: Buffer | string, headers: Record<string, string> = {}) {
  return rawRequest(`${bridge.url}/api/upload?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream', ...headers },
    body,
  });
}

const json = (body: Buffer) => JSON.parse(body.toString('utf8'));

describe('bridge media routes', () => {
  it('uploads a photo into a clip and serves its media with Range', async () => {
    const { bridge, studio, projectId } = await start();
    const photo = readFileSync(await rotatedJpeg(tempDir(), 'IMG_0001.jpg'));
    const res = await upload(bridge, { projectId, name: 'IMG_0001.jpg' }, photo);
    expect(res.status).toBe(200);
    const batch = json(res.body) as { ok: true; value: ImportBatchResult };
    expect(batch.value.results[0]).toMatchObject({ ok: true, file: 'IMG_0001.jpg', clip: { width: 64, height: 128, sourceName: 'IMG_0001.jpg' } });
    const clip = (batch.value.results[0] as { clip: Clip }).clip;
    expect(await studio.handlers['clips.list']({ projectId })).toEqual([clip]);

    const id = clip.workingMediaId!;
    const bytes = readFileSync(studio.media.store.path(id));
    const size = bytes.length;
    const url = `${bridge.url}${buildMediaUrl(id, { kind: 'bridge', token: TOKEN })}`;

    const full = await rawRequest(url);
    expect(full.status).toBe(200);
    expect(full.headers).toMatchObject({ 'content-type': 'image/jpeg', 'accept-ranges': 'bytes', 'content-length': String(size) });
    expect(full.body.equals(bytes)).toBe(true);

    const first = await rawRequest(url, { headers: { Range: 'bytes=0-99' } });
    expect(first.status).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-99/${size}`);
    expect(first.headers['content-length']).toBe('100');
    expect(first.body.equals(bytes.subarray(0, 100))).toBe(true);

    const openEnded = await rawRequest(url, { headers: { Range: 'bytes=100-' } });
    expect(openEnded.status).toBe(206);
    expect(openEnded.headers['content-range']).toBe(`bytes 100-${size - 1}/${size}`);
    expect(openEnded.body.equals(bytes.subarray(100))).toBe(true);

    const suffix = await rawRequest(url, { headers: { Range: 'bytes=-50' } });
    expect(suffix.status).toBe(206);
    expect(suffix.headers['content-range']).toBe(`bytes ${size - 50}-${size - 1}/${size}`);
    expect(suffix.body.equals(bytes.subarray(size - 50))).toBe(true);

    const beyond = await rawRequest(url, { headers: { Range: `bytes=${size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${size}`);
    expect(beyond.body.length).toBe(0);

    const head = await rawRequest(url, { method: 'HEAD' });
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, String(size), 0]);
    const cached = await rawRequest(url, { headers: { 'If-None-Match': full.headers.etag as string } });
    expect(cached.status).toBe(304);
    const thumb = await rawRequest(`${bridge.url}${buildMediaUrl(clip.thumbMediaId!, { kind: 'bridge', token: TOKEN })}`);
    expect([thumb.status, thumb.headers['content-type']]).toEqual([200, 'image/webp']);

    const noToken = await rawRequest(`${bridge.url}/media/${id}`);
    expect(noToken.status).toBe(401);
    const crossSite = await rawRequest(url, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
  });

  it('refuses anything that is not a media-store id: traversal, absolute paths, symlinks, unknown ids', async () => {
    const { bridge, studio, dataDir } = await start();
    writeFileSync(join(dataDir, 'secret.txt'), 'TOP SECRET');
    const linked = `${'d'.repeat(64)}.jpg`;
    symlinkSync(join(dataDir, 'secret.txt'), join(studio.media.store.root, linked));
    const attempts: Array<[string, number]> = [
      ['..%2Fstudio.db', 400],
      ['..%2F..%2F..%2F..%2Fetc%2Fpasswd', 400],
      ['%2Fetc%2Fpasswd', 400],
      ['..%5Cstudio.db', 400],
      ['%2e%2e%2fsecret.txt', 400],
      ['.tmp', 400],
      [`${'e'.repeat(64)}.jpg%00.txt`, 400],
      [`${'e'.repeat(64)}.jpg/..%2F..%2Fsecret.txt`, 400],
      [linked, 404],
      [`${'f'.repeat(64)}.jpg`, 404],
      ['%E0%A4%A', 400],
    ];
    for (const [path, status] of attempts) {
      const res = await rawRequest(`${bridge.url}/media/${path}?token=${TOKEN}`);
      expect([path, res.status]).toEqual([path, status]);
      expect(res.body.toString()).not.toMatch(/TOP SECRET|SQLite|root:/);
    }
    // A path the URL parser normalises never reaches the media route, and the static route keeps to its folder.
    for (const path of ['/media/../secret.txt', '/media/%2e%2e/secret.txt', '/media/../../etc/passwd']) {
      const res = await rawRequest(`${bridge.url}${path}?token=${TOKEN}`);
      expect(res.body.toString()).not.toMatch(/TOP SECRET|SQLite|root:/);
    }
    const post = await rawRequest(`${bridge.url}/media/${'f'.repeat(64)}.jpg`, { method: 'POST', body: 'x', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(post.status).toBe(405);
  });

  it('answers bad uploads clearly and never adds a clip for them', async () => {
    const { bridge, studio, projectId } = await start((s) => mediaRoutes(s, { maxUploadBytes: 4096 }));
    const text = await upload(bridge, { projectId, name: 'notes.jpg' }, readFileSync(textFile(tempDir())));
    expect(text.status).toBe(200);
    expect(json(text.body).value.results).toEqual([
      { index: 0, file: 'notes.jpg', ok: false, error: { code: 'NOT_AN_IMAGE', message: 'notes.jpg: not an image: it is a text file, whatever its name says' } },
    ]);

    // Streamed (chunked) past the limit, then declared past it.
    const big = Buffer.alloc(10_000, 1);
    const streamed = await upload(bridge, { projectId, name: 'big.jpg' }, big);
    expect(streamed.status).toBe(413);
    expect(json(streamed.body).error.message).toBe('big.jpg: the file is too large (9.8 kB; the limit is 4.0 kB)');
    const declared = await upload(bridge, { projectId, name: 'big.jpg' }, big, { 'Content-Length': String(big.length) });
    expect(declared.status).toBe(413);

    const unknown = await upload(bridge, { projectId: '00000000-0000-4000-8000-000000000000', name: 'a.jpg' }, 'x');
    expect([unknown.status, json(unknown.body).error.code]).toEqual([404, 'NOT_FOUND']);
    const badQuery = await upload(bridge, { projectId: 'nope' }, 'x');
    expect(badQuery.status).toBe(400);
    expect(json(badQuery.body).error.message).toMatch(/projectId: must be a project id; name: /);
    const noToken = await rawRequest(`${bridge.url}/api/upload?projectId=${projectId}&name=a.jpg`, { method: 'POST', body: 'x' });
    expect(noToken.status).toBe(401);
    const get = await rawRequest(`${bridge.url}/api/upload?projectId=${projectId}&name=a.jpg`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(get.status).toBe(405);

    expect(await studio.handlers['clips.list']({ projectId })).toEqual([]);
    expect(readdirSync(join(studio.media.store.root, '.tmp'))).toEqual([]);
  });

  it("imports File objects with the renderer's uploader, in order, with progress over the WebSocket", async () => {
    const { bridge, studio, projectId } = await start();
    const dir = tempDir();
    const files = [
      new File([readFileSync(await plainJpeg(dir, 'a.jpg', { r: 200, g: 10, b: 10 }))], 'a.jpg', { type: 'image/jpeg' }),
      new File([Buffer.alloc(0)], 'empty.png'),
      new File([readFileSync(await plainJpeg(dir, 'b.jpg', { r: 10, g: 10, b: 200 }))], 'b.jpg', { type: 'image/jpeg' }),
    ];
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/events?token=${TOKEN}`);
    await new Promise((resolve) => ws.on('open', resolve));
    const events: StudioEvent[] = [];
    ws.on('message', (data) => events.push(JSON.parse(String(data)) as StudioEvent));

    const seen: string[] = [];
    const results = await uploadFiles(projectId, files, { token: TOKEN, baseUrl: bridge.url, onResult: (r) => seen.push(r.file) });
    expect(seen).toEqual(['a.jpg', 'empty.png', 'b.jpg']);
    expect(results.map((r) => [r.index, r.file, r.ok])).toEqual([
      [0, 'a.jpg', true],
      [1, 'empty.png', false],
      [2, 'b.jpg', true],
    ]);
    expect(results[1]).toMatchObject({ error: { code: 'EMPTY', message: 'empty.png: the file is empty (0 bytes)' } });
    expect((await studio.handlers['clips.list']({ projectId })).map((c) => c.sourceName)).toEqual(['a.jpg', 'b.jpg']);

    const wrongToken = await uploadFiles(projectId, files.slice(0, 1), { token: 'wrong', baseUrl: bridge.url });
    expect(wrongToken[0]).toMatchObject({ ok: false, error: { code: 'FAILED', message: 'a.jpg: Missing or wrong bridge token' } });

    await new Promise((resolve) => setTimeout(resolve, 50));
    ws.close();
    const progress = events.filter((e) => e.type === 'import.progress').map((e) => e.payload as { file: string; status: string });
    expect(progress.filter((p) => p.status !== 'importing').map((p) => [p.file, p.status])).toEqual([
      ['a.jpg', 'imported'],
      ['empty.png', 'failed'],
      ['b.jpg', 'imported'],
    ]);
  });

  it("stores the creator's own music file uploaded from a browser, and refuses what is not audio", async () => {
    const { bridge, studio } = await start();
    const dir = tempDir();
    const song = await makeTestAudio(join(dir, 'song.m4a'), { durationS: 1.5, kind: 'music' });
    const file = (name: string, bytes: Buffer) => new File([new Uint8Array(bytes)], name);
    const stored = await uploadMusic(file('Our Song.m4a', readFileSync(song)), { token: TOKEN, baseUrl: bridge.url });
    expect(stored).toMatchObject({ name: 'Our Song.m4a' });
    expect(stored.durationS).toBeCloseTo(1.5, 1);
    expect(readFileSync(studio.media.store.path(stored.mediaId)).equals(readFileSync(song))).toBe(true);
    const served = await rawRequest(`${bridge.url}${buildMediaUrl(stored.mediaId, { kind: 'bridge', token: TOKEN })}`, { headers: { Range: 'bytes=0-9' } });
    expect(served.status).toBe(206);

    await expect(uploadMusic(file('notes.txt', Buffer.from('la la la')), { token: TOKEN, baseUrl: bridge.url })).rejects.toThrow(/^notes\.txt: choose an audio file/);
    await expect(uploadMusic(file('fake.mp3', Buffer.from('not really audio')), { token: TOKEN, baseUrl: bridge.url })).rejects.toThrow('fake.mp3: not an audio file: it is a text file, whatever its name says');
    await expect(uploadMusic(file('song.m4a', readFileSync(song)), { token: 'wrong', baseUrl: bridge.url })).rejects.toThrow(/bridge token/);
    const get = await rawRequest(`${bridge.url}/api/upload-music?name=x.mp3`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(get.status).toBe(405);
    // nothing of the refused uploads stays behind in the store's temp folder
    expect(readdirSync(join(studio.media.store.root, '.tmp'))).toEqual([]);
  });
});
