import * as fsp from 'node:fs/promises';

/**
 * Every rename, replace and delete the studio does, in one place.
 *
 * On Windows libuv's rename is one MoveFileExW call and its unlink one DeleteFileW: both fail with
 * EPERM / EACCES / EBUSY while another process holds the file (a video player showing out.mp4,
 * Defender or the search indexer scanning a file just written, OneDrive uploading it). Those
 * holds last milliseconds to seconds, so the operation is retried with back-off for about 10 s
 * (graceful-fs and rimraf do the same). Elsewhere these codes are real permission errors and the
 * retries only delay the same answer by the budget.
 *
 * The fs functions are looked up through `fileSystem` on every call, so tests can swap one for a
 * function that throws (the OS boundary) without mocking any of our own code.
 */
export const fileSystem = {
  rename: fsp.rename,
  rm: fsp.rm,
  copyFile: fsp.copyFile,
  cp: fsp.cp,
};

/** The codes a transient hold on Windows shows up as. */
const TRANSIENT = new Set(['EPERM', 'EACCES', 'EBUSY']);

export function isTransientFsError(error: unknown): boolean {
  return TRANSIENT.has((error as NodeJS.ErrnoException | null)?.code ?? '');
}

export interface RetryPolicy {
  /** Total time to keep trying, in ms (default 10 s). */
  budgetMs: number;
  /** First wait; each next wait doubles, capped at maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { budgetMs: 10_000, firstDelayMs: 50, maxDelayMs: 1_000 };

let policy: RetryPolicy = DEFAULT_RETRY;

/** Changes the retry policy (tests shorten it); returns the previous one. */
export function setRetryPolicy(next: Partial<RetryPolicy>): RetryPolicy {
  const previous = policy;
  policy = { ...policy, ...next };
  return previous;
}

/** The waits before each retry under a policy: doubling from firstDelayMs, capped, summing to at most budgetMs. */
export function backoffDelays(p: RetryPolicy = policy): number[] {
  const delays: number[] = [];
  let total = 0;
  let next = p.firstDelayMs;
  while (total + next <= p.budgetMs && next > 0) {
    delays.push(next);
    total += next;
    next = Math.min(next * 2, p.maxDelayMs);
  }
  return delays;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `op`, retrying transient Windows holds with back-off; any other error (or the last transient one) is thrown. */
export async function withRetries<T>(op: () => Promise<T>): Promise<T> {
  const delays = backoffDelays();
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      const delay = delays[attempt];
      if (!isTransientFsError(error) || delay === undefined) throw error;
      await sleep(delay);
    }
  }
}

/** rename(2) that waits out a transient hold on either file. */
export function renameFile(from: string, to: string): Promise<void> {
  return withRetries(() => fileSystem.rename(from, to));
}

/** rm that waits out a transient hold (Node's own maxRetries covers EBUSY/EPERM inside recursive removal too). */
export function removePath(target: string, options: { recursive?: boolean } = {}): Promise<void> {
  return withRetries(() => fileSystem.rm(target, { force: true, recursive: options.recursive ?? false, maxRetries: 3, retryDelay: 100 }));
}

/** Like removePath, but never throws: for clean-ups after another error, where the first error is the one to report. */
export async function removeQuietly(target: string, options: { recursive?: boolean } = {}): Promise<void> {
  await removePath(target, options).catch(() => undefined);
}

export function copyFileTo(from: string, to: string): Promise<void> {
  return withRetries(() => fileSystem.copyFile(from, to));
}

/**
 * The finished output could not take its final name: the finished file is kept where it is, and
 * the message says where, so a long render is never thrown away because a player held the target.
 */
export class OutputKeptError extends Error {
  override name = 'OutputKeptError';
  constructor(
    readonly target: string,
    readonly keptAt: string,
    override readonly cause: unknown,
  ) {
    super(
      `Could not replace ${target} (${(cause as NodeJS.ErrnoException)?.code ?? (cause as Error)?.message ?? 'error'}: ` +
        `is it open in another program?). The finished video was kept at ${keptAt}`,
    );
  }
}

/**
 * Moves a complete file onto its final name (replacing what is there), retrying transient holds.
 * When that still fails the complete file is left in place and OutputKeptError names it.
 */
export async function publishFile(finished: string, target: string): Promise<void> {
  try {
    await renameFile(finished, target);
  } catch (error) {
    throw new OutputKeptError(target, finished, error);
  }
}
