import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Motion, type ErrorKind, type Job, type JobState, type JobUpdated, type ProviderTaskState } from '../../../shared/contract/generate';
import type { Db } from '../db/database';
import { ShapeSchema, FocusModeSchema, QualitySchema } from '../../../shared/output';
import { ClipFramingSchema, FocusPointSchema } from '../../../shared/contract/clips';

/** The frozen request of a job: what the clip and project said when it was queued. */
export const JobSpec = z.object({
  imageMediaId: z.string(),
  prompt: z.string(),
  motion: Motion,
  seed: z.number().int().nonnegative(),
  durationS: z.number().positive(),
  fps: z.number().int().positive(),
  aspect: ShapeSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** The photo's focus point, the clip's framing and the project's focus mode when the job was queued (absent in older jobs). */
  focus: FocusPointSchema.nullable().default(null),
  framing: ClipFramingSchema.nullable().default(null),
  focusMode: FocusModeSchema.default('subject'),
  /** The project's export quality: a take made on the device is encoded at it, so that export copies it. */
  quality: QualitySchema.default('standard'),
  /** Approve the new take when it is ready (a remake for the project's shape replaces the approved take). */
  approve: z.boolean().default(false),
});
export type JobSpec = z.infer<typeof JobSpec>;

export interface JobRow {
  id: string;
  project_id: string;
  clip_id: string;
  provider: string;
  spec: string;
  state: JobState;
  provider_task_id: string | null;
  provider_state: ProviderTaskState | null;
  submit_started_at: string | null;
  progress: number;
  message: string;
  error_kind: ErrorKind | null;
  error_code: string | null;
  attempt: number;
  max_attempts: number;
  next_attempt_at: string | null;
  take_id: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export function specOf(row: JobRow): JobSpec {
  return JobSpec.parse(JSON.parse(row.spec));
}

const waitingStates = new Set<ProviderTaskState | null>(['PENDING', 'THROTTLED']);

/** A submitted task the provider still holds PENDING or THROTTLED is shown as queued. */
function shownState(row: JobRow): JobState {
  return row.state === 'running' && waitingStates.has(row.provider_state) ? 'queued' : row.state;
}

const notRetryable = new Set<ErrorKind>(['safety', 'invalid_input']);

function updateFields(row: JobRow) {
  return {
    clipId: row.clip_id,
    projectId: row.project_id,
    provider: row.provider,
    state: shownState(row),
    providerState: row.provider_state,
    progress: row.progress,
    message: row.message,
    errorKind: row.error_kind,
    errorCode: row.error_code,
    retryable: row.error_kind !== null && !notRetryable.has(row.error_kind),
    attempt: row.attempt,
    takeId: row.take_id,
  };
}

export function toJobUpdated(row: JobRow): JobUpdated {
  return { jobId: row.id, ...updateFields(row) };
}

export function toJob(row: JobRow): Job {
  const spec = specOf(row);
  return {
    id: row.id,
    ...updateFields(row),
    motion: spec.motion,
    seed: spec.seed,
    durationS: spec.durationS,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

export interface NewJob {
  projectId: string;
  clipId: string;
  provider: string;
  spec: JobSpec;
  maxAttempts: number;
  message: string;
}

export interface Failure {
  kind: ErrorKind;
  code?: string | undefined;
  message: string;
}

/**
 * SQL of the job queue. Every transition names the state it leaves, so a job cancelled
 * while a provider call was in flight can never be flipped back by that call's result.
 */
export function createJobRepository(db: Db, now: () => Date = () => new Date()) {
  const at = () => now().toISOString();
  const getStmt = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?');
  const insertStmt = db.prepare(
    `INSERT INTO jobs (id, project_id, clip_id, provider, spec, state, message, max_attempts, created_at, updated_at)
     VALUES (@id, @projectId, @clipId, @provider, @spec, 'queued', @message, @maxAttempts, @at, @at)`,
  );
  const activeForClipStmt = db.prepare<[string], JobRow>(
    "SELECT * FROM jobs WHERE clip_id = ? AND state IN ('queued', 'running') ORDER BY created_at DESC, rowid DESC LIMIT 1",
  );
  // Jobs of clips in the trash are hidden with their clips.
  const ofLiveClips = 'AND clip_id IN (SELECT id FROM clips WHERE project_id = jobs.project_id AND deleted_at IS NULL)';
  const byProjectStmt = db.prepare<[string], JobRow>(`SELECT * FROM jobs WHERE project_id = ? ${ofLiveClips} ORDER BY created_at, rowid`);
  const activeByProjectStmt = db.prepare<[string], JobRow>(
    `SELECT * FROM jobs WHERE project_id = ? AND state IN ('queued', 'running') ${ofLiveClips} ORDER BY created_at, rowid`,
  );
  const activeOfTrashedStmt = db.prepare<[], { id: string }>(
    `SELECT j.id FROM jobs j JOIN clips c ON c.id = j.clip_id
     WHERE j.state IN ('queued', 'running') AND c.deleted_at IS NOT NULL ORDER BY j.created_at, j.rowid`,
  );
  const clipLiveStmt = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM clips WHERE id = ? AND deleted_at IS NULL');
  const runningStmt = db.prepare<[], JobRow>("SELECT * FROM jobs WHERE state = 'running' ORDER BY created_at, rowid");
  const dueStmt = db.prepare<[string, string, number], JobRow>(
    `SELECT * FROM jobs WHERE state = 'queued' AND provider = ? AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
     ORDER BY created_at, rowid LIMIT ?`,
  );
  const nextWakeStmt = db.prepare<[], { at: string | null }>(
    "SELECT MIN(next_attempt_at) AS at FROM jobs WHERE state = 'queued' AND next_attempt_at IS NOT NULL",
  );
  const countActiveStmt = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE state IN ('queued', 'running')");

  const run = (sql: string) => {
    const stmt = db.prepare(sql);
    return (params: Record<string, unknown>) => stmt.run({ at: at(), ...params }).changes > 0;
  };
  const claimStmt = run(
    `UPDATE jobs SET state = 'running', next_attempt_at = NULL, error_kind = NULL, error_code = NULL, updated_at = @at
     WHERE id = @id AND state = 'queued'`,
  );
  const submittingStmt = run(
    `UPDATE jobs SET submit_started_at = @at, provider_state = NULL, progress = 0, message = @message, updated_at = @at
     WHERE id = @id AND state = 'running'`,
  );
  const taskStmt = run(
    `UPDATE jobs SET provider_task_id = @taskId, submit_started_at = NULL, provider_state = 'PENDING', message = @message,
       updated_at = @at
     WHERE id = @id`,
  );
  const clearTaskStmt = run(
    "UPDATE jobs SET provider_task_id = NULL, provider_state = NULL, updated_at = @at WHERE id = @id AND state = 'running'",
  );
  const progressStmt = run(
    `UPDATE jobs SET provider_state = @providerState, progress = @progress, message = @message, updated_at = @at
     WHERE id = @id AND state = 'running'`,
  );
  const retryStmt = run(
    `UPDATE jobs SET state = 'queued', attempt = attempt + 1, next_attempt_at = @nextAttemptAt, message = @message,
       error_kind = @kind, error_code = @code, progress = 0, provider_state = NULL, submit_started_at = NULL,
       provider_task_id = CASE WHEN @keepTask THEN provider_task_id ELSE NULL END, updated_at = @at
     WHERE id = @id AND state = 'running'`,
  );
  const failStmt = run(
    `UPDATE jobs SET state = 'failed', message = @message, error_kind = @kind, error_code = @code,
       submit_started_at = NULL, updated_at = @at, finished_at = @at
     WHERE id = @id AND state IN ('queued', 'running')`,
  );
  const cancelStmt = run(
    `UPDATE jobs SET state = 'cancelled', message = @message, next_attempt_at = NULL, updated_at = @at, finished_at = @at
     WHERE id = @id AND state IN ('queued', 'running')`,
  );
  const succeedStmt = run(
    `UPDATE jobs SET state = 'succeeded', take_id = @takeId, progress = 1, provider_state = 'SUCCEEDED', message = @message,
       error_kind = NULL, error_code = NULL, updated_at = @at, finished_at = @at
     WHERE id = @id AND state = 'running'`,
  );

  return {
    get: (id: string) => getStmt.get(id),
    insert(job: NewJob): JobRow {
      const id = randomUUID();
      insertStmt.run({ ...job, id, spec: JSON.stringify(job.spec), at: at() });
      return getStmt.get(id)!;
    },
    activeForClip: (clipId: string) => activeForClipStmt.get(clipId),
    listByProject: (projectId: string, activeOnly: boolean) => (activeOnly ? activeByProjectStmt : byProjectStmt).all(projectId),
    /** Queued or running jobs whose clip is in the trash (they are to be cancelled). */
    activeOfTrashedClips: () => activeOfTrashedStmt.all().map((r) => r.id),
    /** Whether the clip exists and is not in the trash. */
    clipIsLive: (clipId: string) => clipLiveStmt.get(clipId) !== undefined,
    /** Jobs a previous run left `running` (it stopped or crashed): resumed before anything new starts. */
    running: () => runningStmt.all(),
    due: (provider: string, limit: number) => dueStmt.all(provider, at(), limit),
    nextWakeAt: () => nextWakeStmt.get()?.at ?? null,
    hasActive: () => (countActiveStmt.get()?.n ?? 0) > 0,
    /** Which try the job is on (1 when the job is unknown). */
    attempt: (id: string) => getStmt.get(id)?.attempt ?? 1,
    claim: (id: string) => claimStmt({ id }),
    /** Recorded before create is called: from here on the provider may have the task. */
    markSubmitting: (id: string, message: string) => submittingStmt({ id, message }),
    setTask: (id: string, taskId: string, message: string) => taskStmt({ id, taskId, message }),
    clearTask: (id: string) => clearTaskStmt({ id }),
    setProgress: (id: string, providerState: ProviderTaskState | null, progress: number, message: string) =>
      progressStmt({ id, providerState, progress, message }),
    /** Back to the queue for another attempt; keepTask keeps a task that may still deliver (a failed poll or download). */
    retry: (id: string, r: Failure & { nextAttemptAt: string; keepTask: boolean }) =>
      retryStmt({ id, nextAttemptAt: r.nextAttemptAt, message: r.message, kind: r.kind, code: r.code ?? null, keepTask: r.keepTask ? 1 : 0 }),
    fail: (id: string, f: Failure) => failStmt({ id, message: f.message, kind: f.kind, code: f.code ?? null }),
    cancel: (id: string, message: string) => cancelStmt({ id, message }),
    succeed: (id: string, takeId: string, message: string) => succeedStmt({ id, takeId, message }),
  };
}

export type JobRepository = ReturnType<typeof createJobRepository>;
