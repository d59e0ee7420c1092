import type { Db } from '../db/database';
import type { FocusPoint } from '../../../shared/framing';

export interface StoredImage {
  id: string;
  width: number;
  height: number;
}

export interface SourceRecord {
  working: StoredImage;
  thumb: StoredImage;
  /** The working image's focus point (null for photos imported before focus points existed). */
  focus: FocusPoint | null;
}

/** working and thumb: made by the importer; take: a generated clip video. */
export type MediaRole = 'working' | 'thumb' | 'take' | 'preview';

export interface NewMedia {
  id: string;
  role: MediaRole;
  mime: string;
  bytes: number;
  width: number;
  height: number;
  focus?: FocusPoint | null;
}

/**
 * Registered media nothing refers to: no clip (live or in the trash) shows it as its image or
 * thumbnail, no take plays it, and no export or project music names it. Exports and imported music
 * are not registered (so never collected), but they share the content-addressed id space, so a
 * registered file with the same content as one of them must stay.
 */
const UNUSED_MEDIA = `
  SELECT m.id FROM media m
  WHERE NOT EXISTS (SELECT 1 FROM clips c WHERE c.working_media_id = m.id)
    AND NOT EXISTS (SELECT 1 FROM clips c WHERE c.thumb_media_id = m.id)
    AND NOT EXISTS (SELECT 1 FROM takes t WHERE t.media_id = m.id)
    AND NOT EXISTS (SELECT 1 FROM preview_segments s WHERE s.media_id = m.id)
    AND m.id NOT IN (SELECT e.media_id FROM exports e WHERE e.media_id IS NOT NULL)
    AND m.id NOT IN (
      SELECT json_extract(p.timeline_settings, '$.music.choice.mediaId') FROM projects p
      WHERE json_valid(p.timeline_settings) AND json_extract(p.timeline_settings, '$.music.choice.mediaId') IS NOT NULL)
  ORDER BY m.id`;

export interface MediaRepository {
  register(media: NewMedia): void;
  /** What a source photo (by its sha256) became the last time it was imported. */
  findSource(sourceSha256: string): SourceRecord | undefined;
  rememberSource(sourceSha256: string, workingId: string, thumbId: string): void;
  /** Registered media nothing refers to any more (see UNUSED_MEDIA). */
  listUnused(): string[];
  /**
   * Forgets media rows (and the source records that point at them) and queues their files for
   * deletion, in one transaction.
   */
  forget(ids: readonly string[]): void;
  /** Files queued for deletion, oldest first. */
  pendingDeletions(): string[];
  /** Whether anything names this id again (registered anew, an export, project music): its file must stay. */
  isReferenced(id: string): boolean;
  /** The file is gone (or in use again): drop it from the queue. */
  deletionDone(id: string): void;
  /** The file could not be deleted this time; it stays queued. */
  deletionFailed(id: string, error: string): void;
}

interface SourceRow {
  working_id: string;
  working_width: number;
  working_height: number;
  thumb_id: string;
  thumb_width: number;
  thumb_height: number;
  focus_x: number | null;
  focus_y: number | null;
}

export function createMediaRepository(db: Db, now: () => Date = () => new Date()): MediaRepository {
  const insertMedia = db.prepare(
    'INSERT OR IGNORE INTO media (id, role, mime, bytes, width, height, focus_x, focus_y, created_at) VALUES (@id, @role, @mime, @bytes, @width, @height, @focusX, @focusY, @createdAt)',
  );
  const unqueueStmt = db.prepare('DELETE FROM media_deletions WHERE id = ?');
  // Content-addressed: the same content stored again is the same id, so registering it takes its file off the queue.
  const registerMedia = db.transaction((media: NewMedia, createdAt: string) => {
    const { focus, ...fields } = media;
    insertMedia.run({ ...fields, focusX: focus?.x ?? null, focusY: focus?.y ?? null, createdAt });
    unqueueStmt.run(media.id);
  });
  const queueStmt = db.prepare('INSERT OR IGNORE INTO media_deletions (id, queued_at) VALUES (?, ?)');
  const pendingStmt = db.prepare<[], { id: string }>('SELECT id FROM media_deletions ORDER BY queued_at, id');
  const failedStmt = db.prepare('UPDATE media_deletions SET attempts = attempts + 1, last_error = ? WHERE id = ?');
  const referencedStmt = db.prepare<{ id: string }, { n: number }>(`
    SELECT (EXISTS (SELECT 1 FROM media WHERE id = @id)
         OR EXISTS (SELECT 1 FROM exports WHERE media_id = @id)
         OR EXISTS (SELECT 1 FROM projects p WHERE json_valid(p.timeline_settings)
                      AND json_extract(p.timeline_settings, '$.music.choice.mediaId') = @id)) AS n`);
  const findSourceStmt = db.prepare<[string], SourceRow>(`
    SELECT w.id AS working_id, w.width AS working_width, w.height AS working_height,
           t.id AS thumb_id, t.width AS thumb_width, t.height AS thumb_height, w.focus_x, w.focus_y
    FROM media_sources s
    JOIN media w ON w.id = s.working_media_id
    JOIN media t ON t.id = s.thumb_media_id
    WHERE s.source_sha256 = ?`);
  const rememberStmt = db.prepare(
    'INSERT OR REPLACE INTO media_sources (source_sha256, working_media_id, thumb_media_id, created_at) VALUES (?, ?, ?, ?)',
  );
  const unusedStmt = db.prepare<[], { id: string }>(UNUSED_MEDIA);
  const deleteStmt = db.prepare('DELETE FROM media WHERE id = ?');
  const forgetMany = db.transaction((ids: readonly string[], queuedAt: string) => {
    for (const id of ids) {
      deleteStmt.run(id);
      queueStmt.run(id, queuedAt);
    }
  });

  return {
    register(media) {
      registerMedia(media, now().toISOString());
    },
    findSource(sourceSha256) {
      const row = findSourceStmt.get(sourceSha256);
      if (!row) return undefined;
      return {
        working: { id: row.working_id, width: row.working_width, height: row.working_height },
        thumb: { id: row.thumb_id, width: row.thumb_width, height: row.thumb_height },
        focus: row.focus_x !== null && row.focus_y !== null ? { x: row.focus_x, y: row.focus_y } : null,
      };
    },
    rememberSource(sourceSha256, workingId, thumbId) {
      rememberStmt.run(sourceSha256, workingId, thumbId, now().toISOString());
    },
    listUnused: () => unusedStmt.all().map((r) => r.id),
    forget: (ids) => forgetMany(ids, now().toISOString()),
    pendingDeletions: () => pendingStmt.all().map((r) => r.id),
    isReferenced: (id) => referencedStmt.get({ id })?.n === 1,
    deletionDone: (id) => void unqueueStmt.run(id),
    deletionFailed: (id, error) => void failedStmt.run(error.slice(0, 500), id),
  };
}
