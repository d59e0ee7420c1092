import type { Shape } from '../../../shared/values';
import type { FocusPoint } from '../../../shared/framing';
import { ClipFramingSchema, type ClipFraming } from '../../../shared/contract/clips';
import { createTimelineSettingsRepository } from '../timeline/timeline-settings-repository';
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
  focus_x: number | null;
  focus_y: number | null;
  framing: string | null;
}

/** A clip's stored focus point and framing, read back (a damaged framing value counts as none). */
export function clipFramingOf(row: { focus_x: number | null; focus_y: number | null; framing: string | null }): { focus: FocusPoint | null; framing: ClipFraming | null } {
  const focus = row.focus_x !== null && row.focus_y !== null ? { x: row.focus_x, y: row.focus_y } : null;
  let framing: ClipFraming | null = null;
  if (row.framing) {
    try {
      const parsed = ClipFramingSchema.safeParse(JSON.parse(row.framing));
      if (parsed.success) framing = parsed.data;
    } catch {
      // A damaged value: the clip follows the project.
    }
  }
  return { focus, framing };
}

/**
 * Project generation defaults and the clip fields a job is built from. The project's shape is its
 * output aspect (one shape per project), kept in the timeline settings.
 */
export function createGenerationSettings(db: Db, now: () => Date = () => new Date()) {
  const timeline = createTimelineSettingsRepository(db, now);
  const defaultsStmt = db.prepare<[string], { default_motion: Motion }>('SELECT default_motion FROM projects WHERE id = ?');
  const setStmt = db.prepare('UPDATE projects SET default_motion = ?, updated_at = ? WHERE id = ?');
  const clipStmt = db.prepare<[string], ClipSource>(
    'SELECT id, project_id, working_media_id, prompt, duration_s, motion, focus_x, focus_y, framing FROM clips WHERE id = ? AND deleted_at IS NULL',
  );

  function defaults(projectId: string): GenerationDefaults {
    const row = defaultsStmt.get(projectId);
    if (!row) throw new StudioError('NOT_FOUND', `No project with id ${projectId}`);
    return { projectId, defaultMotion: row.default_motion, aspect: timeline.get(projectId).output.aspect };
  }

  return {
    defaults,
    /** What generation follows of the project's output settings: its shape and whether crops aim at the subject. */
    output: (projectId: string) => timeline.get(projectId).output,
    setDefaults(projectId: string, defaultMotion: Motion, aspect: Shape): GenerationDefaults {
      if (setStmt.run(defaultMotion, now().toISOString(), projectId).changes === 0) {
        throw new StudioError('NOT_FOUND', `No project with id ${projectId}`);
      }
      timeline.update(projectId, { output: { aspect } });
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
