// clip-generation, clip-status and clip-details: paid Runway generations of a clip.
//
// Charging: one credit_ledger reference per generation request, gen:{clipId}:{requestId}.
// The app sends the same requestId when it retries or the creator double-clicks, so the
// charge, the take row and the Runway task happen once. A take row is claimed and charged
// in one transaction; the partial unique index on clip_takes allows one generation in
// flight per clip, so racing requests with different ids get 409 instead of a second task.
import { requireUser, type VerifyUser } from './auth.ts';
import { generationSettings, systemPrompt } from './config.ts';
import { refundCredits, spendCredits, type Db, type Sql } from './db.ts';
import { ApiError, handler, json, readJson, type Handler } from './http.ts';
import {
  GEN4_TURBO_RATIOS,
  MAX_PROMPT_LENGTH,
  composePrompt,
  createFailure,
  explainFailure,
  type RunwayLike,
  type RunwayTask,
} from './runway.ts';
import { PHOTOS_BUCKET, StorageError, type Storage } from './storage.ts';
import * as v from './validate.ts';

export interface GenerationDeps {
  db: Db;
  verifyUser: VerifyUser;
  storage: Storage;
  runway: RunwayLike;
  /** downloads Runway's output */
  fetch: typeof fetch;
  /** How long copying Runway's output may take, headers and body (default 60 s); past it the next clip-status call tries again. */
  outputTimeoutMs?: number;
  now: () => Date;
  log?: (message: string, error: unknown) => void;
}

/** How long the image URL handed to Runway stays valid. */
const IMAGE_URL_SECONDS = 15 * 60;
/** Signed URLs the app gets for its own media. */
const MEDIA_URL_SECONDS = 60 * 60;
/** A take still 'submitting' after this lost its request (crash between charge and create). */
const STALE_SUBMIT_MS = 5 * 60 * 1000;
/** Largest Runway output we copy. */
const MAX_OUTPUT_BYTES = 200 * 1024 * 1024;
const DEFAULT_OUTPUT_TIMEOUT_MS = 60_000;
const MAX_DETAIL_CLIPS = 100;

const ACTIVE = ['submitting', 'pending', 'throttled', 'running'] as const;

interface TakeRow {
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

export interface GenerationRequest {
  clipId: string;
  projectId: string;
  requestId: string;
  imagePath: string;
  prompt?: string;
  duration: number;
  ratio: (typeof GEN4_TURBO_RATIOS)[number];
}

export function parseGenerationRequest(body: Record<string, unknown>, userId: string): GenerationRequest {
  const request: GenerationRequest = {
    clipId: v.uuid(body, 'clipId'),
    projectId: v.uuid(body, 'projectId'),
    requestId: v.uuid(body, 'requestId'),
    imagePath: v.string(body, 'imagePath', { min: 1, max: 500 })!,
    prompt: v.string(body, 'prompt', { max: MAX_PROMPT_LENGTH, optional: true }),
    duration: v.integer(body, 'duration', 2, 10),
    ratio: v.oneOf(body, 'ratio', GEN4_TURBO_RATIOS),
  };
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

const takeColumns = `t.id, t.clip_id, t.user_id, t.reference, t.task_id, t.status, t.progress, t.credits,
  t.failure_code, t.failure_message, t.video_file_path, t.created_at, c.project_id`;

/** Fails a take that never got a Runway task, and refunds it. Returns whether it changed. */
async function failTake(sql: Sql, take: { id: string; reference: string; clip_id: string }, code: string, message: string): Promise<boolean> {
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

interface Claim {
  take: TakeRow;
  replay: boolean;
  balance?: number;
}

async function claimTake(tx: Sql, userId: string, req: GenerationRequest, model: string, credits: number, reference: string, now: Date): Promise<Claim> {
  // The project row is created on first use and locked: requests of one project line up here.
  await tx.query(
    `insert into public.projects (id, user_id) values ($1, $2) on conflict (id) do nothing`,
    [req.projectId, userId],
  );
  const project = await tx.query<{ user_id: string }>('select user_id from public.projects where id = $1 for update', [req.projectId]);
  if (project.rows[0]?.user_id !== userId) throw notFound();

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

  // A take that lost its request between charge and create would block the clip forever.
  const stale = await tx.query<{ id: string; reference: string; clip_id: string }>(
    `select id, reference, clip_id from public.clip_takes
     where clip_id = $1 and status = 'submitting' and task_id is null and created_at < $2`,
    [req.clipId, new Date(now.getTime() - STALE_SUBMIT_MS)],
  );
  for (const s of stale.rows) await failTake(tx, s, 'SUBMIT_LOST', 'The generation request was lost before it reached the provider.');

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

/** What the app sees of a take. */
function publicStatus(status: string): 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' {
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

function takeBody(take: TakeRow, extra: Record<string, unknown> = {}) {
  const failure = take.status === 'failed' || take.status === 'cancelled' ? explainFailure(take.failure_code ?? undefined) : undefined;
  return {
    takeId: take.id,
    clipId: take.clip_id,
    projectId: take.project_id,
    taskId: take.task_id,
    status: publicStatus(take.status),
    // the take's own state (pending / throttled / ...): the app tells a provider queue from ours
    stage: take.status,
    progress: take.progress,
    credits: take.credits,
    ...(failure ? { failure } : {}),
    ...extra,
  };
}

export function createClipGenerationHandler(deps: GenerationDeps): Handler {
  return handler({ methods: ['POST'], cors: true, log: deps.log }, async (req) => {
    const user = await requireUser(req, deps.verifyUser);
    const input = parseGenerationRequest(await readJson(req), user.id);
    const [settings, system] = await Promise.all([generationSettings(deps.db), systemPrompt(deps.db)]);
    const credits = creditsFor(input.duration, settings);
    const reference = `gen:${input.clipId}:${input.requestId}`;

    const claim = await deps.db.transaction((tx) => claimTake(tx, user.id, input, settings.model, credits, reference, deps.now()));
    if (claim.replay) return json(takeBody(claim.take, { replayed: true }), 200);

    let taskId: string;
    try {
      const promptImage = await deps.storage.createSignedUrl(PHOTOS_BUCKET, input.imagePath, IMAGE_URL_SECONDS);
      // maxRetries 0: the SDK retries POSTs on timeouts and 5xx, and Runway has no
      // idempotency key, so a retry could start (and bill) a second task.
      const task = await deps.runway.imageToVideo.create(
        {
          model: settings.model,
          promptImage,
          promptText: composePrompt(system, input.prompt),
          ratio: input.ratio,
          duration: input.duration,
        },
        { maxRetries: 0 },
      );
      taskId = task.id;
    } catch (error) {
      const isStorage = error instanceof StorageError;
      const apiError = isStorage
        ? new ApiError(422, 'image_not_found', 'The photo for this clip is not in your cloud storage. Upload it and try again. Your credits were refunded.')
        : createFailure(error);
      if (!isStorage && apiError.status === 502) deps.log?.('runway create failed', error);
      await deps.db.transaction((tx) => failTake(tx, claim.take, apiError.code.toUpperCase(), apiError.message));
      throw apiError;
    }

    const { rows } = await deps.db.query<TakeRow>(
      `update public.clip_takes t set task_id = $2, status = 'pending'
       from public.clips c where c.id = t.clip_id and t.id = $1
       returning ${takeColumns}`,
      [claim.take.id, taskId],
    );
    return json(takeBody(rows[0]!, { balance: claim.balance }), 202);
  });
}

async function loadTake(sql: Sql, takeId: string, userId: string): Promise<TakeRow> {
  const { rows } = await sql.query<TakeRow>(
    `select ${takeColumns} from public.clip_takes t join public.clips c on c.id = t.clip_id where t.id = $1 and t.user_id = $2`,
    [takeId, userId],
  );
  if (!rows[0]) throw new ApiError(404, 'not_found', 'No such generation.');
  return rows[0];
}

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

async function finishSucceeded(deps: GenerationDeps, take: TakeRow, task: RunwayTask): Promise<TakeRow> {
  const output = task.output?.[0];
  const bytes = output ? await downloadOutput(deps.fetch, output, deps.outputTimeoutMs ?? DEFAULT_OUTPUT_TIMEOUT_MS) : 'expired';
  if (bytes === 'expired') {
    const code = 'OUTPUT_EXPIRED';
    await deps.db.transaction((tx) => failTake(tx, take, code, explainFailure(code).message));
    return loadTake(deps.db, take.id, take.user_id);
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

async function finishFailed(deps: GenerationDeps, take: TakeRow, code: string): Promise<TakeRow> {
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

const runningStates: Record<string, string> = { PENDING: 'pending', THROTTLED: 'throttled', RUNNING: 'running' };

export function createClipStatusHandler(deps: GenerationDeps): Handler {
  return handler({ methods: ['GET', 'POST'], cors: true, log: deps.log }, async (req) => {
    const user = await requireUser(req, deps.verifyUser);
    const body = req.method === 'GET' ? { takeId: new URL(req.url).searchParams.get('takeId') } : await readJson(req);
    const take = await loadTake(deps.db, v.uuid(body, 'takeId'), user.id);

    let current = take;
    if (ACTIVE.includes(take.status as (typeof ACTIVE)[number])) {
      if (!take.task_id) {
        if (deps.now().getTime() - new Date(take.created_at).getTime() > STALE_SUBMIT_MS) {
          await deps.db.transaction((tx) => failTake(tx, take, 'SUBMIT_LOST', 'The generation request was lost before it reached the provider.'));
          current = await loadTake(deps.db, take.id, user.id);
        }
      } else {
        let task: RunwayTask;
        try {
          task = await deps.runway.tasks.retrieve(take.task_id);
        } catch (error) {
          deps.log?.('runway retrieve failed', error);
          throw new ApiError(502, 'provider_unavailable', 'The AI provider could not be reached. Try again shortly.');
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

    const extra: Record<string, unknown> = {};
    if (current.status === 'succeeded' && current.video_file_path) {
      extra.videoUrl = await deps.storage.createSignedUrl(PHOTOS_BUCKET, current.video_file_path, MEDIA_URL_SECONDS);
    }
    return json(takeBody(current, extra));
  });
}

interface ClipRow {
  id: string;
  project_id: string;
  position: number;
  status: string;
  approved: boolean;
  prompt: string | null;
  duration: number | null;
  ratio: string | null;
  image_file_path: string | null;
  video_file_path: string | null;
  failure_code: string | null;
  updated_at: Date;
  take_id: string | null;
  take_status: string | null;
  take_progress: number | null;
}

export function createClipDetailsHandler(deps: GenerationDeps): Handler {
  return handler({ methods: ['POST'], cors: true, log: deps.log }, async (req) => {
    const user = await requireUser(req, deps.verifyUser);
    const body = await readJson(req);
    const ids = body.clipIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_DETAIL_CLIPS || !ids.every(v.isUuid)) {
      throw v.invalid('clipIds', `must be a list of 1 to ${MAX_DETAIL_CLIPS} UUIDs`);
    }
    const { rows } = await deps.db.query<ClipRow>(
      `select c.id, c.project_id, c.position, c.status, c.approved, c.prompt, c.duration, c.ratio,
              c.image_file_path, c.video_file_path, c.failure_code, c.updated_at,
              t.id as take_id, t.status as take_status, t.progress as take_progress
       from public.clips c
       join public.projects p on p.id = c.project_id and p.user_id = $2
       left join lateral (
         select id, status, progress from public.clip_takes where clip_id = c.id order by created_at desc limit 1
       ) t on true
       where c.id = any($1::uuid[])
       order by c.project_id, c.position`,
      [ids.map((id) => id.toLowerCase()), user.id],
    );
    // The service role can sign any object, and clips.image_file_path is writable by its
    // owner: only paths under the caller's own folder are ever signed.
    const own = (p: string | null): p is string => !!p && p.startsWith(`${user.id}/`) && !p.includes('..');
    const paths = [...new Set(rows.flatMap((r) => [r.image_file_path, r.video_file_path]).filter(own))];
    // one signing request for all the media of all the clips
    const signed = await deps.storage.createSignedUrls(PHOTOS_BUCKET, paths, MEDIA_URL_SECONDS);
    const clips = rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      position: r.position,
      status: r.status,
      approved: r.approved,
      prompt: r.prompt,
      duration: r.duration,
      ratio: r.ratio,
      imageUrl: own(r.image_file_path) ? (signed.get(r.image_file_path) ?? null) : null,
      videoUrl: own(r.video_file_path) ? (signed.get(r.video_file_path) ?? null) : null,
      failure: r.failure_code ? explainFailure(r.failure_code) : null,
      latestTake: r.take_id ? { id: r.take_id, status: publicStatus(r.take_status!), progress: r.take_progress } : null,
      updatedAt: r.updated_at,
    }));
    const found = new Set(clips.map((c) => c.id));
    return json({ clips, missing: ids.map((id) => id.toLowerCase()).filter((id) => !found.has(id)), expiresIn: MEDIA_URL_SECONDS });
  });
}
