import { randomUUID } from 'node:crypto';
import type { Clip } from '../../../shared/contract/clips';
import type { Motion } from '../../../shared/contract/generate';
import { TransitionSchema, type Transition } from '../../../shared/contract/timeline';
import { StudioError } from '../../../shared/contract/errors';
import type { Db } from '../db/database';
import { clipFramingOf } from '../generate/generation-settings-repository';
import type { ClipFraming, FocusPoint } from '../../../shared/framing';
import type { Shape } from '../../../shared/values';

interface ClipRow {
  id: string;
  project_id: string;
  position: number;
  source_name: string | null;
  working_media_id: string | null;
  width: number | null;
  height: number | null;
  thumb_media_id: string | null;
  thumb_width: number | null;
  thumb_height: number | null;
  prompt: string;
  duration_s: number;
  motion: string | null;
  focus_x: number | null;
  focus_y: number | null;
  framing: string | null;
  caption: string | null;
  approved: number;
  created_at: string;
  updated_at: string;
}

const columns = `id, project_id, position, source_name, working_media_id, width, height, thumb_media_id,
  thumb_width, thumb_height, focus_x, focus_y, framing, caption, prompt, duration_s, motion, approved, created_at, updated_at`;

type EditsRow = ClipTrim & { transitionOut: string | null };

/** A stored transition that no longer parses (hand-edited, or from a newer version) falls back to the project's. */
function withTransition<T extends EditsRow>(row: T): Omit<T, 'transitionOut'> & { transitionOut: Transition | null } {
  let transitionOut: Transition | null = null;
  if (row.transitionOut) {
    try {
      const parsed = TransitionSchema.safeParse(JSON.parse(row.transitionOut));
      if (parsed.success) transitionOut = parsed.data;
    } catch {
      transitionOut = null;
    }
  }
  return { ...row, transitionOut };
}

function toClip(row: ClipRow): Clip {
  return {
    id: row.id,
    projectId: row.project_id,
    position: row.position,
    sourceName: row.source_name,
    workingMediaId: row.working_media_id,
    width: row.width,
    height: row.height,
    thumbMediaId: row.thumb_media_id,
    thumbWidth: row.thumb_width,
    thumbHeight: row.thumb_height,
    ...clipFramingOf(row),
    caption: row.caption,
    prompt: row.prompt,
    durationS: row.duration_s,
    motion: row.motion as Motion | null,
    approved: row.approved === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewImportedClip {
  projectId: string;
  sourceName: string;
  workingMediaId: string;
  width: number;
  height: number;
  thumbMediaId: string;
  thumbWidth: number;
  thumbHeight: number;
  /** The photo's focus point found at import; null when none was found. */
  focus: FocusPoint | null;
}

export interface ClipPatch {
  prompt?: string;
  durationS?: number;
  motion?: Motion | null;
}

export interface ClipRepository {
  /** Throws NOT_FOUND when the project does not exist. */
  assertProject(projectId: string): void;
  list(projectId: string): Clip[];
  get(clipId: string): Clip;
  /** Adds a clip after the project's last one. */
  append(clip: NewImportedClip): Clip;
  /** A clip of the project that already shows this working image, if any. */
  findByWorkingMedia(projectId: string, mediaId: string): string | undefined;
  update(clipId: string, patch: ClipPatch): Clip;
  reorder(projectId: string, clipIds: readonly string[]): Clip[];
  /**
   * Moves clips to the trash, all or nothing: they leave every list and the timeline (and are no
   * longer approved, so nothing compiles them) but keep their media, takes and chosen take, and
   * remember their place. Returns the projects that lost clips.
   */
  delete(clipIds: readonly string[]): string[];
  /** Brings trashed clips back at their old places (all or nothing); returns them, in timeline order. */
  restore(clipIds: readonly string[]): { clips: Clip[]; projects: string[] };
  /** Removes every trashed clip for good (with its takes and jobs); returns how many. */
  purgeTrash(): number;
  /** Sets a clip's in/out points (seconds into its approved take; out null = to the end). */
  trim(clipId: string, inS: number, outS: number | null): ClipTrim & { projectId: string };
  /** Every live clip's trim points and outgoing transition in a project. */
  trims(projectId: string): ClipEdits[];
  /** Sets the clip's own framing (null: the project's). */
  setFraming(clipId: string, framing: ClipFraming | null): Clip;
  /** Sets the clip's caption (null: none); the text is cleaned by the contract. */
  setCaption(clipId: string, caption: string | null): { projectId: string; caption: string | null };
  /** Sets the transition from this clip into the next one (null: the project's transition). */
  setTransitionOut(clipId: string, transition: Transition | null): { projectId: string; transitionOut: Transition | null };
  /** The approved clips in timeline order with their approved take's video: what an export compiles. */
  timelineEntries(projectId: string): TimelineEntry[];
}

export interface ClipTrim {
  clipId: string;
  trimInS: number;
  trimOutS: number | null;
}

export interface ClipEdits extends ClipTrim {
  /** The transition into the next clip; null = the project's transition. */
  transitionOut: Transition | null;
}

export interface TimelineEntry extends ClipEdits {
  /** The approved take's video; null when the clip is approved without one (refused by the export). */
  mediaId: string | null;
  /** The approved take's length as recorded when it was made (the preview plans with it when the file is gone). */
  takeDurationS: number | null;
  /** The shape the approved take was made for, the photo's size and focus point, the clip's framing: how the export fits the take. */
  takeAspect: Shape | null;
  /** The approved take's frame size and rate as recorded when it was made. */
  takeFrame?: { width: number; height: number; fps: number } | null;
  photo: { width: number; height: number } | null;
  focus: FocusPoint | null;
  framing: ClipFraming | null;
  /** Words under the clip in the video; null: none. */
  caption: string | null;
}

interface EntryFramingRow {
  takeAspect: string | null;
  takeWidth: number | null;
  takeHeight: number | null;
  takeFps: number | null;
  photoWidth: number | null;
  photoHeight: number | null;
  focus_x: number | null;
  focus_y: number | null;
  framing: string | null;
}

export function createClipRepository(db: Db, now: () => Date = () => new Date()): ClipRepository {
  const projectExists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM projects WHERE id = ?');
  const live = 'deleted_at IS NULL';
  const listStmt = db.prepare<[string], ClipRow>(`SELECT ${columns} FROM clips WHERE project_id = ? AND ${live} ORDER BY position, created_at, id`);
  const getStmt = db.prepare<[string], ClipRow>(`SELECT ${columns} FROM clips WHERE id = ? AND ${live}`);
  const trashedStmt = db.prepare<[string], ClipRow>(`SELECT ${columns} FROM clips WHERE id = ? AND deleted_at IS NOT NULL`);
  const nextPosition = db.prepare<[string], { next: number }>(
    `SELECT COALESCE(MAX(position) + 1, 0) AS next FROM clips WHERE project_id = ? AND ${live}`,
  );
  const insertStmt = db.prepare(`
    INSERT INTO clips (id, project_id, position, approved, created_at, updated_at, source_name,
                       working_media_id, width, height, thumb_media_id, thumb_width, thumb_height, focus_x, focus_y)
    VALUES (@id, @projectId, @position, 0, @at, @at, @sourceName,
            @workingMediaId, @width, @height, @thumbMediaId, @thumbWidth, @thumbHeight, @focusX, @focusY)`);
  const setFramingStmt = db.prepare(`UPDATE clips SET framing = ?, updated_at = ? WHERE id = ? AND ${live}`);
  const setCaptionStmt = db.prepare<[string | null, string, string]>(`UPDATE clips SET caption = ?, updated_at = ? WHERE id = ? AND ${live} RETURNING project_id`);
  const findByMedia = db.prepare<[string, string], { id: string }>(
    `SELECT id FROM clips WHERE project_id = ? AND working_media_id = ? AND ${live} ORDER BY position LIMIT 1`,
  );
  const setPosition = db.prepare('UPDATE clips SET position = ?, updated_at = ? WHERE id = ? AND position IS NOT ?');
  // The trashed row keeps its position (where it goes back) and its chosen take.
  const trashStmt = db.prepare(`UPDATE clips SET deleted_at = ?, approved = 0, updated_at = ? WHERE id = ? AND ${live}`);
  const untrashStmt = db.prepare(
    'UPDATE clips SET deleted_at = NULL, approved = (approved_take_id IS NOT NULL), updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL',
  );
  const purgeStmt = db.prepare('DELETE FROM clips WHERE deleted_at IS NOT NULL');
  const touchProject = db.prepare('UPDATE projects SET updated_at = ? WHERE id = ?');
  const setTrim = db.prepare('UPDATE clips SET trim_in_s = ?, trim_out_s = ?, updated_at = ? WHERE id = ?');
  const setTransitionStmt = db.prepare<[string | null, string, string]>(
    `UPDATE clips SET transition_out = ?, updated_at = ? WHERE id = ? AND ${live} RETURNING project_id`,
  );
  // A clip's approval names a take (clips.approved_take_id): its length bounds the trim, its video is what exports.
  const approvedTakeLength = db.prepare<[string], { duration_s: number | null; project_id: string }>(
    `SELECT t.duration_s, c.project_id FROM clips c LEFT JOIN takes t ON t.id = c.approved_take_id WHERE c.id = ? AND c.${live}`,
  );
  const trimsStmt = db.prepare<[string], EditsRow>(
    `SELECT id AS clipId, trim_in_s AS trimInS, trim_out_s AS trimOutS, transition_out AS transitionOut FROM clips WHERE project_id = ? AND ${live}`,
  );
  const entriesStmt = db.prepare<[string], EditsRow & EntryFramingRow & { mediaId: string | null; takeDurationS: number | null; caption: string | null }>(`
    SELECT c.id AS clipId, t.media_id AS mediaId, t.duration_s AS takeDurationS, c.trim_in_s AS trimInS, c.trim_out_s AS trimOutS, c.transition_out AS transitionOut,
           t.aspect AS takeAspect, t.width AS takeWidth, t.height AS takeHeight, t.fps AS takeFps, c.width AS photoWidth, c.height AS photoHeight, c.focus_x, c.focus_y, c.framing,
           c.caption
    FROM clips c LEFT JOIN takes t ON t.id = c.approved_take_id
    WHERE c.project_id = ? AND c.approved = 1 AND c.${live}
    ORDER BY c.position`);

  function assertProject(projectId: string): void {
    if (!projectExists.get(projectId)) throw new StudioError('NOT_FOUND', `No project with id ${projectId}`);
  }

  function get(clipId: string): Clip {
    const row = getStmt.get(clipId);
    if (!row) throw new StudioError('NOT_FOUND', `No clip with id ${clipId}`);
    return toClip(row);
  }

  /** Renumbers a project's clips 0..n-1 in the given order, touching only rows that move. */
  function writeOrder(projectId: string, ids: readonly string[], at: string): void {
    ids.forEach((id, position) => setPosition.run(position, at, id, position));
    touchProject.run(at, projectId);
  }

  const append = db.transaction((clip: NewImportedClip): Clip => {
    const id = randomUUID();
    const at = now().toISOString();
    const position = nextPosition.get(clip.projectId)?.next ?? 0;
    const { focus, ...fields } = clip;
    insertStmt.run({ ...fields, focusX: focus?.x ?? null, focusY: focus?.y ?? null, id, position, at });
    touchProject.run(at, clip.projectId);
    return get(id);
  });

  const reorder = db.transaction((projectId: string, clipIds: readonly string[]): Clip[] => {
    assertProject(projectId);
    const current = listStmt.all(projectId).map((r) => r.id);
    const given = new Set(clipIds);
    const sameSet = given.size === clipIds.length && given.size === current.length && current.every((id) => given.has(id));
    if (!sameSet) {
      throw new StudioError(
        'CONFLICT',
        `The new order must list each of the project's ${current.length} clips exactly once (got ${clipIds.length} ids); reload the clips and try again`,
      );
    }
    writeOrder(projectId, clipIds, now().toISOString());
    return listStmt.all(projectId).map(toClip);
  });

  const trash = db.transaction((clipIds: readonly string[]): string[] => {
    const unique = [...new Set(clipIds)];
    const rows = unique.map((id) => {
      const row = getStmt.get(id);
      if (!row) throw new StudioError('NOT_FOUND', `No clip with id ${id}`);
      return row;
    });
    const at = now().toISOString();
    for (const id of unique) trashStmt.run(at, at, id);
    const projects = [...new Set(rows.map((r) => r.project_id))];
    for (const projectId of projects) writeOrder(projectId, listStmt.all(projectId).map((r) => r.id), at);
    return projects;
  });

  const restore = db.transaction((clipIds: readonly string[]) => {
    const rows = [...new Set(clipIds)].map((id) => {
      const row = trashedStmt.get(id);
      if (!row) throw new StudioError('NOT_FOUND', `No deleted clip with id ${id}`);
      return row;
    });
    const at = now().toISOString();
    const projects = [...new Set(rows.map((r) => r.project_id))];
    for (const projectId of projects) {
      const order = withRestored(
        listStmt.all(projectId).map((r) => r.id),
        rows.filter((r) => r.project_id === projectId),
      );
      for (const row of rows) if (row.project_id === projectId) untrashStmt.run(at, row.id);
      writeOrder(projectId, order, at);
    }
    const restored = rows.map((r) => get(r.id)).sort((a, b) => a.projectId.localeCompare(b.projectId) || a.position - b.position);
    return { clips: restored, projects };
  });

  return {
    assertProject,
    list(projectId) {
      assertProject(projectId);
      return listStmt.all(projectId).map(toClip);
    },
    get,
    append: (clip) => append(clip),
    findByWorkingMedia: (projectId, mediaId) => findByMedia.get(projectId, mediaId)?.id,
    update(clipId, patch) {
      const sets: string[] = [];
      const values: Record<string, unknown> = { id: clipId, at: now().toISOString() };
      if (patch.prompt !== undefined) {
        sets.push('prompt = @prompt');
        values.prompt = patch.prompt;
      }
      if (patch.durationS !== undefined) {
        sets.push('duration_s = @durationS');
        values.durationS = patch.durationS;
      }
      if (patch.motion !== undefined) {
        sets.push('motion = @motion');
        values.motion = patch.motion;
      }
      if (sets.length === 0) return get(clipId);
      const changed = db.prepare(`UPDATE clips SET ${sets.join(', ')}, updated_at = @at WHERE id = @id AND ${live}`).run(values).changes;
      if (changed === 0) throw new StudioError('NOT_FOUND', `No clip with id ${clipId}`);
      return get(clipId);
    },
    reorder: (projectId, clipIds) => reorder(projectId, clipIds),
    delete: (clipIds) => trash(clipIds),
    restore: (clipIds) => restore(clipIds),
    purgeTrash: () => purgeStmt.run().changes,
    trim(clipId, inS, outS) {
      const row = approvedTakeLength.get(clipId);
      if (!row) throw new StudioError('NOT_FOUND', `No clip with id ${clipId}`);
      const length = row.duration_s;
      if (length !== null && (inS >= length || (outS !== null && outS > length + 1e-6))) {
        throw new StudioError('INVALID_INPUT', `Trim points must lie within the take's ${length.toFixed(2)} s`);
      }
      if (length !== null && (outS ?? length) - inS < 0.5) {
        throw new StudioError('INVALID_INPUT', 'A trimmed clip must keep at least 0.5 s');
      }
      setTrim.run(inS, outS, now().toISOString(), clipId);
      return { clipId, trimInS: inS, trimOutS: outS, projectId: row.project_id };
    },
    trims: (projectId) => trimsStmt.all(projectId).map(withTransition),
    timelineEntries: (projectId) =>
      entriesStmt.all(projectId).map((row) => {
        const { focus_x, focus_y, framing, takeAspect, takeWidth, takeHeight, takeFps, photoWidth, photoHeight, ...rest } = withTransition(row);
        const photo = photoWidth && photoHeight ? { width: photoWidth, height: photoHeight } : null;
        const takeFrame = takeWidth && takeHeight && takeFps ? { width: takeWidth, height: takeHeight, fps: takeFps } : null;
        return { ...rest, takeAspect: takeAspect as Shape | null, takeFrame, photo, ...clipFramingOf({ focus_x, focus_y, framing }) };
      }),
    setFraming(clipId, framing) {
      if (setFramingStmt.run(framing ? JSON.stringify(framing) : null, now().toISOString(), clipId).changes === 0) {
        throw new StudioError('NOT_FOUND', `No clip with id ${clipId}`);
      }
      return get(clipId);
    },
    setCaption(clipId, caption) {
      const row = setCaptionStmt.get(caption, now().toISOString(), clipId) as { project_id: string } | undefined;
      if (!row) throw new StudioError('NOT_FOUND', `No clip with id ${clipId}`);
      return { projectId: row.project_id, caption };
    },
    setTransitionOut(clipId, transition) {
      const row = setTransitionStmt.get(transition ? JSON.stringify(transition) : null, now().toISOString(), clipId) as
        | { project_id: string }
        | undefined;
      if (!row) throw new StudioError('NOT_FOUND', `No clip with id ${clipId}`);
      return { projectId: row.project_id, transitionOut: transition };
    },
  };
}

/**
 * The timeline with trashed clips put back where they were: in order of their old positions, each
 * goes to its old index (or the end, if the timeline has since become shorter). Undoing deletions
 * in reverse order restores the original order exactly.
 */
export function withRestored(liveIds: readonly string[], restored: ReadonlyArray<{ id: string; position: number }>): string[] {
  const order = [...liveIds];
  for (const clip of [...restored].sort((a, b) => a.position - b.position)) order.splice(Math.min(clip.position, order.length), 0, clip.id);
  return order;
}
