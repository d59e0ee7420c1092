// clip-status: a take's state and progress. On SUCCEEDED the video is copied into the private
// bucket and the clip marked ready; on FAILED or CANCELLED the take is refunded once.
import { requireUser, type VerifyUser } from '../_shared/auth.ts';
import { refundCredits, type Db } from '../_shared/db.ts';
import { ApiError, handler, json, readJson, type Handler } from '../_shared/http.ts';
import { explainFailure, type RunwayLike, type RunwayTask } from '../_shared/runway.ts';
import type { Storage } from '../_shared/storage.ts';
import { ACTIVE, DEFAULT_RECONCILE_MS, failTake, loadTake, recordEvent, resolveTaskless, takeBody, takeColumns, type TakeRow } from '../_shared/takes.ts';
import * as v from '../_shared/validate.ts';
import { PHOTOS_BUCKET, type TakeBody } from '../_shared/wire.ts';

export interface ClipStatusDeps {
  db: Db;
  verifyUser: VerifyUser;
  storage: Storage;
  runway: RunwayLike;
  /** how long a sent, unconfirmed create waits before it is refunded (RUNWAY_RECONCILE_MS) */
  reconcileMs?: number;
  /** downloads Runway's output */
  fetch: typeof fetch;
  /** How long copying Runway's output may take, headers and body (default 60 s); past it the next clip-status call tries again. */
  outputTimeoutMs?: number;
  now: () => Date;
  log?: (message: string, error: unknown) => void;
}

/** Signed URLs the app gets for its own media. */
const MEDIA_URL_SECONDS = 60 * 60;
/** Largest Runway output we copy. */
const MAX_OUTPUT_BYTES = 200 * 1024 * 1024;
const DEFAULT_OUTPUT_TIMEOUT_MS = 60_000;

/**
 * Fetches Runway's output within timeoutMs (the whole response, body included). A timeout or a
 * broken connection is a retryable error that changes nothing: the take stays as it was, so the
 * next clip-status call copies it again.
 */
async function downloadOutput(fetchFn: typeof fetch, url: string, timeoutMs: number): Promise<Uint8Array | 'expired'> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetchFn(url, { signal });
    if (res.status === 403 || res.status === 404 || res.status === 410) {
      await res.body?.cancel().catch(() => undefined);
      return 'expired';
    }
    if (!res.ok) throw new ApiError(502, 'provider_unavailable', 'The finished video could not be fetched yet. Try again shortly.');
    const length = Number(res.headers.get('content-length') ?? '0');
    if (length > MAX_OUTPUT_BYTES) throw new ApiError(502, 'output_too_large', 'The finished video is larger than expected.');
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.byteLength > MAX_OUTPUT_BYTES) throw new ApiError(502, 'output_too_large', 'The finished video is larger than expected.');
    return bytes;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (signal.aborted) {
      throw new ApiError(504, 'output_copy_timeout', 'The finished video is taking long to copy from the AI provider. It is tried again on the next check.');
    }
    throw new ApiError(502, 'provider_unavailable', 'The finished video could not be fetched yet. Try again shortly.');
  }
}

/** Re-reads of a task for fresh output links when one has expired, per clip-status call. */
const OUTPUT_REFRESHES = 2;

/**
 * Copies a finished task's video. Runway signs output links afresh on every read, so a 403 / 404
 * / 410 on a link reads the task again (at most OUTPUT_REFRESHES times) instead of failing the
 * take: Runway finished and billed it. Still no video: a retryable 502 that changes nothing. A
 * task Runway no longer has at all is refunded as OUTPUT_LOST.
 */
async function finishSucceeded(deps: ClipStatusDeps, take: TakeRow, first: RunwayTask): Promise<TakeRow> {
  let task = first;
  let bytes: Uint8Array | 'expired' = 'expired';
  for (let read = 0; ; read++) {
    const output = task.output?.[0];
    bytes = output ? await downloadOutput(deps.fetch, output, deps.outputTimeoutMs ?? DEFAULT_OUTPUT_TIMEOUT_MS) : 'expired';
    if (bytes !== 'expired' || read >= OUTPUT_REFRESHES) break;
    try {
      task = await deps.runway.tasks.retrieve(take.task_id!);
    } catch (error) {
      if ((error as { status?: number })?.status !== 404) throw unreachable(deps, error);
      const code = 'OUTPUT_LOST';
      await deps.db.transaction(async (tx) => {
        if (await failTake(tx, take, code, explainFailure(code).message)) await recordEvent(tx, take.id, 'output_lost', take.task_id, 'Runway no longer has the task');
      });
      return loadTake(deps.db, take.id, take.user_id);
    }
    await recordEvent(deps.db, take.id, 'output_refreshed', take.task_id, `output link expired; read ${read + 1} for a fresh one`);
  }
  if (bytes === 'expired') {
    throw new ApiError(502, 'output_unavailable', 'The finished video could not be fetched from the AI service yet. It is tried again on the next check.');
  }
  // Runway's URLs expire in 24-48 h: the video is copied into the private bucket at once.
  const path = `${take.user_id}/${take.project_id}/${take.clip_id}/${take.id}.mp4`;
  await deps.storage.upload(PHOTOS_BUCKET, path, bytes, 'video/mp4');
  await deps.db.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      `update public.clip_takes set status = 'succeeded', progress = 1, video_file_path = $2, finished_at = now()
       where id = $1 and status = any($3::text[])`,
      [take.id, path, ACTIVE],
    );
    if (rowCount) {
      await tx.query(
        `update public.clips set status = 'ready', video_file_path = $2, video_url = null, failure_code = null, failure_message = null
         where id = $1`,
        [take.clip_id, path],
      );
    }
  });
  return loadTake(deps.db, take.id, take.user_id);
}

async function finishFailed(deps: ClipStatusDeps, take: TakeRow, code: string): Promise<TakeRow> {
  const explained = explainFailure(code);
  await deps.db.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      `update public.clip_takes set status = $2, failure_code = $3, failure_message = $4, finished_at = now()
       where id = $1 and status = any($5::text[])`,
      [take.id, code === 'CANCELLED' ? 'cancelled' : 'failed', explained.code, explained.message, ACTIVE],
    );
    if (!rowCount) return;
    await refundCredits(tx, take.reference);
    await tx.query(
      `update public.clips set status = 'failed', failure_code = $2, failure_message = $3 where id = $1 and status = 'generating'`,
      [take.clip_id, explained.code, explained.message],
    );
  });
  return loadTake(deps.db, take.id, take.user_id);
}

function unreachable(deps: ClipStatusDeps, error: unknown): ApiError {
  deps.log?.('runway retrieve failed', error);
  return new ApiError(502, 'provider_unavailable', 'The AI service could not be reached. Try again shortly.');
}

const runningStates: Record<string, string> = { PENDING: 'pending', THROTTLED: 'throttled', RUNNING: 'running' };

export function createClipStatusHandler(deps: ClipStatusDeps): Handler {
  return handler({ methods: ['GET', 'POST'], cors: true, log: deps.log }, async (req) => {
    const user = await requireUser(req, deps.verifyUser);
    const body = req.method === 'GET' ? { takeId: new URL(req.url).searchParams.get('takeId') } : await readJson(req);
    const take = await loadTake(deps.db, v.uuid(body, 'takeId'), user.id);

    let current = take;
    if (ACTIVE.includes(take.status as (typeof ACTIVE)[number])) {
      if (!take.task_id) {
        // no task yet: a create under way, or one whose answer was lost; refunded once it is lost for good
        const reconcileMs = deps.reconcileMs ?? DEFAULT_RECONCILE_MS;
        if (await deps.db.transaction((tx) => resolveTaskless(tx, take, deps.now(), reconcileMs))) {
          current = await loadTake(deps.db, take.id, user.id);
        }
      } else {
        let task: RunwayTask;
        try {
          task = await deps.runway.tasks.retrieve(take.task_id);
        } catch (error) {
          throw unreachable(deps, error);
        }
        if (task.status === 'SUCCEEDED') current = await finishSucceeded(deps, take, task);
        else if (task.status === 'FAILED') current = await finishFailed(deps, take, task.failureCode ?? 'UNKNOWN');
        else if (task.status === 'CANCELLED') current = await finishFailed(deps, take, 'CANCELLED');
        else {
          const status = runningStates[task.status] ?? 'pending';
          const progress = task.status === 'RUNNING' && typeof task.progress === 'number' ? Math.min(Math.max(task.progress, 0), 1) : null;
          const { rows } = await deps.db.query<TakeRow>(
            `update public.clip_takes t set status = $2, progress = $3
             from public.clips c where c.id = t.clip_id and t.id = $1 and t.status = any($4::text[])
             returning ${takeColumns}`,
            [take.id, status, progress, ACTIVE],
          );
          current = rows[0] ?? (await loadTake(deps.db, take.id, user.id));
        }
      }
    }

    const extra: Partial<TakeBody> = {};
    if (current.status === 'succeeded' && current.video_file_path) {
      extra.videoUrl = await deps.storage.createSignedUrl(PHOTOS_BUCKET, current.video_file_path, MEDIA_URL_SECONDS);
    }
    return json(takeBody(current, extra));
  });
}
