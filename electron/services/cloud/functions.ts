import type { SupabaseClient } from '@supabase/supabase-js';
import { FunctionsFetchError, FunctionsHttpError, FunctionsRelayError } from '@supabase/supabase-js';

/** A failed call to an edge function, with the function's stable error code and message. */
export class CloudCallError extends Error {
  override name = 'CloudCallError';
  constructor(
    /** offline: the backend could not be reached at all; http: it answered with an error. */
    readonly kind: 'offline' | 'http',
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function isOffline(error: unknown): error is CloudCallError {
  return error instanceof CloudCallError && error.kind === 'offline';
}

export interface InvokeOptions {
  method?: 'GET' | 'POST';
  body?: Record<string, unknown>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

async function httpError(error: FunctionsHttpError | FunctionsRelayError): Promise<CloudCallError> {
  const response = error.context as Response;
  const retryAfter = Number(response.headers.get('retry-after'));
  let body: { error?: { code?: unknown; message?: unknown } & Record<string, unknown> } | undefined;
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = undefined;
  }
  const { code, message, ...details } = body?.error ?? {};
  return new CloudCallError(
    'http',
    response.status,
    typeof code === 'string' ? code : `http_${response.status}`,
    typeof message === 'string' ? message : `The Echoes cloud answered ${response.status}.`,
    details,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  );
}

/** Calls an edge function through supabase-js (the session's access token goes with it). */
export async function invokeFunction<T>(client: SupabaseClient, name: string, options: InvokeOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
  let result;
  try {
    result = await client.functions.invoke(`${name}${query}`, {
      method: options.method ?? (options.body ? 'POST' : 'GET'),
      ...(options.body ? { body: options.body } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      // one combined signal: functions-js would otherwise leave a listener on the caller's signal per call
      signal: options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw await toCloudError(error);
  }
  if (result.error) throw await toCloudError(result.error);
  return result.data as T;
}

async function toCloudError(error: unknown): Promise<Error> {
  if (error instanceof FunctionsHttpError || error instanceof FunctionsRelayError) return httpError(error);
  if (error instanceof FunctionsFetchError) {
    return new CloudCallError('offline', 0, 'offline', 'The Echoes cloud cannot be reached. Check your internet connection.');
  }
  if (error instanceof Error && error.name === 'AbortError') return error;
  return error instanceof Error ? error : new Error(String(error));
}
