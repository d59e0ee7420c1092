// The cloud library (issue 22) through the real studio and supabase-js against the Supabase
// stand-in, with the `library` and `admin` edge functions under real Deno on real PostgreSQL:
// listing newest first a screenful at a time with one signing call per screen through the cache,
// per-item signing errors, bringing takes into the local library (content-addressed, resumable,
// never charged), offline behaviour, backups with share links, the music catalogue, and what
// another user cannot reach.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LibraryProgress, StudioEvent } from '../../shared/contract';
import { resumableDownload } from '../../electron/services/cloud/transfer';
import { describeWithDatabase } from '../db/scratch';
import { exportFinished } from '../editor/support';
import { call } from '../generate/support/studio';
import { makeTempDir, makeTestClip } from '../support/ffmpeg-fixtures';
import { ADMIN_PASSWORD, completeSignInInBrowser, openCloudStudio, startCloudBackend, untilStatus, type CloudBackend, type CloudStudio } from './support';
import { seedCloudLibrary, type SeededProject } from './library-seed';

describeWithDatabase('cloud library: list, bring in, offline, backup, music, other users', (databaseUrl) => {
  let backend: CloudBackend;
  let app: CloudStudio;
  let temp: { dir: string; cleanup: () => Promise<void> };
  let seeded: SeededProject[];
  let userId = '';
  let video: Buffer;
  const events: StudioEvent[] = [];

  const photo = (i: number) =>
    sharp({ create: { width: 320, height: 180, channels: 3, background: { r: (i * 37) % 255, g: (i * 91) % 255, b: 120 } } })
      .jpeg()
      .toBuffer();

  beforeAll(async () => {
    temp = await makeTempDir('echoes-cloud-library-');
    video = readFileSync(await makeTestClip(join(temp.dir, 'take.mp4'), { width: 320, height: 180, fps: 24, durationS: 1 }));
    backend = await startCloudBackend(databaseUrl, 'cloud_library', { functions: ['library', 'admin', 'account'] });
    app = openCloudStudio(join(temp.dir, 'studio'), backend);
    app.studio.events.subscribe((e) => events.push(e));
    await app.studio.cloud.ready;
    await call(app.studio, 'auth.signIn', {});
    backend.supabase.nextGoogleEmail('maya@example.test');
    await completeSignInInBrowser(app.studio, app.opened.at(-1)!);
    await untilStatus(app.studio, (s) => s.signedIn && s.balance === 1);
    userId = app.studio.cloud.status().user!.id;
    // 10 projects x 3 takes; photos differ, every take the same video bytes
    const photos = await Promise.all(Array.from({ length: 30 }, (_, i) => photo(i)));
    const client = await backend.scratch.connect();
    try {
      seeded = await seedCloudLibrary(client, backend.supabase, userId, { projects: 10, takesPerProject: 3, photo: (i) => photos[i]!, video: () => video });
    } finally {
      await client.end();
    }
  }, 180_000);

  afterAll(async () => {
    if (app) {
      await app.studio.exports.stop();
      app.studio.close();
    }
    await backend?.close();
    await temp?.cleanup();
  });

  const signCalls = (from: number) => backend.supabase.requests.slice(from).filter((r) => r.method === 'POST' && r.path.startsWith('/storage/v1/object/sign/'));
  const newest = () => seeded.at(-1)!;
  let exportId = '';

  it('lists projects newest first, a screenful per call, thumbnails signed in one call per screen', async () => {
    const mark = backend.supabase.requests.length;
    const page = await call(app.studio, 'library.list', { cursor: null });
    expect(page.offline).toBe(false);
    expect(page.projects.map((p) => p.title)).toEqual(seeded.slice(-8).reverse().map((p) => p.title));
    expect(page.projects[0]!.takes.map((t) => t.position)).toEqual([0, 1, 2]);
    expect(page.projects.every((p) => p.takes.every((t) => t.thumbUrl && !t.local))).toBe(true);
    expect(page.videos).toEqual([]);
    expect(signCalls(mark)).toHaveLength(1);
    expect(backend.supabase.requests.slice(mark).filter((r) => r.path.startsWith('/functions/v1/'))).toHaveLength(1);
    const thumb = await fetch(page.projects[0]!.takes[0]!.thumbUrl!);
    expect(thumb.status).toBe(200);
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(320);
    // the page shows media-store files: the visible thumbnails, made small and kept, with no signing call
    const before = backend.supabase.requests.length;
    const ids = page.projects.slice(0, 2).flatMap((p) => p.takes.map((t) => t.id));
    const { thumbs } = await call(app.studio, 'library.thumbs', { takeIds: ids });
    expect(signCalls(before)).toHaveLength(0);
    expect(Object.keys(thumbs)).toEqual(ids);
    const small = await sharp(app.studio.media.store.path(thumbs[ids[0]!]!)).metadata();
    expect(small).toMatchObject({ format: 'webp', width: 320 });

    const next = await call(app.studio, 'library.list', { cursor: page.nextCursor });
    expect(next.projects.map((p) => p.title)).toEqual(seeded.slice(0, 2).reverse().map((p) => p.title));
    expect(next.nextCursor).toBeNull();
    expect(next.videos).toBeNull();

    // a second visit within the expiry signs nothing
    const again = backend.supabase.requests.length;
    const second = await call(app.studio, 'library.list', { cursor: null });
    expect(signCalls(again)).toHaveLength(0);
    expect(second.projects[0]!.takes[0]!.thumbUrl).toBe(page.projects[0]!.takes[0]!.thumbUrl);
  });

  it('a photo Storage cannot sign is a missing thumbnail, not a failed page (createSignedUrls answers per item)', async () => {
    const project = seeded[0]!;
    const gone = project.clips[1]!.photoPath;
    const bytes = backend.supabase.readObject('private-photos', gone)!;
    // the cache still holds its URL from the first visit: a fresh studio on the same data folder asks again
    const other = openCloudStudio(join(temp.dir, 'studio-b'), backend);
    try {
      await other.studio.cloud.ready;
      await call(other.studio, 'auth.signIn', {});
      backend.supabase.nextGoogleEmail('maya@example.test');
      await completeSignInInBrowser(other.studio, other.opened.at(-1)!);
      await untilStatus(other.studio, (s) => s.signedIn);
      const file = backend.supabase.objectFile('private-photos', gone);
      const { rmSync } = await import('node:fs');
      rmSync(file);
      const first = await call(other.studio, 'library.list', { cursor: null });
      const page = await call(other.studio, 'library.list', { cursor: first.nextCursor });
      const takes = page.projects.find((p) => p.id === project.id)!.takes;
      expect(takes.map((t) => t.thumbUrl === null)).toEqual([false, true, false]);
    } finally {
      other.studio.close();
      backend.supabase.putObject('private-photos', gone, bytes, 'image/jpeg');
    }
  });

  it('brings a whole project into the local library with progress, once, without charging credits', async () => {
    const balance = await backend.balance(userId);
    const mark = backend.supabase.requests.length;
    const from = events.length;
    const result = await call(app.studio, 'library.import', { projectId: newest().id });
    expect(result).toMatchObject({ imported: 3, alreadyLocal: 0, failed: [] });
    const project = await call(app.studio, 'projects.get', { id: result.localProjectId });
    expect(project.name).toBe(newest().title);
    const clips = await call(app.studio, 'clips.list', { projectId: result.localProjectId });
    expect(clips).toHaveLength(3);
    const takes = await Promise.all(clips.map((c) => call(app.studio, 'takes.list', { clipId: c.id })));
    expect(takes.map((t) => t.length)).toEqual([1, 1, 1]);
    expect(takes.every((t) => t[0]!.provider === 'runway' && t[0]!.approved)).toBe(true);
    // one file for the three takes: the store is content-addressed
    const ids = new Set(takes.map((t) => t[0]!.mediaId));
    expect([...ids]).toEqual([`${createHash('sha256').update(video).digest('hex')}.mp4`]);
    expect(readFileSync(app.studio.media.store.path([...ids][0]!)).equals(video)).toBe(true);

    const progress = events.slice(from).filter((e): e is { type: 'library.progress'; payload: LibraryProgress } => e.type === 'library.progress');
    expect(progress.at(-1)!.payload).toMatchObject({ kind: 'import', state: 'succeeded' });
    expect(progress.some((e) => e.payload.state === 'running' && e.payload.doneBytes > 0)).toBe(true);
    // nothing paid: no generation was asked for and the balance is the same
    expect(backend.supabase.requests.slice(mark).some((r) => /clip-generation|clip-status/.test(r.path))).toBe(false);
    expect(await backend.balance(userId)).toBe(balance);

    // again: everything is already here
    const twice = await call(app.studio, 'library.import', { projectId: newest().id });
    expect(twice).toMatchObject({ localProjectId: result.localProjectId, imported: 0, alreadyLocal: 3 });
    const listed = await call(app.studio, 'library.list', { cursor: null });
    expect(listed.projects[0]).toMatchObject({ localProjectId: result.localProjectId });
    expect(listed.projects[0]!.takes.every((t) => t.local && t.localThumbMediaId)).toBe(true);
  });

  it('bringing in can be cancelled; what was done stays and the next try finishes it', async () => {
    const project = seeded.at(-3)!;
    const operationId = randomUUID();
    const off = app.studio.events.subscribe((e) => {
      if (e.type === 'library.progress' && e.payload.operationId === operationId && e.payload.state === 'running' && e.payload.doneBytes > 0) {
        void call(app.studio, 'library.cancel', { operationId });
      }
    });
    try {
      await expect(call(app.studio, 'library.import', { projectId: project.id, operationId })).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      off();
    }
    const next = await call(app.studio, 'library.import', { projectId: project.id });
    expect(next.imported + next.alreadyLocal).toBe(3);
    expect(next.imported).toBeGreaterThan(0);
    expect(await call(app.studio, 'clips.list', { projectId: next.localProjectId })).toHaveLength(3);
  });

  it('a download that broke off goes on from where it stopped (Range)', async () => {
    const path = seeded[0]!.clips[0]!.videoPath;
    const part = join(temp.dir, 'resume.part');
    writeFileSync(part, video.subarray(0, 1000));
    const url = (await call(app.studio, 'cloud.mediaUrls', { paths: [path] })).urls[path]!;
    const mark = backend.supabase.requests.length;
    const seen: number[] = [];
    const size = await resumableDownload(fetch, url, part, { onBytes: (done) => seen.push(done) });
    expect(size).toBe(video.length);
    expect(readFileSync(part).equals(video)).toBe(true);
    expect(seen[0]).toBe(1000);
    expect(backend.supabase.requests.slice(mark)).toHaveLength(1);
  });

  it('offline: the library shows what it had and what is local, and deletes nothing', async () => {
    const localProjects = await call(app.studio, 'projects.list', {});
    await backend.supabase.stop();
    try {
      const page = await call(app.studio, 'library.list', { cursor: null });
      expect(page.offline).toBe(true);
      expect(page.cachedAt).not.toBeNull();
      expect(page.message).toMatch(/offline.*6 takes are in your local library.*need a connection/s);
      expect(page.projects.map((p) => p.id)).toEqual(seeded.slice(-8).reverse().map((p) => p.id));
      expect(page.projects[0]!.takes.every((t) => t.local && t.thumbUrl === null)).toBe(true);
      expect(page.projects[1]!.takes.every((t) => !t.local)).toBe(true);
      // thumbnails seen before are kept; the others wait for a connection
      const { thumbs: kept } = await call(app.studio, 'library.thumbs', { takeIds: [page.projects[1]!.takes[0]!.id, page.projects[2]!.takes[0]!.id] });
      expect(Object.values(kept).map((v) => v !== null)).toEqual([true, false]);
      await expect(call(app.studio, 'library.import', { projectId: seeded.at(-2)!.id })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect((await call(app.studio, 'cloud.status', {})).online).toBe(false);
      expect(await call(app.studio, 'projects.list', {})).toEqual(localProjects);
      const music = await call(app.studio, 'library.music', {});
      expect(music).toEqual({ tracks: [], offline: true });
    } finally {
      await backend.supabase.start();
    }
  });

  it('backs a finished export up, shares it for a chosen lifetime, and deletes it', async () => {
    const localProjectId = (await call(app.studio, 'library.list', { cursor: null })).projects[0]!.localProjectId!;
    const started = await call(app.studio, 'exports.start', { projectId: localProjectId });
    const done = await exportFinished(app.studio, started.id);
    expect(done.state).toBe('succeeded');
    exportId = done.id;

    const from = events.length;
    const backup = await call(app.studio, 'library.backup', { exportId: done.id });
    expect(backup).toMatchObject({ projectId: newest().id, title: newest().title, sizeBytes: done.sizeBytes });
    expect(backup.settings).toMatchObject({ resolution: done.settings.resolution, fps: done.settings.fps });
    const progress = events.slice(from).filter((e): e is { type: 'library.progress'; payload: LibraryProgress } => e.type === 'library.progress').map((e) => e.payload);
    expect(progress.at(-1)).toMatchObject({ kind: 'backup', state: 'succeeded', doneBytes: done.sizeBytes });
    const stored = backend.supabase.readObject('final-videos', `${userId}/${backup.id}.mp4`)!;
    expect(stored.equals(readFileSync(app.studio.media.store.path(done.mediaId!)))).toBe(true);
    const client = await backend.scratch.connect();
    try {
      const { rows } = await client.query('select project_id, status, file_size, total_duration, settings from public.final_videos where id = $1', [backup.id]);
      expect(rows[0]).toMatchObject({ project_id: newest().id, status: 'completed', file_size: String(done.sizeBytes) });
    } finally {
      await client.end();
    }
    expect((await call(app.studio, 'library.list', { cursor: null })).videos!.map((v) => v.id)).toEqual([backup.id]);

    const share = await call(app.studio, 'library.share', { videoId: backup.id, lifetimeS: 3600 });
    const token = new URL(share.url).searchParams.get('token')!;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number };
    expect(claims.exp - claims.iat).toBe(3600);
    const opened = await fetch(share.url);
    expect(opened.status).toBe(200);
    expect(Buffer.from(await opened.arrayBuffer()).equals(stored)).toBe(true);

    expect(await call(app.studio, 'library.deleteVideo', { videoId: backup.id })).toEqual({ deleted: true });
    expect(backend.supabase.readObject('final-videos', `${userId}/${backup.id}.mp4`)).toBeUndefined();
    expect((await call(app.studio, 'library.list', { cursor: null })).videos).toEqual([]);
    expect((await fetch(share.url)).status).not.toBe(200);
    // the local export is untouched
    expect(existsSync(app.studio.media.store.path(done.mediaId!))).toBe(true);
  });

  it('a backup can be cancelled', async () => {
    const operationId = randomUUID();
    const off = app.studio.events.subscribe((e) => {
      if (e.type === 'library.progress' && e.payload.operationId === operationId && e.payload.state === 'running') void call(app.studio, 'library.cancel', { operationId });
    });
    try {
      await expect(call(app.studio, 'library.backup', { exportId, operationId })).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      off();
    }
    expect((await call(app.studio, 'library.list', { cursor: null })).videos).toEqual([]);
  });

  it('music catalogue: the admin adds a track, the creator previews and uses it, and exports offline', async () => {
    const wav = join(temp.dir, 'tone.wav');
    const { execFileSync } = await import('node:child_process');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', wav]);
    // the admin screen's path: the file into the media store, then the admin function (password, no service key)
    const picked = await call(app.studio, 'music.importPath', { path: wav });
    const added = await call(app.studio, 'admin.musicAdd', { password: ADMIN_PASSWORD, mediaId: picked.mediaId, title: 'Sea breeze', artist: 'Echoes', durationS: picked.durationS });
    const tracks = added.tracks;
    expect(tracks.map((t) => t.title)).toEqual(['Sea breeze']);
    await expect(call(app.studio, 'admin.music', { password: 'wrong' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const upload = { path: `tracks/${tracks[0]!.id}.wav` };
    expect(backend.supabase.readObject('music-tracks', upload.path)!.equals(readFileSync(wav))).toBe(true);
    // a user cannot write the catalogue
    const token = backend.supabase.tokenFor(userId);
    const refused = await fetch(`${backend.supabase.url}/storage/v1/object/music-tracks/tracks/mine.wav`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'audio/wav' }, body: readFileSync(wav) });
    expect(refused.status).toBe(400);

    const catalogue = await call(app.studio, 'library.music', {});
    expect(catalogue.tracks).toEqual([{ id: tracks[0]!.id, title: 'Sea breeze', artist: 'Echoes', durationS: 3, cachedMediaId: null }]);
    const preview = await call(app.studio, 'library.musicTrack', { trackId: tracks[0]!.id });
    expect(preview.name).toBe('Sea breeze.wav');
    expect(preview.durationS).toBeCloseTo(3, 0);
    expect(readFileSync(app.studio.media.store.path(preview.mediaId)).equals(readFileSync(wav))).toBe(true);
    expect((await call(app.studio, 'library.music', {})).tracks[0]!.cachedMediaId).toBe(preview.mediaId);

    const localProjectId = (await call(app.studio, 'library.list', { cursor: null })).projects[0]!.localProjectId!;
    await call(app.studio, 'timeline.update', { projectId: localProjectId, music: { choice: { source: 'file', mediaId: preview.mediaId, name: preview.name }, volume: 80, fadeInS: 0, fadeOutS: 0 } });
    await backend.supabase.stop();
    try {
      const offline = await call(app.studio, 'library.music', {});
      expect(offline).toMatchObject({ offline: true, tracks: [{ id: tracks[0]!.id, cachedMediaId: preview.mediaId }] });
      expect(await call(app.studio, 'library.musicTrack', { trackId: tracks[0]!.id })).toEqual(preview);
      const started = await call(app.studio, 'exports.start', { projectId: localProjectId });
      const done = await exportFinished(app.studio, started.id);
      expect(done.state).toBe('succeeded');
    } finally {
      await backend.supabase.start();
    }

    // order, rename and remove, through the admin function
    const second = await call(app.studio, 'admin.musicAdd', { password: ADMIN_PASSWORD, mediaId: picked.mediaId, title: 'Night drive', durationS: 3 });
    const ordered = await call(app.studio, 'admin.musicOrder', { password: ADMIN_PASSWORD, ids: second.tracks.map((t) => t.id).reverse() });
    expect(ordered.tracks.map((t) => t.title)).toEqual(['Night drive', 'Sea breeze']);
    const renamed = await call(app.studio, 'admin.musicUpdate', { password: ADMIN_PASSWORD, id: ordered.tracks[0]!.id, title: 'Night drive (edit)' });
    expect(renamed.tracks.map((t) => t.title)).toEqual(['Night drive (edit)', 'Sea breeze']);
    const removed = await call(app.studio, 'admin.musicRemove', { password: ADMIN_PASSWORD, id: tracks[0]!.id });
    expect(removed.tracks.map((t) => t.title)).toEqual(['Night drive (edit)']);
    expect(backend.supabase.readObject('music-tracks', upload.path)).toBeUndefined();
    // the creator's copy stays: the project still exports
    expect(existsSync(app.studio.media.store.path(preview.mediaId))).toBe(true);
  });

  it('another user can neither list, sign, download, back up into nor delete any of it', async () => {
    const other = randomUUID();
    const client = await backend.scratch.connect();
    try {
      await client.query('insert into auth.users (id, email) values ($1, $2)', [other, 'eve@example.test']);
    } finally {
      await client.end();
    }
    const token = backend.supabase.tokenFor(other);
    const fn = async (body: unknown) => {
      const res = await fetch(`${backend.supabase.url}/functions/v1/library`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, apikey: backend.supabase.anonKey, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const listed = await fn({ action: 'list' });
    expect(listed).toEqual({ status: 200, body: { projects: [], videos: [], nextCursor: null } });
    const paths = [seeded[0]!.clips[0]!.photoPath, seeded[0]!.clips[0]!.videoPath];
    const signed = await fetch(`${backend.supabase.url}/storage/v1/object/sign/private-photos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, apikey: backend.supabase.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ paths, expiresIn: 60 }),
    });
    expect(((await signed.json()) as Array<{ signedURL: string | null; error: string | null }>).map((i) => [i.signedURL, i.error !== null])).toEqual([
      [null, true],
      [null, true],
    ]);
    const direct = await fetch(`${backend.supabase.url}/storage/v1/object/upload/sign/private-photos/${paths[0]}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(direct.status).toBe(400);
    // a backup into the first user's project is refused (the project is not theirs)
    const videoId = randomUUID();
    backend.supabase.putObject('final-videos', `${other}/${videoId}.mp4`, video, 'video/mp4');
    const intoTheirs = await fn({ action: 'backup', id: videoId, projectId: newest().id, title: 'x', durationS: 1, sizeBytes: video.length, settings: {} });
    expect(intoTheirs.status).toBe(404);
    // and the desktop refuses to sign paths outside the signed-in user's folder
    const urls = await call(app.studio, 'cloud.mediaUrls', { paths: [`${other}/${videoId}.mp4`] });
    expect(urls.urls[`${other}/${videoId}.mp4`]).toBeNull();
    expect(readdirSync(join(backend.supabase.storageDir, 'final-videos', userId)).filter((f) => f.endsWith('.mp4'))).toEqual([]);
  });
});
