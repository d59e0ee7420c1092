import type { Migration } from '../migrate';

/**
 * Generation: takes (every video made for a clip, kept when the clip is regenerated), the
 * persisted job queue, the approved take per clip and the project's generation defaults.
 * A job's `spec` is the frozen request (JSON); `provider_task_id` is saved the moment the
 * provider returns it, and `submit_started_at` marks a create that may have reached the provider.
 */
export const m0003Generation: Migration = {
  version: 3,
  name: 'generation',
  sql: `
    CREATE TABLE takes (
      id          TEXT PRIMARY KEY,
      clip_id     TEXT NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
      job_id      TEXT UNIQUE,
      provider    TEXT NOT NULL,
      prompt      TEXT NOT NULL,
      motion      TEXT,
      seed        INTEGER NOT NULL,
      duration_s  REAL NOT NULL,
      fps         INTEGER NOT NULL,
      width       INTEGER NOT NULL,
      height      INTEGER NOT NULL,
      media_id    TEXT NOT NULL,
      created_at  TEXT NOT NULL
    );
    CREATE INDEX takes_clip ON takes (clip_id, created_at);
    CREATE INDEX takes_media ON takes (media_id);

    CREATE TABLE jobs (
      id                 TEXT PRIMARY KEY,
      project_id         TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
      clip_id            TEXT NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
      provider           TEXT NOT NULL,
      spec               TEXT NOT NULL,
      state              TEXT NOT NULL DEFAULT 'queued'
                         CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      provider_task_id   TEXT,
      provider_state     TEXT,
      submit_started_at  TEXT,
      progress           REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
      message            TEXT NOT NULL DEFAULT '',
      error_kind         TEXT,
      error_code         TEXT,
      attempt            INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
      max_attempts       INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
      next_attempt_at    TEXT,
      take_id            TEXT REFERENCES takes (id) ON DELETE SET NULL,
      created_at         TEXT NOT NULL,
      updated_at         TEXT NOT NULL,
      finished_at        TEXT
    );
    CREATE INDEX jobs_runnable ON jobs (state, provider, next_attempt_at);
    CREATE INDEX jobs_project ON jobs (project_id, created_at);
    CREATE INDEX jobs_clip ON jobs (clip_id, state);

    ALTER TABLE clips ADD COLUMN approved_take_id TEXT REFERENCES takes (id) ON DELETE SET NULL;
    ALTER TABLE projects ADD COLUMN default_motion TEXT NOT NULL DEFAULT 'drift'
      CHECK (default_motion IN ('zoom_in', 'zoom_out', 'pan_left', 'pan_right', 'pan_up', 'pan_down', 'drift'));
    ALTER TABLE projects ADD COLUMN aspect TEXT NOT NULL DEFAULT '16:9'
      CHECK (aspect IN ('16:9', '9:16', '4:3', '3:4', '1:1', '21:9'));
  `,
};
