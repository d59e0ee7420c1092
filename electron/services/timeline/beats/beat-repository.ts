import type { Db } from '../../db/database';
import type { BeatAnalysis } from './beat-detect';

/** Bump when the detector changes what it finds: tracks analysed before are analysed again. */
export const BEAT_ANALYSIS_VERSION = 1;

interface Row {
  status: 'found' | 'none';
  tempo_bpm: number | null;
  beats: string;
  strong: string;
  duration_s: number;
  message: string | null;
}

const numbers = (json: string): number[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.every((n) => typeof n === 'number' && Number.isFinite(n)) ? (value as number[]) : [];
  } catch {
    return [];
  }
};

/** Beats kept by the track's content hash (music_beats), for this detector's version only. */
export function createBeatRepository(db: Db, now: () => Date = () => new Date()) {
  const read = db.prepare<[string, number], Row>('SELECT status, tempo_bpm, beats, strong, duration_s, message FROM music_beats WHERE track_hash = ? AND analysis = ?');
  const write = db.prepare(`
    INSERT INTO music_beats (track_hash, analysis, status, tempo_bpm, beats, strong, duration_s, message, analysed_at)
    VALUES (@hash, @analysis, @status, @tempo, @beats, @strong, @duration, @message, @at)
    ON CONFLICT(track_hash) DO UPDATE SET analysis = excluded.analysis, status = excluded.status, tempo_bpm = excluded.tempo_bpm,
      beats = excluded.beats, strong = excluded.strong, duration_s = excluded.duration_s, message = excluded.message, analysed_at = excluded.analysed_at`);
  return {
    get(hash: string): BeatAnalysis | null {
      const row = read.get(hash, BEAT_ANALYSIS_VERSION);
      if (!row) return null;
      return { status: row.status, tempoBpm: row.tempo_bpm, beats: numbers(row.beats), strong: numbers(row.strong), durationS: row.duration_s, message: row.message };
    },
    put(hash: string, analysis: BeatAnalysis): void {
      write.run({
        hash,
        analysis: BEAT_ANALYSIS_VERSION,
        status: analysis.status,
        tempo: analysis.tempoBpm,
        beats: JSON.stringify(analysis.beats),
        strong: JSON.stringify(analysis.strong),
        duration: analysis.durationS,
        message: analysis.message,
        at: now().toISOString(),
      });
    },
  };
}
export type BeatRepository = ReturnType<typeof createBeatRepository>;
