// A take: one paid generation of a clip (a clip_takes row and its Runway task). Shared by
// clip-generation, clip-status and clip-details: the row, how it fails and refunds, and what the
// app sees of it.
import { refundCredits, type Sql } from './db.ts';
import { ApiError } from './http.ts';
import { explainFailure } from './runway.ts';
import type { TakeBody, TakeStage, TakeStatus } from './wire.ts';

/** A take still 'submitting' after this, and never sent, lost its request (crash between charge and create). */
export const STALE_SUBMIT_MS = 5 * 60 * 1000;
/**
 * A take whose create was sent but never confirmed ('unknown', or 'submitting' after a crash
 * mid-call) is refunded once this has passed since the create started (RUNWAY_RECONCILE_MS);
 * it must be longer than the create's own timeout, so no answer can still be on its way.
 */
export const DEFAULT_RECONCILE_MS = 10 * 60 * 1000;

/** A generation in flight: the clip's one active take (see clip_takes_one_active_per_clip). */
export const ACTIVE = ['submitting', 'unknown', 'pending', 'throttled', 'running'] as const;

export type TakeEvent = 'create_unknown' | 'refunded_unconfirmed' | 'cancelled_after_refund' | 'output_refreshed' | 'output_lost';

/** A decision about a take's money, for the operator (public.take_events). */
export async function recordEvent(sql: Sql, takeId: string, event: TakeEvent, taskId: string | null, detail?: string): Promise<void> {
  await sql.query('insert into public.take_events (take_id, task_id, event, detail) values ($1, $2, $3, $4)', [
    takeId,
    taskId,
    event,
    detail?.slice(0, 500) ?? null,
  ]);
}

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
  create_request_id: string;
  create_started_at: Date | null;
  project_id: string;
}

export const takeColumns = `t.id, t.clip_id, t.user_id, t.reference, t.task_id, t.status, t.progress, t.credits,
  t.failure_code, t.failure_message, t.video_file_path, t.created_at, t.create_request_id, t.create_started_at, c.project_id`;

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

/**
 * A take with no task yet: refunds it when its request is lost for good. Never sent (no create
 * start) and older than STALE_SUBMIT_MS: SUBMIT_LOST. Sent but never confirmed within reconcileMs
 * of the create's start: PROVIDER_UNCONFIRMED, logged (a task Runway made from it, if any, is not
 * ours to find: Runway has no list of tasks; see the README). Returns whether it refunded.
 */
export async function resolveTaskless(
  sql: Sql,
  take: Pick<TakeRow, 'id' | 'reference' | 'clip_id' | 'created_at' | 'create_started_at'>,
  now: Date,
  reconcileMs: number,
): Promise<boolean> {
  if (!take.create_started_at) {
    if (now.getTime() - new Date(take.created_at).getTime() <= STALE_SUBMIT_MS) return false;
    return failTake(sql, take, 'SUBMIT_LOST', 'The generation request was lost before it reached the provider.');
  }
  if (now.getTime() - new Date(take.create_started_at).getTime() <= reconcileMs) return false;
  const code = 'PROVIDER_UNCONFIRMED';
  const refunded = await failTake(sql, take, code, explainFailure(code).message);
  if (refunded) await recordEvent(sql, take.id, 'refunded_unconfirmed', null, `no task confirmed within ${Math.round(reconcileMs / 1000)} s of the create`);
  return refunded;
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
    case 'unknown':
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
