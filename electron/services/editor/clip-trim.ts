import { StudioError } from '../../../shared/errors';
import type { Db } from '../db/database';

/** Sets a clip's in/out points (seconds into its approved take; out null = to the end). */
export function createClipTrimmer(db: Db, now: () => Date = () => new Date()) {
  const update = db.prepare('UPDATE clips SET trim_in_s = ?, trim_out_s = ?, updated_at = ? WHERE id = ?');
  const takeDuration = db.prepare<[string], { duration_s: number | null; project_id: string }>(
    'SELECT t.duration_s, c.project_id FROM clips c LEFT JOIN takes t ON t.id = c.approved_take_id WHERE c.id = ? AND c.deleted_at IS NULL',
  );
  return function trim(clipId: string, inS: number, outS: number | null) {
    const row = takeDuration.get(clipId);
    if (!row) throw new StudioError('NOT_FOUND', `No clip with id ${clipId}`);
    const length = row.duration_s;
    if (length !== null && (inS >= length || (outS !== null && outS > length + 1e-6))) {
      throw new StudioError('INVALID_INPUT', `Trim points must lie within the take's ${length.toFixed(2)} s`);
    }
    if (length !== null && (outS ?? length) - inS < 0.5) {
      throw new StudioError('INVALID_INPUT', 'A trimmed clip must keep at least 0.5 s');
    }
    update.run(inS, outS, now().toISOString(), clipId);
    return { clipId, trimInS: inS, trimOutS: outS, projectId: row.project_id };
  };
}
