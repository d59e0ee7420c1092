import { formatWait } from './job-messages';
import { isTerminal, ProviderError, type GenerationProvider, type ProviderTaskStatus } from './provider';

export class TaskTimeoutError extends Error {
  override name = 'TaskTimeoutError';
}

/** Exponential backoff: base, 2x base, 4x base ... capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Resolves after ms, or at once (without throwing) when the signal aborts; never leaves a timer behind. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Settles with the promise, or rejects with the abort reason as soon as the signal aborts, so a
 * provider call that ignores its signal (a stalled HTTP request) cannot hold the queue open.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

export interface WaitOptions {
  signal: AbortSignal;
  timeoutMs: number;
  onStatus: (status: ProviderTaskStatus) => void;
  /** Poll failures the provider calls retryable are tolerated this many times in a row. */
  maxPollErrors?: number;
  /** First wait after a failed poll (doubling after each); the provider's poll interval by default. */
  pollErrorBaseMs?: number;
}

/**
 * Follows a task to a terminal status: polls at the provider's interval, and wakes early when
 * the provider pushes a change. A transient poll failure is retried (polling again never creates
 * a second task); the timeout only fires while the task is still unfinished.
 */
export async function waitForTask(provider: GenerationProvider, taskId: string, options: WaitOptions): Promise<ProviderTaskStatus> {
  const { signal, timeoutMs, onStatus, maxPollErrors = 5, pollErrorBaseMs = provider.pollIntervalMs } = options;
  const deadline = Date.now() + timeoutMs;
  let pollErrors = 0;
  for (;;) {
    signal.throwIfAborted();
    let status: ProviderTaskStatus;
    try {
      status = await abortable(provider.poll(taskId, signal), signal);
      pollErrors = 0;
    } catch (error) {
      signal.throwIfAborted();
      if (!(error instanceof ProviderError) || error.kind !== 'retryable' || pollErrors >= maxPollErrors) throw error;
      pollErrors += 1;
      await sleep(Math.min(error.retryAfterMs ?? backoffMs(pollErrors, pollErrorBaseMs, 30_000), Math.max(0, deadline - Date.now())), signal);
      continue;
    }
    signal.throwIfAborted();
    onStatus(status);
    if (isTerminal(status)) return status;
    const left = deadline - Date.now();
    if (left <= 0) throw new TaskTimeoutError(`no result within ${formatWait(timeoutMs)}; the task was cancelled`);
    const round = new AbortController();
    const both = AbortSignal.any([signal, round.signal]);
    try {
      await Promise.race([sleep(Math.min(provider.pollIntervalMs, left), both), provider.waitForChange?.(taskId, both) ?? new Promise(() => {})]);
    } finally {
      round.abort();
    }
  }
}
