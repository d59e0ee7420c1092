// Auto-update against a local static host serving the feed (latest-linux.yml / beta-linux.yml,
// as electron-builder's generic publish writes them) and the payload, with Range support, and the
// install step of the Electron shell (electron/main/auto-update.ts) running on the Electron
// stand-in of the shell tests: no update; an update downloaded, then installed on restart; a
// download cut halfway and resumed; a tampered payload refused; an older version refused; no
// restart offered while an export runs; release notes once after the update.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { compareVersions, parseFeed } from '../../electron/services/update/feed';
import { createUpdater, UpdateBusyError, type UpdaterOptions } from '../../electron/services/update/updater';
import { useTempDir } from '../support/temp-dir';

const standIn = await vi.hoisted(async () => {
  const { createElectronStandIn } = await import('../support/electron-standin/standin');
  return createElectronStandIn({ paths: { userData: '/nonexistent/userData', logs: '/nonexistent/logs' }, platform: 'linux' });
});
vi.mock('electron', () => standIn.electron);
const { desktopInstaller } = await import('../../electron/main/auto-update');

const payload = randomBytes(3 * 1024 * 1024);
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');
const feed = (version: string, file: string, hash = sha512(payload), notes = `What is new in ${version}`) =>
  `version: ${version}\nfiles:\n  - url: ${file}\n    sha512: ${hash}\n    size: ${payload.length}\npath: ${file}\nsha512: ${hash}\nreleaseDate: '2026-12-01T10:00:00.000Z'\nreleaseNotes: ${JSON.stringify(notes)}\n`;

interface Host {
  files: Map<string, Buffer>;
  requests: Array<{ path: string; range: string | null; status: number }>;
  /** the next full download of this path stops after this many bytes (the connection is dropped) */
  cutAfter: Map<string, number>;
}

function startHost(): Promise<{ server: Server; url: string; host: Host }> {
  const host: Host = { files: new Map(), requests: [], cutAfter: new Map() };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname.slice(1));
    const body = host.files.get(path);
    const range = req.headers.range ?? null;
    const log = (status: number) => host.requests.push({ path, range, status });
    if (!body) return log(404), res.writeHead(404).end();
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    const m = /^bytes=(\d+)-$/.exec(range ?? '');
    if (m && (!req.headers['if-range'] || req.headers['if-range'] === etag)) {
      const start = Number(m[1]);
      if (start >= body.length) return log(416), res.writeHead(416).end();
      log(206);
      res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, etag });
      return res.end(body.subarray(start));
    }
    log(200);
    res.writeHead(200, { 'content-length': body.length, etag, 'accept-ranges': 'bytes' });
    const cut = host.cutAfter.get(path);
    if (cut !== undefined) {
      host.cutAfter.delete(path);
      res.write(body.subarray(0, cut), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/releases`, host })));
}

describe('auto-update', () => {
  let server: Server;
  let url: string;
  let host: Host;
  const tempDir = useTempDir('echoes-update-');
  let dir: string;
  let appImage: string;
  let busy: string | null;

  beforeAll(async () => {
    ({ server, url, host } = await startHost());
  });
  afterAll(() => server.close());
  beforeEach(() => {
    host.files.clear();
    host.requests.length = 0;
    standIn.log.length = 0;
    dir = tempDir();
    appImage = join(dir, 'Echoes-Studio.AppImage');
    writeFileSync(appImage, 'the running version');
    busy = null;
  });

  const options = (over: Partial<UpdaterOptions> = {}): UpdaterOptions => ({
    feedUrl: url,
    currentVersion: '1.0.0',
    platform: 'linux',
    dir: join(dir, 'updates'),
    channel: () => 'stable',
    busy: () => busy,
    install: desktopInstaller('linux', { APPIMAGE: appImage }),
    ...over,
  });
  const updater = (over: Partial<UpdaterOptions> = {}) => createUpdater(options(over));
  const installed = () => standIn.log.filter((e) => e === 'app.relaunch' || e === 'app.quit');

  it('no update: the feed names the running version; nothing is downloaded or offered', async () => {
    host.files.set('releases/latest-linux.yml', Buffer.from(feed('1.0.0', 'Echoes-Studio-1.0.0.AppImage')));
    const status = await updater().check();
    expect(status).toMatchObject({ phase: 'up-to-date', version: null, canRestart: false });
    expect(host.requests.map((r) => r.path)).toEqual(['releases/latest-linux.yml']);
    expect(() => updater().restartToUpdate()).toThrow(UpdateBusyError);
    expect(installed()).toEqual([]);
  });

  it('an update is downloaded in the background, then installed on restart (the install call made), with its notes shown once after', async () => {
    host.files.set('releases/latest-linux.yml', Buffer.from(feed('1.1.0', 'Echoes-Studio-1.1.0.AppImage')));
    host.files.set('releases/Echoes-Studio-1.1.0.AppImage', payload);
    const phases: string[] = [];
    const status = await updater({ onChange: (s) => phases.push(s.phase) }).check();
    expect(phases).toEqual(['checking', 'downloading', 'ready']);
    expect(status).toMatchObject({ phase: 'ready', version: '1.1.0', releaseNotes: 'What is new in 1.1.0', canRestart: true, blockedBy: null });
    expect(readFileSync(join(dir, 'updates', 'Echoes-Studio-1.1.0.AppImage')).equals(payload)).toBe(true);

    // the next run of the same version finds the download and offers it without fetching it again
    const again = updater();
    expect((await again.check()).phase).toBe('ready');
    expect(host.requests.filter((r) => r.path.endsWith('.AppImage'))).toHaveLength(1);

    again.restartToUpdate();
    expect(installed()).toEqual(['app.relaunch', 'app.quit']);
    expect(readFileSync(appImage).equals(payload)).toBe(true);
    expect(statSync(appImage).mode & 0o111).not.toBe(0);

    // the new version starts: its release notes once, and the download is cleaned away
    const after = updater({ currentVersion: '1.1.0' });
    expect(await after.justUpdated()).toEqual({ version: '1.1.0', releaseNotes: 'What is new in 1.1.0' });
    expect(await after.justUpdated()).toBeNull();
    expect(readdirSync(join(dir, 'updates'))).toEqual([]);
  });

  it('a download cut halfway is resumed from where it stopped (Range), then verified', async () => {
    host.files.set('releases/latest-linux.yml', Buffer.from(feed('1.1.0', 'Echoes-Studio-1.1.0.AppImage')));
    host.files.set('releases/Echoes-Studio-1.1.0.AppImage', payload);
    const half = Math.floor(payload.length / 2);
    host.cutAfter.set('releases/Echoes-Studio-1.1.0.AppImage', half);
    const u = updater();
    const first = await u.check();
    expect(first.phase).toBe('error');
    const partial = join(dir, 'updates', 'Echoes-Studio-1.1.0.AppImage.partial');
    // what arrived before the connection dropped (up to the half the host sent) is kept
    const kept = statSync(partial).size;
    expect(kept).toBeGreaterThan(half / 2);
    expect(kept).toBeLessThanOrEqual(half);

    const second = await u.check();
    expect(second).toMatchObject({ phase: 'ready', version: '1.1.0', canRestart: true });
    const downloads = host.requests.filter((r) => r.path.endsWith('.AppImage'));
    expect(downloads).toEqual([
      { path: 'releases/Echoes-Studio-1.1.0.AppImage', range: null, status: 200 },
      { path: 'releases/Echoes-Studio-1.1.0.AppImage', range: `bytes=${kept}-`, status: 206 },
    ]);
    expect(readFileSync(join(dir, 'updates', 'Echoes-Studio-1.1.0.AppImage')).equals(payload)).toBe(true);
    expect(existsSync(partial)).toBe(false);
  });

  it('a tampered payload (sha512 not the feed one) is refused and deleted; nothing is offered', async () => {
    const tampered = Buffer.from(payload);
    tampered[1000] = tampered[1000]! ^ 0xff;
    host.files.set('releases/latest-linux.yml', Buffer.from(feed('1.1.0', 'Echoes-Studio-1.1.0.AppImage')));
    host.files.set('releases/Echoes-Studio-1.1.0.AppImage', tampered);
    const u = updater();
    const status = await u.check();
    expect(status).toMatchObject({ phase: 'error', canRestart: false });
    expect(status.message).toMatch(/does not match the checksum/);
    expect(readdirSync(join(dir, 'updates'))).toEqual([]);
    expect(() => u.restartToUpdate()).toThrow(UpdateBusyError);
    expect(installed()).toEqual([]);
    expect(readFileSync(appImage, 'utf8')).toBe('the running version');
  });

  it('an older version is refused (no downgrade), on the beta channel too', async () => {
    host.files.set('releases/latest-linux.yml', Buffer.from(feed('0.9.0', 'Echoes-Studio-0.9.0.AppImage')));
    host.files.set('releases/beta-linux.yml', Buffer.from(feed('1.0.0-beta.3', 'Echoes-Studio-1.0.0-beta.3.AppImage')));
    host.files.set('releases/Echoes-Studio-0.9.0.AppImage', payload);
    host.files.set('releases/Echoes-Studio-1.0.0-beta.3.AppImage', payload);
    expect(await updater().check()).toMatchObject({ phase: 'up-to-date', version: null });
    expect(await updater({ channel: () => 'beta' }).check()).toMatchObject({ phase: 'up-to-date', channel: 'beta' });
    expect(host.requests.map((r) => r.path)).toEqual(['releases/latest-linux.yml', 'releases/beta-linux.yml']);
  });

  it('the beta channel reads beta-linux.yml and takes a newer prerelease', async () => {
    host.files.set('releases/beta-linux.yml', Buffer.from(feed('1.1.0-beta.1', 'Echoes-Studio-1.1.0-beta.1.AppImage')));
    host.files.set('releases/Echoes-Studio-1.1.0-beta.1.AppImage', payload);
    expect(await updater({ channel: () => 'beta' }).check()).toMatchObject({ phase: 'ready', version: '1.1.0-beta.1', channel: 'beta' });
  });

  it('no restart is offered while an export runs; it is once the export has finished', async () => {
    host.files.set('releases/latest-linux.yml', Buffer.from(feed('1.1.0', 'Echoes-Studio-1.1.0.AppImage')));
    host.files.set('releases/Echoes-Studio-1.1.0.AppImage', payload);
    busy = 'an export is running';
    const u = updater();
    expect(await u.check()).toMatchObject({ phase: 'ready', canRestart: false, blockedBy: 'an export is running' });
    expect(() => u.restartToUpdate()).toThrow(/an export is running/);
    expect(installed()).toEqual([]);
    busy = null;
    expect(u.status()).toMatchObject({ canRestart: true, blockedBy: null });
    u.restartToUpdate();
    expect(installed()).toEqual(['app.relaunch', 'app.quit']);
  });
});

describe('feed and versions', () => {
  it('parses electron-builder latest.yml (base64 sha512) and refuses a malformed one', () => {
    const text = feed('2.0.0', 'Echoes Studio Setup 2.0.0.exe');
    expect(parseFeed(text)).toMatchObject({ version: '2.0.0', files: [{ url: 'Echoes Studio Setup 2.0.0.exe', size: payload.length }], releaseNotes: 'What is new in 2.0.0' });
    expect(() => parseFeed(feed('2.0.0', 'x.exe', 'abc'))).toThrow();
    expect(() => parseFeed('version: latest\nfiles: []')).toThrow();
  });

  it('orders versions as semver does, prereleases before their release', () => {
    const sorted = ['1.0.0', '1.0.0-beta.10', '0.9.9', '1.0.0-beta.2', '1.0.1', '1.0.0-alpha'].sort(compareVersions);
    expect(sorted).toEqual(['0.9.9', '1.0.0-alpha', '1.0.0-beta.2', '1.0.0-beta.10', '1.0.0', '1.0.1']);
  });
});
