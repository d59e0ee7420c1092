import { randomUUID } from 'node:crypto';
import type { Motion, Take } from '../../../shared/contract/generate';
import { nearestShape, SHAPES, type Shape } from '../../../shared/values';
import { ClipFramingSchema } from '../../../shared/contract/framing';
import { FocusModeSchema } from '../../../shared/output';
import { z } from 'zod';

const MadeWith = z.object({ framing: ClipFramingSchema.nullable(), focusMode: FocusModeSchema });
export type MadeWith = z.infer<typeof MadeWith>;

function madeWithOf(text: string | null): MadeWith | null {
  if (!text) return null;
  try {
    const parsed = MadeWith.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
import { StudioError } from '../../../shared/contract/errors';
import type { Db } from '../db/database';

interface TakeRow {
  id: string;
  clip_id: string;
  job_id: string | null;
  provider: string;
  prompt: string;
  motion: Motion | null;
  seed: number;
  duration_s: number;
  fps: number;
  width: number;
  height: number;
  aspect: string | null;
  framing: string | null;
  media_id: string;
  created_at: string;
  approved: number;
}

function toTake(row: TakeRow): Take {
  return {
    id: row.id,
    clipId: row.clip_id,
    jobId: row.job_id,
    provider: row.provider,
    prompt: row.prompt,
    motion: row.motion,
    seed: row.seed,
    durationS: row.duration_s,
    fps: row.fps,
    width: row.width,
    height: row.height,
    aspect: (SHAPES as readonly string[]).includes(row.aspect ?? '') ? (row.aspect as Shape) : nearestShape(row.width, row.height),
    madeWith: madeWithOf(row.framing),
    mediaId: row.media_id,
    approved: row.approved === 1,
    createdAt: row.created_at,
  };
}

export interface NewTake {
  clipId: string;
  jobId: string | null;
  provider: string;
  prompt: string;
  motion: Motion | null;
  seed: number;
  durationS: number;
  fps: number;
  width: number;
  height: number;
  aspect: Shape;
  madeWith: MadeWith;
  mediaId: string;
}

const select = `
  SELECT t.*, (c.approved_take_id IS t.id) AS approved
  FROM takes t JOIN clips c ON c.id = t.clip_id`;

/** Every video made for a clip; regenerating adds one, and the clip approves at most one. */
export function createTakeRepository(db: Db, now: () => Date = () => new Date()) {
  const insertStmt = db.prepare(
    `INSERT INTO takes (id, clip_id, job_id, provider, prompt, motion, seed, duration_s, fps, width, height, aspect, framing, media_id, created_at)
     VALUES (@id, @clipId, @jobId, @provider, @prompt, @motion, @seed, @durationS, @fps, @width, @height, @aspect, @framing, @mediaId, @at)`,
  );
  const getStmt = db.prepare<[string], TakeRow>(`${select} WHERE t.id = ?`);
  const listStmt = db.prepare<[string], TakeRow>(`${select} WHERE t.clip_id = ? ORDER BY t.created_at, t.rowid`);
  const approvedStmt = db.prepare<[string], TakeRow>(`${select} WHERE c.id = ? AND c.approved_take_id = t.id AND c.deleted_at IS NULL`);
  const clipStmt = db.prepare<[string], { project_id: string }>('SELECT project_id FROM clips WHERE id = ? AND deleted_at IS NULL');
  const approveStmt = db.prepare('UPDATE clips SET approved = 1, approved_take_id = ?, updated_at = ? WHERE id = ?');
  const unapproveStmt = db.prepare('UPDATE clips SET approved = 0, approved_take_id = NULL, updated_at = ? WHERE id = ?');

  function projectOf(clipId: string): string {
    const clip = clipStmt.get(clipId);
    if (!clip) throw new StudioError('NOT_FOUND', `No clip with id ${clipId}`);
    return clip.project_id;
  }

  return {
    insert(take: NewTake): string {
      const id = randomUUID();
      const { madeWith, ...fields } = take;
      insertStmt.run({ ...fields, framing: JSON.stringify(madeWith), id, at: now().toISOString() });
      return id;
    },
    /** The clip's approved take, if it has one. */
    approvedOf(clipId: string): Take | null {
      const row = approvedStmt.get(clipId);
      return row ? toTake(row) : null;
    },
    list(clipId: string): Take[] {
      projectOf(clipId);
      return listStmt.all(clipId).map(toTake);
    },
    /** Approves one take of the clip (replacing any earlier choice); returns the clip's project. */
    approve(clipId: string, takeId: string): { take: Take; projectId: string } {
      const projectId = projectOf(clipId);
      const row = getStmt.get(takeId);
      if (!row || row.clip_id !== clipId) throw new StudioError('NOT_FOUND', `Clip ${clipId} has no take ${takeId}`);
      approveStmt.run(takeId, now().toISOString(), clipId);
      return { take: toTake(getStmt.get(takeId)!), projectId };
    },
    /** Clears the clip's approved take, if any (undo of a first approval); returns the clip's project and takes. */
    unapprove(clipId: string): { takes: Take[]; projectId: string } {
      const projectId = projectOf(clipId);
      unapproveStmt.run(now().toISOString(), clipId);
      return { takes: listStmt.all(clipId).map(toTake), projectId };
    },
  };
}

export type TakeRepository = ReturnType<typeof createTakeRepository>;
