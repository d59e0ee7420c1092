import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/services/db/database';
import { runMigrations } from '../../electron/services/db/migrate';
import { migrations } from '../../electron/services/db/migrations';
import { createAdopter } from '../../electron/services/media/media-adoption';
import { collectUnusedMedia } from '../../electron/services/media/media-gc';
import { createMediaGuard } from '../../electron/services/media/media-guard';
import { createMediaRepository } from '../../electron/services/media/media-repository';
import { createMediaStore } from '../../electron/services/media/media-store';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-take-media-');

function library(dir: string, db: Db = openDatabase(join(dir, 'studio.db'))) {
  const store = createMediaStore(join(dir, 'media'));
  const media = createMediaRepository(db);
  const guard = createMediaGuard();
  const deps = { media, store, guard };
  return { db, store, media, guard, collect: () => collectUnusedMedia(deps), adopt: createAdopter(deps) };
}

/** A project with one clip (no image), as rows. */
function projectAndClip(db: Db, at = '2025-01-01T00:00:00.000Z') {
  db.prepare("INSERT INTO projects (id, name, created_at, updated_at) VALUES ('p1', 'P', ?, ?)").run(at, at);
  db.prepare("INSERT INTO clips (id, project_id, position, created_at, updated_at) VALUES ('c1', 'p1', 0, ?, ?)").run(at, at);
}

function insertTake(db: Db, id: string, mediaId: string, at = '2025-01-01T00:00:00.000Z') {
  db.prepare(
    `INSERT INTO takes (id, clip_id, provider, prompt, seed, duration_s, fps, width, height, media_id, created_at)
     VALUES (?, 'c1', 'local', '', 1, 2, 24, 320, 180, ?, ?)`,
  ).run(id, mediaId, at);
}

async function storedVideo(store: ReturnType<typeof createMediaStore>, content: string) {
  const temp = store.tempPath('mp4');
  writeFileSync(temp, content);
  return store.put(temp, 'mp4', { move: true });
}

const takeVideo = { role: 'take', ext: 'mp4', mime: 'video/mp4', width: 320, height: 180 } as const;

describe('take videos are first-class media', () => {
  it('the collector frees a take video once no take uses it, and keeps one a take, an export or the music still names', async () => {
    const lib = library(tempDir());
    projectAndClip(lib.db);
    const [taken, exported, music, loose] = await Promise.all(['take', 'export', 'music', 'loose'].map((c) => storedVideo(lib.store, c)));
    for (const id of [taken, exported, music, loose]) lib.media.register({ id: id!, role: 'take', mime: 'video/mp4', bytes: 4, width: 320, height: 180 });
    insertTake(lib.db, 't1', taken!);
    lib.db
      .prepare("INSERT INTO exports (id, project_id, state, settings, media_id, created_at) VALUES ('e1', 'p1', 'succeeded', '{}', ?, '2025-01-01')")
      .run(exported);
    lib.db.prepare('UPDATE projects SET timeline_settings = ?').run(JSON.stringify({ music: { choice: { source: 'file', mediaId: music, name: 'm.mp3' } } }));

    expect(await lib.collect()).toEqual([loose]);
    expect([taken, exported, music].every((id) => lib.store.has(id!))).toBe(true);
    expect(lib.store.has(loose!)).toBe(false);

    // A damaged settings value does not stop the collector.
    lib.db.prepare("UPDATE projects SET timeline_settings = '{not json'").run();
    lib.db.prepare('DELETE FROM clips').run();
    expect((await lib.collect()).sort()).toEqual([taken, music].sort());
    expect(lib.store.has(exported!)).toBe(true);
  });

  it('keeps a take video that is pinned while it is being stored, and frees it once unpinned', async () => {
    const lib = library(tempDir());
    const id = await storedVideo(lib.store, 'in flight');
    lib.media.register({ id, role: 'take', mime: 'video/mp4', bytes: 9, width: 320, height: 180 });
    lib.guard.pin([id]);
    expect(await lib.collect()).toEqual([]);
    expect(lib.store.has(id)).toBe(true);
    lib.guard.unpin([id]);
    expect(await lib.collect()).toEqual([id]);
    expect(lib.store.has(id)).toBe(false);
    expect(lib.db.prepare('SELECT COUNT(*) AS n FROM media').get()).toEqual({ n: 0 });
  });

  it('adopts a finished video: registered and kept when attached, freed at once when attach declines or fails', async () => {
    const lib = library(tempDir());
    projectAndClip(lib.db);
    const file = (content: string) => {
      const path = join(tempDir(), `${content}.mp4`);
      writeFileSync(path, content);
      return path;
    };

    const kept = await lib.adopt(file('kept video'), takeVideo, (mediaId) => {
      // Pinned while attach runs: a collection now cannot take it.
      expect(lib.guard.isPinned(mediaId)).toBe(true);
      insertTake(lib.db, 't1', mediaId);
      return true;
    });
    expect(kept.attached).toBe(true);
    expect(lib.guard.isPinned(kept.mediaId)).toBe(false);
    expect(lib.db.prepare('SELECT role, mime, bytes, width, height FROM media WHERE id = ?').get(kept.mediaId)).toEqual({
      role: 'take',
      mime: 'video/mp4',
      bytes: 10,
      width: 320,
      height: 180,
    });

    const declined = await lib.adopt(file('declined video'), takeVideo, () => false);
    expect(declined.attached).toBe(false);
    expect(lib.store.has(declined.mediaId)).toBe(false);

    await expect(
      lib.adopt(file('failing video'), takeVideo, () => {
        throw new Error('database gone');
      }),
    ).rejects.toThrow('database gone');
    expect(lib.db.prepare('SELECT id FROM media').all()).toEqual([{ id: kept.mediaId }]);

    // The same content declined by a second owner stays for the first.
    const again = await lib.adopt(file('kept video'), takeVideo, () => false);
    expect(again).toEqual({ mediaId: kept.mediaId, attached: false });
    expect(lib.store.has(kept.mediaId)).toBe(true);
  });

  it('migration 5 registers the videos of existing takes, keeps every reference to media intact, and adds the clip trash', async () => {
    const dir = tempDir();
    const file = join(dir, 'studio.db');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    runMigrations(old, migrations.slice(0, 4));
    const store = createMediaStore(join(dir, 'media'));
    const working = await storedVideo(store, 'pretend working image');
    const video = await storedVideo(store, 'pretend take video');
    old.prepare("INSERT INTO media (id, role, mime, bytes, width, height, created_at) VALUES (?, 'working', 'image/jpeg', 21, 640, 360, '2025-01-01')").run(working);
    old.prepare("INSERT INTO media_sources (source_sha256, working_media_id, thumb_media_id, created_at) VALUES ('abc', ?, ?, '2025-01-01')").run(working, working);
    projectAndClip(old);
    old.prepare('UPDATE clips SET working_media_id = ?').run(working);
    insertTake(old, 't1', video, '2025-01-02T00:00:00.000Z');
    insertTake(old, 't2', video, '2025-01-03T00:00:00.000Z');
    old.close();

    const lib = library(dir, openDatabase(file));
    expect(lib.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(lib.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(lib.db.prepare('SELECT id, role, mime, bytes, width, height, created_at FROM media ORDER BY role').all()).toEqual([
      { id: video, role: 'take', mime: 'video/mp4', bytes: null, width: 320, height: 180, created_at: '2025-01-02T00:00:00.000Z' },
      { id: working, role: 'working', mime: 'image/jpeg', bytes: 21, width: 640, height: 360, created_at: '2025-01-01' },
    ]);
    expect(lib.db.pragma('foreign_key_check')).toEqual([]);
    expect(lib.db.prepare("SELECT deleted_at FROM clips WHERE id = 'c1'").get()).toEqual({ deleted_at: null });

    expect(await lib.collect()).toEqual([]);
    lib.db.prepare('DELETE FROM clips').run();
    expect((await lib.collect()).sort()).toEqual([video, working].sort());
    expect(lib.store.has(video)).toBe(false);
    // Foreign keys to the rebuilt table still act: forgetting the image dropped its source record.
    expect(lib.db.prepare('SELECT COUNT(*) AS n FROM media_sources').get()).toEqual({ n: 0 });
  });
});
