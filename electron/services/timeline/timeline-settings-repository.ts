import { type MusicSettings, TimelineSettings, type Transition } from '../../../shared/contract/timeline';
import type { OutputSettings } from '../../../shared/values';
import type { ProjectText } from '../../../shared/text';
import { StudioError } from '../../../shared/contract/errors';
import type { Db } from '../db/database';

export interface TimelinePatch {
  transition?: Transition;
  music?: MusicSettings | null;
  output?: Partial<OutputSettings>;
  text?: ProjectText;
  beatSync?: boolean;
}

/** A project's transition, music, output preset, title / end card / caption look and beat sync, kept as validated JSON on the project row. */
export function createTimelineSettingsRepository(db: Db, now: () => Date = () => new Date()) {
  const read = db.prepare<[string], { timeline_settings: string }>('SELECT timeline_settings FROM projects WHERE id = ? AND deleted_at IS NULL');
  const write = db.prepare('UPDATE projects SET timeline_settings = ?, updated_at = ? WHERE id = ?');

  function get(projectId: string): TimelineSettings {
    const row = read.get(projectId);
    if (!row) throw new StudioError('NOT_FOUND', `No project with id ${projectId}`);
    let stored: unknown = {};
    try {
      stored = JSON.parse(row.timeline_settings);
    } catch {
      // A damaged value falls back to defaults rather than locking the creator out of the project.
    }
    const parsed = TimelineSettings.safeParse(stored);
    return parsed.success ? parsed.data : TimelineSettings.parse({});
  }

  function update(projectId: string, patch: TimelinePatch): TimelineSettings {
    const current = get(projectId);
    const next = TimelineSettings.parse({
      transition: patch.transition ?? current.transition,
      music: patch.music === undefined ? current.music : patch.music,
      output: { ...current.output, ...patch.output },
      text: patch.text ?? current.text,
      beatSync: patch.beatSync ?? current.beatSync,
    });
    write.run(JSON.stringify(next), now().toISOString(), projectId);
    return next;
  }

  return { get, update };
}
export type TimelineSettingsRepository = ReturnType<typeof createTimelineSettingsRepository>;
