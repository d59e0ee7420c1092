import type { Migration } from '../migrate';

/**
 * Words and rhythm (issue 21).
 * - A caption per clip (NULL: none), cleaned and cut by the shared rule before it is stored; it
 *   moves with its clip and is copied with a duplicated project.
 * - The title, the end card, the captions' look and the "Cut to the beat" switch are project
 *   settings: they live in projects.timeline_settings (validated JSON, beside the transition and the
 *   music) as `text` and `beatSync`; older rows read as no title, no end card, switch off.
 * - The beats of a music track, found once on this device and kept by the track's content hash
 *   (a bundled track and the creator's own file alike): the beat times in seconds, which of them
 *   are strong (downbeats), the tempo, or why none were found. `analysis` names the detector's
 *   version, so a better detector analyses again instead of trusting old results.
 */
export const m0011WordsAndRhythm: Migration = {
  version: 11,
  name: 'words_and_rhythm',
  sql: `
    ALTER TABLE clips ADD COLUMN caption TEXT CHECK (caption IS NULL OR length(caption) BETWEEN 1 AND 1000);

    CREATE TABLE music_beats (
      track_hash TEXT PRIMARY KEY CHECK (length(track_hash) = 64),
      analysis INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('found', 'none')),
      tempo_bpm REAL,
      beats TEXT NOT NULL DEFAULT '[]',
      strong TEXT NOT NULL DEFAULT '[]',
      duration_s REAL NOT NULL,
      message TEXT,
      analysed_at TEXT NOT NULL
    );
  `,
};
