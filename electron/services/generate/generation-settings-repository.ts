import type { ClipAspect } from '../../../shared/values';
import type { GenerationDefaults, Motion } from '../../../shared/contract/generate';
import { StudioError } from '../../../shared/contract/errors';
import type { Db } from '../db/database';

/** What generation reads of a clip (columns of migration 0002); clips in the trash are not found. */
export interface ClipSource {
  id: string;
  project_id: string;
  working_media_id: string | null;
  prompt: string;
  duration_s: number;
  motion: Motion | null;
}

/** Project generation defaults and the clip fields a job is built from. */
export function createGenerationSettings(db: Db, now: () => Date = () => new Date()) {
  const defaultsStmt = db.prepare<[string], { default_motion: Motion; aspect: ClipAspect }>(
    'SELECT default_motion, aspect FROM projects WHERE id = ?',
  );
  const setStmt = db.prepare('UPDATE projects SET default_motion = ?, aspect = ?, updated_at = ? WHERE id = ?');
  const clipStmt = db.prepare<[string], ClipSource>(
    'SELECT id, project_id, working_media_id, prompt, duration_s, motion FROM clips WHERE id = ? AND deleted_at IS NULL',
  );

  function defaults(projectId: string): GenerationDefaults {
    const row = defaultsStmt.get(projectId);
    if (!row) throw new StudioError('NOT_FOUND', `No project with id ${projectId}`);
    return { projectId, defaultMotion: row.default_motion, aspect: row.aspect };
  }

  return {
    defaults,
    setDefaults(projectId: string, defaultMotion: Motion, aspect: ClipAspect): GenerationDefaults {
      if (setStmt.run(defaultMotion, aspect, now().toISOString(), projectId).changes === 0) {
        throw new StudioError('NOT_FOUND', `No project with id ${projectId}`);
      }
      return defaults(projectId);
    },
    clip(clipId: string): ClipSource {
      const row = clipStmt.get(clipId);
      if (!row) throw new StudioError('NOT_FOUND', `No clip with id ${clipId}`);
      return row;
    },
  };
}

export type GenerationSettings = ReturnType<typeof createGenerationSettings>;
