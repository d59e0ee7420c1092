import { join } from 'node:path';
import * as fsp from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/database';
import { collectUnusedMediaFiles } from '../../electron/services/media/media-gc';
import { createMediaGuard } from '../../electron/services/media/media-guard';
import { createMediaRepository } from '../../electron/services/media/media-repository';
import { createMediaStore } from '../../electron/services/media/media-store';
import { fileSystem, setRetryPolicy } from '../../electron/services/system/file-ops';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-gc-');

/** Windows while FFmpeg of a cancelled render still has these files open: every delete of them fails with EPERM. */
function holdFiles(held: Set<string>) {
  fileSystem.rm = async (path, options) => {
    if ([...held].some((id) => String(path).endsWith(id))) {
      throw Object.assign(new Error(`EPERM: operation not permitted, unlink '${String(path)}'`), { code: 'EPERM', syscall: 'unlink' });
    }
    return fsp.rm(path, options);
  };
}

afterEach(() => {
  fileSystem.rm = fsp.rm;
});

function library(dir: string) {
  const db = openDatabase(join(dir, 'studio.db'));
  const store = createMediaStore(join(dir, 'media'));
  const media = createMediaRepository(db);
  const guard = createMediaGuard();
  return { db, store, media, guard, collect: () => collectUnusedMediaFiles({ media, store, guard }) };
}

const image = { role: 'working', mime: 'image/jpeg', bytes: 1, width: 8, height: 8 } as const;

describe('the media collector on files it cannot delete', () => {
  it('deletes file by file, keeps the held ones queued, and frees them on a later try', async () => {
    const restore = setRetryPolicy({ budgetMs: 20, firstDelayMs: 1, maxDelayMs: 5 });
    try {
      const dir = tempDir();
      let lib = library(dir);
      const ids = [];
      for (const n of ['a', 'b', 'c', 'd', 'e']) {
        const id = await lib.store.putBuffer(Buffer.from(n), 'jpg');
        lib.media.register({ id, ...image });
        ids.push(id);
      }
      const held = new Set([ids[1]!, ids[3]!]);
      holdFiles(held);
      const first = await lib.collect();
      // The held files do not stop the ones after them.
      expect(first.deleted.sort()).toEqual([ids[0], ids[2], ids[4]].sort());
      expect(first.kept.map((k) => k.id).sort()).toEqual([...held].sort());
      expect(first.kept[0]!.error).toMatch(/^EPERM/);
      expect(ids.filter((id) => lib.store.has(id)).sort()).toEqual([...held].sort());
      expect(lib.media.pendingDeletions().sort()).toEqual([...held].sort());

      // Still held at the next start: still queued (the record survives a restart).
      lib.db.close();
      lib = library(dir);
      expect((await lib.collect()).kept).toHaveLength(2);
      expect(lib.db.prepare('SELECT attempts FROM media_deletions ORDER BY id').pluck().all()).toEqual([2, 2]);

      // FFmpeg let go: the next collection deletes them and empties the queue.
      held.clear();
      const later = await lib.collect();
      expect(later.deleted.sort()).toEqual([ids[1], ids[3]].sort());
      expect(ids.some((id) => lib.store.has(id))).toBe(false);
      expect(lib.media.pendingDeletions()).toEqual([]);
      lib.db.close();
    } finally {
      setRetryPolicy(restore);
    }
  });

  it('never deletes a queued file whose content was imported again meanwhile', async () => {
    const restore = setRetryPolicy({ budgetMs: 20, firstDelayMs: 1, maxDelayMs: 5 });
    try {
      const lib = library(tempDir());
      const id = await lib.store.putBuffer(Buffer.from('photo'), 'jpg');
      lib.media.register({ id, ...image });
      holdFiles(new Set([id]));
      expect((await lib.collect()).kept).toHaveLength(1);
      // The same photo imported again: same content, same id, registered anew.
      expect(await lib.store.putBuffer(Buffer.from('photo'), 'jpg')).toBe(id);
      lib.media.register({ id, ...image });
      fileSystem.rm = fsp.rm;
      lib.db.prepare('INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run('p', 'P', 'x', 'x');
      lib.db.prepare('INSERT INTO clips (id, project_id, position, created_at, updated_at, working_media_id) VALUES (?, ?, 0, ?, ?, ?)').run('c', 'p', 'x', 'x', id);
      expect(await lib.collect()).toEqual({ deleted: [], kept: [] });
      expect(lib.store.has(id)).toBe(true);
      expect(lib.media.pendingDeletions()).toEqual([]);
      lib.db.close();
    } finally {
      setRetryPolicy(restore);
    }
  });
});
