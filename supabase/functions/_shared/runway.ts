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

/** The subset of the RunwayML client the functions call. */
export interface RunwayLike {
  imageToVideo: {
    create(body: ImageToVideoBody, options?: { maxRetries?: number; timeout?: number }): PromiseLike<{ id: string }>;
  };
  tasks: {
    retrieve(id: string): PromiseLike<RunwayTask>;
  };
}

/** The SDK's APIError carries the HTTP status and Runway's body ({error}). */
function apiErrorParts(error: unknown): { status?: number; text?: string } {
  const e = error as { status?: unknown; error?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : undefined;
  const body = e?.error as { error?: unknown } | undefined;
  const text = typeof body?.error === 'string' ? body.error : undefined;
  return { status, text };
}

/** Maps a failed create call to the error the app shows. */
export function createFailure(error: unknown): ApiError {
  const { status, text } = apiErrorParts(error);
  if (status === 429) {
    return new ApiError(429, 'provider_busy', 'The AI provider has reached its limit for now. Your credits were refunded; try again later.');
  }
  if (status === 400) {
    return new ApiError(422, 'provider_rejected', `The AI provider refused this request${text ? `: ${text}` : '.'} Your credits were refunded.`);
  }
  return new ApiError(502, 'provider_unavailable', 'The AI provider could not be reached. Your credits were refunded; try again.');
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
  return { code: c, retryable: true, message: 'The AI provider had a problem making this clip. Try again.' };
}

/** The creator's words first, then the system prompt; past Runway's limit the system prompt is cut. */
export function composePrompt(systemPrompt: string, prompt: string | undefined): string | undefined {
  const parts = [prompt?.trim(), systemPrompt.trim()].filter((p): p is string => !!p);
  if (parts.length === 0) return undefined;
  return parts.join(' ').slice(0, MAX_PROMPT_LENGTH);
}

/**
 * The real RunwayML client as a RunwayLike. The SDK's parameter types are a union over every
 * model, so the call is widened here, in one place; the fake and real API check the body.
 */
export function runwayFromSdk(client: {
  // deno-lint-ignore no-explicit-any
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  imageToVideo: { create(body: any, options?: any): PromiseLike<{ id: string }> };
  tasks: { retrieve(id: string): PromiseLike<unknown> };
}): RunwayLike {
  return {
    imageToVideo: { create: (body, options) => client.imageToVideo.create(body, options) },
    tasks: { retrieve: async (id) => (await client.tasks.retrieve(id)) as RunwayTask },
  };
}
