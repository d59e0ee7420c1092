import type { Migration } from '../migrate';

/**
 * Media bookkeeping and the clip columns import fills and generation reads.
 * `media` lists the files the importer put in the content-addressed store (only these are garbage
 * collected); `media_sources` remembers which stored files a source photo (by its sha256) became,
 * so importing the same photo again skips decoding.
 */
export const m0002Media: Migration = {
  version: 2,
  name: 'media',
  sql: `
    CREATE TABLE media (
      id          TEXT PRIMARY KEY,
      role        TEXT NOT NULL,
      mime        TEXT NOT NULL,
      bytes       INTEGER NOT NULL CHECK (bytes > 0),
      width       INTEGER NOT NULL CHECK (width > 0),
      height      INTEGER NOT NULL CHECK (height > 0),
      created_at  TEXT NOT NULL
    );

    CREATE TABLE media_sources (
      source_sha256     TEXT PRIMARY KEY,
      working_media_id  TEXT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
      thumb_media_id    TEXT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
      created_at        TEXT NOT NULL
    );
    CREATE INDEX media_sources_working ON media_sources (working_media_id);
    CREATE INDEX media_sources_thumb ON media_sources (thumb_media_id);

    ALTER TABLE clips ADD COLUMN source_name TEXT;
    ALTER TABLE clips ADD COLUMN working_media_id TEXT REFERENCES media (id);
    ALTER TABLE clips ADD COLUMN thumb_media_id TEXT REFERENCES media (id);
    ALTER TABLE clips ADD COLUMN width INTEGER;
    ALTER TABLE clips ADD COLUMN height INTEGER;
    ALTER TABLE clips ADD COLUMN thumb_width INTEGER;
    ALTER TABLE clips ADD COLUMN thumb_height INTEGER;
    ALTER TABLE clips ADD COLUMN prompt TEXT NOT NULL DEFAULT '';
    ALTER TABLE clips ADD COLUMN duration_s REAL NOT NULL DEFAULT 5;
    ALTER TABLE clips ADD COLUMN motion TEXT;
    CREATE INDEX clips_working_media ON clips (working_media_id);
    CREATE INDEX clips_thumb_media ON clips (thumb_media_id);
  `,
};
