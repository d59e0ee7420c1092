// What the functions use of @runwayml/sdk (the adapter passes the real client), and how
// Runway's answers are turned into something a creator understands.
import { ApiError } from './http.ts';
import { MAX_PROMPT_LENGTH, type Ratio } from './wire.ts';

export type RunwayTaskStatus = 'PENDING' | 'THROTTLED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface RunwayTask {
  id: string;
  status: RunwayTaskStatus;
  progress?: number;
  output?: string[];
  failure?: string;
  failureCode?: string;
}

export interface ImageToVideoBody {
  model: string;
  promptImage: string;
  promptText?: string;
  ratio: Ratio;
  duration: number;
}

export interface CreateOptions {
  maxRetries?: number;
  timeout?: number;
  headers?: Record<string, string>;
}

/** The subset of the RunwayML client the functions call. */
export interface RunwayLike {
  imageToVideo: {
    /** On a connection of its own, never reused: nothing below the SDK may resend a paid create. */
    create(body: ImageToVideoBody, options?: CreateOptions): PromiseLike<{ id: string }>;
  };
  tasks: {
    retrieve(id: string): PromiseLike<RunwayTask>;
    /** Cancels a task that has not ended, deletes one that has. */
    delete(id: string): PromiseLike<unknown>;
  };
}

/** Sent with every create: the take's request id, recorded before the call (Runway ignores it; its logs and ours can be matched). */
export const REQUEST_ID_HEADER = 'X-Echoes-Request-Id';

/** The SDK's APIError carries the HTTP status and Runway's body ({error}). */
function apiErrorParts(error: unknown): { status?: number; text?: string } {
  const e = error as { status?: unknown; error?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : undefined;
  const body = e?.error as { error?: unknown } | undefined;
  const text = typeof body?.error === 'string' ? body.error : undefined;
  return { status, text };
}

/** Runway's own words about an error, for the log only: never shown to a creator. */
export function providerText(error: unknown): string | undefined {
  return apiErrorParts(error).text;
}

/**
 * Whether a failed create may have made a task. A 4xx answer (400 validation or credits, 401,
 * 403, 404, 429) means Runway refused it: no task. A timeout, a broken connection, a 408 or a
 * 5xx may have come after the task existed: the outcome is unknown.
 */
export function createOutcomeUnknown(error: unknown): boolean {
  const { status } = apiErrorParts(error);
  return status === undefined || status === 408 || status >= 500;
}

/** Runway's 400 when the operator's organisation has run out of credits. */
function outOfCredits(text: string | undefined): boolean {
  return !!text && /credits?/i.test(text) && /organi[sz]ation|enough/i.test(text);
}

export const PROVIDER_BUSY = 'The AI service is busy, try again later; your credit was refunded.';

/** Maps a create call that Runway refused to the error the app shows: our words, never Runway's. */
export function createFailure(error: unknown): ApiError {
  const { status, text } = apiErrorParts(error);
  if (status === 429) return new ApiError(429, 'provider_busy', PROVIDER_BUSY);
  // the operator's Runway balance is our problem, not the creator's: the same words as busy
  if (status === 400 && outOfCredits(text)) return new ApiError(503, 'provider_busy', PROVIDER_BUSY);
  if (status === 400) {
    return new ApiError(422, 'provider_rejected', 'The AI service could not use this photo or prompt; your credit was refunded. Try another photo or prompt.');
  }
  return new ApiError(502, 'provider_unavailable', 'The AI service could not be reached; your credit was refunded. Try again later.');
}

export interface FailureExplanation {
  code: string;
  message: string;
  retryable: boolean;
}

/** Runway's task failure codes in words; SAFETY.* is never worth retrying as it is. */
export function explainFailure(code: string | undefined): FailureExplanation {
  const c = code ?? 'UNKNOWN';
  if (c.startsWith('SAFETY.INPUT') || c.startsWith('INPUT_PREPROCESSING.SAFETY')) {
    return { code: c, retryable: false, message: 'The photo or prompt was flagged by the content safety check. Try a different photo or prompt.' };
  }
  if (c.startsWith('SAFETY')) {
    return { code: c, retryable: false, message: 'The generated video was blocked by the content safety check. Try a different prompt.' };
  }
  if (c.startsWith('ASSET')) {
    return { code: c, retryable: false, message: 'The photo could not be used. Use a JPEG, PNG or WebP photo and try again.' };
  }
  if (c === 'OUTPUT_EXPIRED') {
    return { code: c, retryable: true, message: 'The finished video expired before it could be saved. Generate it again.' };
  }
  if (c === 'CANCELLED') {
    return { code: c, retryable: true, message: 'The generation was cancelled.' };
  }
  if (c === 'PROVIDER_UNCONFIRMED') {
    return { code: c, retryable: true, message: 'The AI service never confirmed this clip; your credit was refunded. Try again.' };
  }
  if (c === 'OUTPUT_LOST') {
    return { code: c, retryable: true, message: 'The AI service no longer has the finished video; your credit was refunded. Generate it again.' };
  }
  return { code: c, retryable: true, message: 'The AI provider had a problem making this clip. Try again.' };
}

/** The creator's words first, then the system prompt; past Runway's limit the system prompt is cut. */
export function composePrompt(systemPrompt: string, prompt: string | undefined): string | undefined {
  const parts = [prompt?.trim(), systemPrompt.trim()].filter((p): p is string => !!p);
  if (parts.length === 0) return undefined;
  return parts.join(' ').slice(0, MAX_PROMPT_LENGTH);
}

/** What the adapter needs of an SDK client. */
interface SdkClient {
  // deno-lint-ignore no-explicit-any
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  imageToVideo: { create(body: any, options?: any): PromiseLike<{ id: string }> };
  tasks: { retrieve(id: string): PromiseLike<unknown>; delete(id: string): PromiseLike<unknown> };
}

/**
 * The real RunwayML client as a RunwayLike. The SDK's parameter types are a union over every
 * model, so the call is widened here, in one place; the fake and real API check the body.
 * `creates` is a client whose connections are never reused (see runtime/runway.ts); reads and
 * cancels go through `client`.
 */
export function runwayFromSdk(client: SdkClient, creates: SdkClient = client): RunwayLike {
  return {
    imageToVideo: { create: (body, options) => creates.imageToVideo.create(body, options) },
    tasks: {
      retrieve: async (id) => (await client.tasks.retrieve(id)) as RunwayTask,
      delete: (id) => client.tasks.delete(id),
    },
  };
}
