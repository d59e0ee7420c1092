import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { SupabaseClient } from '@supabase/supabase-js';
import { CLIP_DURATION_SECONDS, PHOTOS_BUCKET, type TakeBody } from '../../../../../supabase/functions/_shared/wire';
import { CLIP_RATIOS } from '../../../../../shared/values';
import type { ErrorKind } from '../../../../../shared/contract/generate';
import { ProviderError, type GenerationProvider, type ProviderRequest, type ProviderTaskStatus } from '../../provider';
import { sleep } from '../../wait-for-task';
import { CloudCallError, invokeFunction, isOffline } from '../../../cloud/functions';
import { removePath } from '../../../system/file-ops';

const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
const MAX_VIDEO_BYTES = 200 * 1024 * 1024;

export interface CloudSession {
  client: SupabaseClient;
  userId: string;
}

export interface RunwayProviderOptions {
  /** The signed-in client (after a saved session was restored), or null when signed out or not configured. */
  session: () => Promise<CloudSession | null>;
  /** Why there is no session, in words, with what to do. */
  signedOutMessage: () => string;
  /** The local project of a clip (the photo goes to private-photos/{user}/{project}/...). */
  projectOf: (clipId: string) => string;
  /** The project's name, sent along so the cloud library shows it on the creator's other machines. */
  projectTitleOf?: (projectId: string) => string | null;
  /** The job's current attempt: a retry is a new paid request, a resend of the same attempt is not. */
  attemptOf: (jobId: string) => number;
  onBalance?: (balance: number) => void;
  onCreditsNeeded?: (info: { clipId: string; needed: number; message: string }) => void;
  onNetwork?: (online: boolean) => void;
  pollIntervalMs?: number;
  /** Waits between tries while offline (doubling up to max). */
  offlineRetry?: { baseMs: number; maxMs: number };
  fetch?: typeof fetch;
}

/**
 * Same job, same attempt -> same request id, so the backend charges and starts a task once even
 * when the create is sent again (a restart between "sent" and "task id saved", a lost answer).
 */
export function requestIdFor(jobId: string, attempt: number): string {
  const h = createHash('sha256').update(`echoes-generation:${jobId}:${attempt}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function durationFor(durationS: number): number {
  return Math.min(CLIP_DURATION_SECONDS.max, Math.max(CLIP_DURATION_SECONDS.min, Math.round(durationS)));
}

function failureKind(code: string, retryable: boolean): ErrorKind {
  if (code.startsWith('SAFETY') || code.startsWith('INPUT_PREPROCESSING.SAFETY')) return 'safety';
  if (code.startsWith('ASSET')) return 'invalid_input';
  if (code === 'OUTPUT_EXPIRED') return 'expired';
  return retryable ? 'retryable' : 'invalid_input';
}

/**
 * Runway Gen-4 Turbo through the Echoes backend: the photo goes to the private bucket, the
 * clip-generation function charges credits and starts the task, clip-status follows it, and the
 * finished video is downloaded once into the local media store by the queue. Being offline is
 * not a failure: calls wait and try again until the network is back (or the job is cancelled).
 */
export function createRunwayProvider(options: RunwayProviderOptions): GenerationProvider {
  const retry = options.offlineRetry ?? { baseMs: 2_000, maxMs: 60_000 };
  const fetchImpl = options.fetch ?? globalThis.fetch;

  async function requireSession(): Promise<CloudSession> {
    const session = await options.session();
    if (!session) throw new ProviderError('interrupted', options.signedOutMessage(), 'SIGNED_OUT');
    return session;
  }

  /** Runs `call` until it gets through: offline means wait and retry, never fail. */
  async function whenOnline<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      signal.throwIfAborted();
      try {
        const result = await call();
        options.onNetwork?.(true);
        return result;
      } catch (error) {
        signal.throwIfAborted();
        if (!isOffline(error)) throw error;
        options.onNetwork?.(false);
        await sleep(Math.min(retry.maxMs, retry.baseMs * 2 ** (attempt - 1)), signal);
      }
    }
  }

  function mapCallError(error: unknown, clipId: string | null): never {
    if (error instanceof ProviderError) throw error;
    if (!(error instanceof CloudCallError)) throw error;
    switch (error.code) {
      case 'insufficient_credits': {
        const needed = typeof error.details.needed === 'number' ? error.details.needed : 1;
        const message = `Not enough credits: this clip needs ${needed} credit${needed === 1 ? '' : 's'}. Buy a credit pack in Settings › Account, then generate again.`;
        if (clipId) options.onCreditsNeeded?.({ clipId, needed, message });
        throw new ProviderError('interrupted', message, 'INSUFFICIENT_CREDITS');
      }
      case 'unauthorized':
        throw new ProviderError('interrupted', 'Your Echoes session has expired. Sign in again in Settings › Account, then generate again.', 'SIGNED_OUT');
      case 'generation_in_progress':
        throw new ProviderError('retryable', error.message, 'IN_PROGRESS', error.retryAfterMs ?? 30_000);
      case 'provider_busy':
        throw new ProviderError('retryable', error.message, 'PROVIDER_BUSY', error.retryAfterMs ?? 60_000);
    }
    if (error.status === 400 || error.status === 403 || error.status === 404 || error.status === 413 || error.status === 422) {
      throw new ProviderError('invalid_input', error.message, error.code.toUpperCase());
    }
    throw new ProviderError('retryable', error.message, error.code.toUpperCase(), error.retryAfterMs);
  }

  async function uploadPhoto(session: CloudSession, request: ProviderRequest, projectId: string, signal: AbortSignal): Promise<string> {
    const ext = request.image.mediaId.split('.').pop() ?? '';
    const contentType = CONTENT_TYPES[ext];
    if (!contentType) throw new ProviderError('invalid_input', `Runway takes JPEG, PNG or WebP photos; this clip's image is .${ext}.`, 'IMAGE_FORMAT');
    // content-addressed: the same photo is stored once, and re-sending it is harmless
    const path = `${session.userId}/${projectId}/${request.image.mediaId}`;
    const bytes = await readFile(request.image.path);
    await whenOnline(async () => {
      const { error } = await session.client.storage.from(PHOTOS_BUCKET).upload(path, bytes, { contentType, upsert: true });
      if (!error) return;
      const e = error as { name?: string; message?: string; statusCode?: string | number; status?: number };
      if (e.name === 'StorageUnknownError') throw new CloudCallError('offline', 0, 'offline', 'The Echoes cloud cannot be reached.');
      throw new ProviderError('retryable', `The photo could not be uploaded: ${e.message ?? 'storage error'}`, 'UPLOAD_FAILED');
    }, signal);
    return path;
  }

  function toStatus(body: TakeBody): ProviderTaskStatus {
    switch (body.status) {
      case 'queued':
        return body.stage === 'throttled' ? { state: 'THROTTLED' } : { state: 'PENDING' };
      case 'running':
        return { state: 'RUNNING', ...(typeof body.progress === 'number' ? { progress: body.progress } : {}) };
      case 'succeeded':
        if (!body.videoUrl) return { state: 'RUNNING', progress: 1 };
        return { state: 'SUCCEEDED', outputs: [{ url: body.videoUrl }] };
      case 'cancelled':
        return { state: 'CANCELLED' };
      case 'failed': {
        const f = body.failure ?? { code: 'UNKNOWN', message: 'The generation failed.', retryable: true };
        return { state: 'FAILED', failure: { kind: failureKind(f.code, f.retryable), code: f.code, message: f.message } };
      }
    }
  }

  async function status(takeId: string, signal: AbortSignal): Promise<ProviderTaskStatus> {
    const session = await requireSession();
    try {
      const body = await whenOnline(() => invokeFunction<TakeBody>(session.client, 'clip-status', { method: 'GET', query: { takeId }, signal }), signal);
      return toStatus(body);
    } catch (error) {
      if (error instanceof CloudCallError && error.status === 404) return { state: 'LOST' };
      return mapCallError(error, null);
    }
  }

  async function download(url: string, destPath: string, signal: AbortSignal): Promise<'ok' | 'expired'> {
    let res: Response;
    try {
      res = await fetchImpl(url, { signal });
    } catch (error) {
      signal.throwIfAborted();
      throw new CloudCallError('offline', 0, 'offline', `The finished video could not be downloaded: ${(error as Error).message}`);
    }
    if (res.status === 400 || res.status === 403 || res.status === 404) return 'expired';
    if (!res.ok || !res.body) throw new ProviderError('retryable', `The finished video could not be downloaded (HTTP ${res.status}).`, 'DOWNLOAD_FAILED');
    if (Number(res.headers.get('content-length') ?? 0) > MAX_VIDEO_BYTES) throw new ProviderError('internal', 'The finished video is larger than expected.', 'VIDEO_TOO_LARGE');
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(destPath), { signal });
    } catch (error) {
      await removePath(destPath);
      signal.throwIfAborted();
      throw new CloudCallError('offline', 0, 'offline', `The download of the finished video broke off: ${(error as Error).message}`);
    }
    return 'ok';
  }

  function projectTitle(projectId: string): { projectTitle?: string } {
    try {
      const title = options.projectTitleOf?.(projectId)?.trim().slice(0, 200);
      return title ? { projectTitle: title } : {};
    } catch {
      return {};
    }
  }

  return {
    name: 'runway',
    label: 'Runway',
    kind: 'cloud',
    // the backend charges once per request id, and a resend uses the same id
    resubmitSafe: true,
    pollIntervalMs: options.pollIntervalMs ?? 5_000,
    timeoutMs: () => 60 * 60_000,

    async create(request, signal) {
      const session = await requireSession();
      const projectId = options.projectOf(request.clipId);
      try {
        const imagePath = await uploadPhoto(session, request, projectId, signal);
        const body = {
          clipId: request.clipId,
          projectId,
          requestId: requestIdFor(request.jobId, options.attemptOf(request.jobId)),
          imagePath,
          ...(request.prompt.trim() ? { prompt: request.prompt.trim() } : {}),
          duration: durationFor(request.durationS),
          ratio: CLIP_RATIOS[request.aspect],
          ...projectTitle(projectId),
        };
        const started = await whenOnline(() => invokeFunction<TakeBody>(session.client, 'clip-generation', { body, signal }), signal);
        if (typeof started.balance === 'number') options.onBalance?.(started.balance);
        return { taskId: started.takeId };
      } catch (error) {
        return mapCallError(error, request.clipId);
      }
    },

    poll: (takeId, signal) => status(takeId, signal),

    // the backend has no cancel: a started generation finishes (and is paid for) at Runway
    cancel: async () => undefined,

    async fetchResult(takeId, succeeded, destPath, signal) {
      let url = succeeded.outputs[0]?.url;
      for (let tries = 0; tries < 2 && url; tries++) {
        const u = url;
        const outcome = await whenOnline(() => download(u, destPath, signal), signal);
        if (outcome === 'ok') return;
        // the signed URL expired while waiting: clip-status signs a fresh one
        const fresh = await status(takeId, signal);
        url = fresh.state === 'SUCCEEDED' ? fresh.outputs[0]?.url : undefined;
      }
      throw new ProviderError('retryable', 'The finished video could not be downloaded from the cloud.', 'DOWNLOAD_FAILED');
    },
  };
}
