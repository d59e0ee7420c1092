import type { Migration } from '../migrate';

/**
 * The preview's segment cache: a rendered piece of the timeline (a clip body, a transition window,
 * the audio) by its content key, pointing at its file in the media store. A row keeps its media
 * from the collector; evicting the least recently used rows past the cache's budget frees them.
 */
export const m0007PreviewSegments: Migration = {
  version: 7,
  name: 'preview segments',
  sql: `
    CREATE TABLE preview_segments (
      key       TEXT PRIMARY KEY CHECK (length(key) = 64),
      media_id  TEXT NOT NULL,
      bytes     INTEGER NOT NULL CHECK (bytes > 0),
      used_at   TEXT NOT NULL
    );
    CREATE INDEX preview_segments_used_at ON preview_segments (used_at);
    CREATE INDEX preview_segments_media ON preview_segments (media_id);
  `,
};
