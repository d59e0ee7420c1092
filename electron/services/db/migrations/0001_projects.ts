import type { Migration } from '../migrate';

export const m0001Projects: Migration = {
  version: 1,
  name: 'projects',
  sql: `
    CREATE TABLE projects (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    );
    CREATE INDEX projects_updated_at ON projects (updated_at DESC);

    CREATE TABLE clips (
      id          TEXT PRIMARY KEY,
      project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
      position    INTEGER NOT NULL,
      approved    INTEGER NOT NULL DEFAULT 0 CHECK (approved IN (0, 1)),
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    );
    CREATE INDEX clips_project_position ON clips (project_id, position);
  `,
};
