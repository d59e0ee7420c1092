// A take: one paid generation of a clip (a clip_takes row and its Runway task). Shared by
// clip-generation, clip-status and clip-details: the row, how it fails and refunds, and what the
// app sees of it.
import { refundCredits, type Sql } from './db.ts';
import { ApiError } from './http.ts';
import { explainFailure } from './runway.ts';
import type { TakeBody, TakeStage, TakeStatus } from './wire.ts';

/** A take still 'submitting' after this lost its request (crash between charge and create). */
export const STALE_SUBMIT_MS = 5 * 60 * 1000;

export const ACTIVE = ['submitting', 'pending', 'throttled', 'running'] as const;

export interface TakeRow {
  id: string;
  clip_id: string;
  user_id: string;
  reference: string;
  task_id: string | null;
  status: string;
  progress: number | null;
  credits: number;
  failure_code: string | null;
  failure_message: string | null;
  video_file_path: string | null;
  created_at: Date;
  project_id: string;
}

export const takeColumns = `t.id, t.clip_id, t.user_id, t.reference, t.task_id, t.status, t.progress, t.credits,
  t.failure_code, t.failure_message, t.video_file_path, t.created_at, c.project_id`;

/** Fails a take that never got a Runway task, and refunds it. Returns whether it changed. */
export async function failTake(sql: Sql, take: { id: string; reference: string; clip_id: string }, code: string, message: string): Promise<boolean> {
  const { rowCount } = await sql.query(
    `update public.clip_takes set status = 'failed', failure_code = $2, failure_message = $3, finished_at = now()
     where id = $1 and status = any($4::text[])`,
    [take.id, code, message, ACTIVE],
  );
  if (!rowCount) return false;
  await refundCredits(sql, take.reference);
  await sql.query(
    `update public.clips set status = 'failed', failure_code = $2, failure_message = $3
     where id = $1 and status = 'generating'`,
    [take.clip_id, code, message],
  );
  return true;
}

export async function loadTake(sql: Sql, takeId: string, userId: string): Promise<TakeRow> {
  const { rows } = await sql.query<TakeRow>(
    `select ${takeColumns} from public.clip_takes t join public.clips c on c.id = t.clip_id where t.id = $1 and t.user_id = $2`,
    [takeId, userId],
  );
  if (!rows[0]) throw new ApiError(404, 'not_found', 'No such generation.');
  return rows[0];
}

/** What the app sees of a take. */
export function publicStatus(status: string): TakeStatus {
  switch (status) {
    case 'submitting':
    case 'pending':
    case 'throttled':
      return 'queued';
    case 'running':
      return 'running';
    case 'succeeded':
      return 'succeeded';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'failed';
  }
}

export function takeBody(take: TakeRow, extra: Partial<TakeBody> = {}): TakeBody {
  const failure = take.status === 'failed' || take.status === 'cancelled' ? explainFailure(take.failure_code ?? undefined) : undefined;
  return {
    takeId: take.id,
    clipId: take.clip_id,
    projectId: take.project_id,
    taskId: take.task_id,
    status: publicStatus(take.status),
    // the take's own state (pending / throttled / ...): the app tells a provider queue from ours
    stage: take.status as TakeStage,
    progress: take.progress,
    credits: take.credits,
    ...(failure ? { failure } : {}),
    ...extra,
  };
}
