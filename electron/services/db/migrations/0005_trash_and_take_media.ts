import type { Migration } from '../migrate';

/**
 * Clips get a trash (deleted_at) so removing one can be undone; they are purged for good on the
 * next start. Take videos become first-class media: `media` lists them (role 'take') so the
 * collector frees them once no take uses them. The table is rebuilt so `bytes` may be unknown,
 * which it is for the take videos made before this version (backfilled here from `takes`).
 */
export const m0005TrashAndTakeMedia: Migration = {
  version: 5,
  name: 'trash and take media',
  rebuilds: 'media',
  sql: `
    ALTER TABLE clips ADD COLUMN deleted_at TEXT;
    CREATE INDEX clips_deleted_at ON clips (deleted_at) WHERE deleted_at IS NOT NULL;

    CREATE TABLE media_v5 (
      id          TEXT PRIMARY KEY,
      role        TEXT NOT NULL,
      mime        TEXT NOT NULL,
      bytes       INTEGER CHECK (bytes IS NULL OR bytes > 0),
      width       INTEGER NOT NULL CHECK (width > 0),
      height      INTEGER NOT NULL CHECK (height > 0),
      created_at  TEXT NOT NULL
    );
    INSERT INTO media_v5 (id, role, mime, bytes, width, height, created_at)
      SELECT id, role, mime, bytes, width, height, created_at FROM media;
    DROP TABLE media;
    ALTER TABLE media_v5 RENAME TO media;

    INSERT OR IGNORE INTO media (id, role, mime, bytes, width, height, created_at)
      SELECT media_id, 'take', 'video/mp4', NULL, MAX(width), MAX(height), MIN(created_at)
      FROM takes GROUP BY media_id;
  `,
};
