// clip-generation: charge for a generation of a clip and start its Runway task.
//
// Charging: one credit_ledger reference per generation request, gen:{clipId}:{requestId}.
// The app sends the same requestId when it retries or the creator double-clicks, so the
// charge, the take row and the Runway task happen once. A take row is claimed and charged
// in one transaction; the partial unique index on clip_takes allows one generation in
// flight per clip, so racing requests with different ids get 409 instead of a second task.
import { requireUser, type VerifyUser } from '../_shared/auth.ts';
import { generationSettings, systemPrompt } from '../_shared/config.ts';
import { spendCredits, type Db, type Sql } from '../_shared/db.ts';
import { ApiError, handler, json, readJson, type Handler } from '../_shared/http.ts';
import { composePrompt, createFailure, createOutcomeUnknown, providerText, REQUEST_ID_HEADER, type RunwayLike } from '../_shared/runway.ts';
import { promptImageFor } from '../_shared/prompt-image.ts';
import { StorageError, type Storage } from '../_shared/storage.ts';
import { DEFAULT_RECONCILE_MS, failTake, loadTake, recordEvent, resolveTaskless, takeBody, takeColumns, type TakeRow } from '../_shared/takes.ts';
import * as v from '../_shared/validate.ts';
import { CLIP_DURATION_SECONDS, GEN4_TURBO_RATIOS, MAX_PROMPT_LENGTH, PHOTOS_BUCKET, type GenerationRequestBody, type TakeBody } from '../_shared/wire.ts';

export interface ClipGenerationDeps {
  db: Db;
  verifyUser: VerifyUser;
  storage: Storage;
  runway: RunwayLike;
  /** reads the photo when its signed URL is not https (a local Supabase) */
  fetch: typeof fetch;
  /** how long a sent, unconfirmed create waits before it is refunded (RUNWAY_RECONCILE_MS) */
  reconcileMs?: number;
  now: () => Date;
  log?: (message: string, error: unknown) => void;
}

/** How long the image URL handed to Runway stays valid. */
const IMAGE_URL_SECONDS = 15 * 60;

export type GenerationRequest = GenerationRequestBody;
export function parseGenerationRequest(body: Record<string, unknown>, userId: string): GenerationRequest {
  const request: GenerationRequest = {
    clipId: v.uuid(body, 'clipId'),
    projectId: v.uuid(body, 'projectId'),
    requestId: v.uuid(body, 'requestId'),
    imagePath: v.string(body, 'imagePath', { min: 1, max: 500 })!,
    prompt: v.string(body, 'prompt', { max: MAX_PROMPT_LENGTH, optional: true }),
    duration: v.integer(body, 'duration', CLIP_DURATION_SECONDS.min, CLIP_DURATION_SECONDS.max),
    ratio: v.oneOf(body, 'ratio', GEN4_TURBO_RATIOS),
  };
  const title = v.string(body, 'projectTitle', { max: 200, optional: true })?.trim();
  if (title) request.projectTitle = title;
  // The service role signs any path: only the caller's own photos of this project may be sent.
  const prefix = `${userId}/${request.projectId}/`;
  if (!request.imagePath.startsWith(prefix) || request.imagePath.includes('..') || request.imagePath.includes('//')) {
    throw new ApiError(403, 'forbidden_path', `imagePath must be one of your photos under ${prefix}`);
  }
  return request;
}

export function creditsFor(duration: number, settings: { credits_per_5s: number; credits_per_10s: number }): number {
  return duration <= 5 ? settings.credits_per_5s : settings.credits_per_10s;
}

const notFound = () => new ApiError(404, 'not_found', 'No such clip in your projects.');

interface Claim {
  take: TakeRow;
  replay: boolean;
  balance?: number;
}

async function claimTake(
  tx: Sql,
  userId: string,
  req: GenerationRequest,
  model: string,
  credits: number,
  reference: string,
  now: Date,
  reconcileMs: number,
): Promise<Claim> {
  // The project row is created on first use and locked: requests of one project line up here.
  // No conflict target: two first requests racing can collide on (id, user_id) as well as on id,
  // and either way the row exists (its owner is checked just below).
  await tx.query(
    `insert into public.projects (id, user_id) values ($1, $2) on conflict do nothing`,
    [req.projectId, userId],
  );
  const project = await tx.query<{ user_id: string }>('select user_id from public.projects where id = $1 for update', [req.projectId]);
  if (project.rows[0]?.user_id !== userId) throw notFound();
  // the name the creator gave it on the device (the cloud library lists projects by it)
  if (req.projectTitle) await tx.query('update public.projects set title = $2 where id = $1 and title is distinct from $2', [req.projectId, req.projectTitle]);

  await tx.query(
    `insert into public.clips (id, project_id, position, image_file_path)
     values ($1, $2, (select coalesce(max(position) + 1, 0) from public.clips where project_id = $2), $3)
     on conflict (id) do nothing`,
    [req.clipId, req.projectId, req.imagePath],
  );
  const clip = await tx.query<{ project_id: string }>('select project_id from public.clips where id = $1', [req.clipId]);
  if (clip.rows[0]?.project_id !== req.projectId) throw notFound();

  const existing = await tx.query<TakeRow>(
    `select ${takeColumns} from public.clip_takes t join public.clips c on c.id = t.clip_id where t.reference = $1`,
    [reference],
  );
  if (existing.rows[0]) {
    if (existing.rows[0].user_id !== userId) throw notFound();
    return { take: existing.rows[0], replay: true };
  }

  // A take whose request was lost (never sent, or sent and never confirmed) would block the clip forever.
  const stale = await tx.query<TakeRow>(
    `select ${takeColumns} from public.clip_takes t join public.clips c on c.id = t.clip_id
     where t.clip_id = $1 and t.status in ('submitting', 'unknown') and t.task_id is null`,
    [req.clipId],
  );
  for (const s of stale.rows) await resolveTaskless(tx, s, now, reconcileMs);

  const inserted = await tx.query<{ id: string }>(
    `insert into public.clip_takes (clip_id, user_id, reference, model, prompt, duration, ratio, credits)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict do nothing
     returning id`,
    [req.clipId, userId, reference, model, req.prompt ?? '', req.duration, req.ratio, credits],
  );
  if (!inserted.rows[0]) {
    const raced = await tx.query<TakeRow>(
      `select ${takeColumns} from public.clip_takes t join public.clips c on c.id = t.clip_id where t.reference = $1`,
      [reference],
    );
    if (raced.rows[0]?.user_id === userId) return { take: raced.rows[0], replay: true };
    throw new ApiError(409, 'generation_in_progress', 'This clip is already being generated. Wait for it to finish.');
  }

  const charge = await spendCredits(tx, userId, credits, reference);
  await tx.query(
    `update public.clips set status = 'generating', prompt = $2, duration = $3, ratio = $4, image_file_path = $5,
       failure_code = null, failure_message = null
     where id = $1`,
    [req.clipId, req.prompt ?? null, req.duration, req.ratio, req.imagePath],
  );
  const take = await tx.query<TakeRow>(
    `select ${takeColumns} from public.clip_takes t join public.clips c on c.id = t.clip_id where t.id = $1`,
    [inserted.rows[0].id],
  );
  return { take: take.rows[0]!, replay: false, balance: charge.balance };
}

export function createClipGenerationHandler(deps: ClipGenerationDeps): Handler {
  return handler({ methods: ['POST'], cors: true, log: deps.log }, async (req) => {
    const user = await requireUser(req, deps.verifyUser);
    const input = parseGenerationRequest(await readJson(req), user.id);
    const [settings, system] = await Promise.all([generationSettings(deps.db), systemPrompt(deps.db)]);
    const credits = creditsFor(input.duration, settings);
    const reference = `gen:${input.clipId}:${input.requestId}`;

    const claim = await deps.db.transaction((tx) => claimTake(tx, user.id, input, settings.model, credits, reference, deps.now(), deps.reconcileMs ?? DEFAULT_RECONCILE_MS));
    if (claim.replay) return json(takeBody(claim.take, { replayed: true }), 200);

    const started = await deps.db.query<{ create_request_id: string }>(
      `update public.clip_takes set create_started_at = now() where id = $1 and status = 'submitting' returning create_request_id`,
      [claim.take.id],
    );
    let taskId: string;
    try {
      if (!started.rows[0]) throw new ApiError(409, 'generation_in_progress', 'This clip is already being generated. Wait for it to finish.');
      const signed = await deps.storage.createSignedUrl(PHOTOS_BUCKET, input.imagePath, IMAGE_URL_SECONDS);
      const promptImage = await promptImageFor(signed, deps.fetch);
      // maxRetries 0 and a connection that is never reused (runtime/runway.ts): Runway has no
      // idempotency key, so any resend could start (and bill) a second task.
      const task = await deps.runway.imageToVideo.create(
        { model: settings.model, promptImage, promptText: composePrompt(system, input.prompt), ratio: input.ratio, duration: input.duration },
        { maxRetries: 0, headers: { [REQUEST_ID_HEADER]: started.rows[0].create_request_id } },
      );
      taskId = task.id;
    } catch (error) {
      return json(await createFailed(deps, claim.take, error), 202);
    }
    return json(await taskCreated(deps, claim.take, taskId, claim.balance), 202);
  });
}

/**
 * A create that did not answer with a task. Refused for sure (storage, Runway's 4xx): refunded
 * at once, and the error thrown. Outcome unknown (timeout, reset, 5xx): the take waits in
 * 'unknown', charged, and clip-status resolves it (see resolveTaskless); nothing is retried.
 */
async function createFailed(deps: ClipGenerationDeps, take: TakeRow, error: unknown): Promise<TakeBody> {
  if (!(error instanceof ApiError) && !(error instanceof StorageError) && createOutcomeUnknown(error)) {
    deps.log?.('runway create outcome unknown: the take waits to be reconciled', { ...(error as object), message: providerText(error) ?? (error as Error)?.message });
    const detail = `create failed with ${(error as { status?: number })?.status ?? (error as Error)?.name ?? 'an error'}`;
    const rows = await deps.db.transaction(async (tx) => {
      const updated = await tx.query<TakeRow>(
        `update public.clip_takes t set status = 'unknown'
         from public.clips c where c.id = t.clip_id and t.id = $1 and t.status = 'submitting'
         returning ${takeColumns}`,
        [take.id],
      );
      if (updated.rows[0]) await recordEvent(tx, take.id, 'create_unknown', null, detail);
      return updated.rows;
    });
    return takeBody(rows[0] ?? (await loadTake(deps.db, take.id, take.user_id)));
  }
  let apiError: ApiError;
  if (error instanceof ApiError) apiError = error;
  else if (error instanceof StorageError) {
    apiError = new ApiError(422, 'image_not_found', 'The photo for this clip is not in your cloud storage. Upload it and try again. Your credit was refunded.');
  } else {
    apiError = createFailure(error);
    // Runway's own words (and the organisation's balance) go to the log only
    deps.log?.(`runway refused the create: ${providerText(error) ?? 'no text'}`, error);
  }
  if (apiError.code !== 'generation_in_progress') {
    await deps.db.transaction((tx) => failTake(tx, take, apiError.code.toUpperCase(), apiError.message));
  }
  throw apiError;
}

/**
 * The task exists: it is recorded on the take. If the take was settled meanwhile (refunded
 * as unconfirmed), the task is cancelled and its output never copied, and that is logged.
 */
async function taskCreated(deps: ClipGenerationDeps, take: TakeRow, taskId: string, balance: number | undefined): Promise<TakeBody> {
  const { rows } = await deps.db.query<TakeRow>(
    `update public.clip_takes t set task_id = $2, status = 'pending'
     from public.clips c where c.id = t.clip_id and t.id = $1 and t.status in ('submitting', 'unknown')
     returning ${takeColumns}`,
    [take.id, taskId],
  );
  if (rows[0]) return takeBody(rows[0], balance === undefined ? {} : { balance });
  await cancelLateTask(deps, take.id, taskId);
  return takeBody(await loadTake(deps.db, take.id, take.user_id));
}

async function cancelLateTask(deps: ClipGenerationDeps, takeId: string, taskId: string): Promise<void> {
  let detail = 'the take was already refunded: task cancelled';
  try {
    await deps.runway.tasks.delete(taskId);
  } catch (error) {
    detail = `the take was already refunded; cancelling the task failed (${providerText(error) ?? (error as Error)?.message ?? 'error'})`;
    deps.log?.('runway cancel of a late task failed', error);
  }
  await recordEvent(deps.db, takeId, 'cancelled_after_refund', taskId, detail);
}


