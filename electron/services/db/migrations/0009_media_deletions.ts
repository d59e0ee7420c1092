import type { Migration } from '../migrate';

/**
 * Files the collector still has to delete. Forgetting a media row and queueing its file happen in
 * one transaction; the queue entry goes only once the file is gone. A file that cannot be deleted
 * now (Windows: still open in an FFmpeg of a cancelled render, held by antivirus) stays queued and
 * is tried again by the next collection, so it is never lost track of.
 */
export const m0009MediaDeletions: Migration = {
  version: 9,
  name: 'media deletions',
  sql: `
    CREATE TABLE media_deletions (
      id          TEXT PRIMARY KEY,
      queued_at   TEXT NOT NULL,
      attempts    INTEGER NOT NULL DEFAULT 0,
      last_error  TEXT
    );
  `,
};
