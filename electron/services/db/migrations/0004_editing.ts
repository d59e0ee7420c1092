import type { Migration } from '../migrate';

/**
 * Editing and export: per-clip trim points, the project's timeline settings (transition, music,
 * output preset) as validated JSON, a soft delete so a deleted project can be restored (undo),
 * and the exports made from a project (their videos live in the media store).
 */
export const m0004Editing: Migration = {
  version: 4,
  name: 'editing',
  sql: `
    ALTER TABLE clips ADD COLUMN trim_in_s REAL NOT NULL DEFAULT 0 CHECK (trim_in_s >= 0);
    ALTER TABLE clips ADD COLUMN trim_out_s REAL CHECK (trim_out_s IS NULL OR trim_out_s > trim_in_s);
    ALTER TABLE projects ADD COLUMN timeline_settings TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE projects ADD COLUMN deleted_at TEXT;
    CREATE INDEX projects_deleted_at ON projects (deleted_at);

    CREATE TABLE exports (
      id           TEXT PRIMARY KEY,
      project_id   TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
      state        TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled')),
      settings     TEXT NOT NULL,
      progress     REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
      message      TEXT NOT NULL DEFAULT '',
      media_id     TEXT,
      duration_s   REAL,
      size_bytes   INTEGER,
      width        INTEGER,
      height       INTEGER,
      created_at   TEXT NOT NULL,
      finished_at  TEXT
    );
    CREATE INDEX exports_project ON exports (project_id, created_at DESC);
  `,
};
