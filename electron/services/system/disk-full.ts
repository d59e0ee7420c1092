import { StudioError } from '../../../shared/contract/errors';

/**
 * A write failed because the disk (or the user's quota) is full: Node's ENOSPC / EDQUOT, SQLite's
 * SQLITE_FULL ("database or disk is full"), or FFmpeg's "No space left on device".
 */
export function isDiskFull(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message, stderrTail } = error as { code?: unknown; message?: unknown; stderrTail?: unknown };
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return true;
  const text = `${typeof message === 'string' ? message : ''}\n${typeof stderrTail === 'string' ? stderrTail : ''}`;
  return /no space left on device|database or disk is full|disk quota exceeded/i.test(text);
}

/** What a creator reads: which folder needs room. */
export function diskFullMessage(folder: string): string {
  return `The disk is full: free space in ${folder}`;
}

/**
 * Every handler, with a full disk reported as what it is (UNAVAILABLE, try again after freeing
 * space) instead of an internal error. Other errors pass through unchanged.
 */
export function reportDiskFull<H extends Record<string, (input: never) => unknown>>(handlers: H, folder: string): H {
  const wrapped: Record<string, (input: never) => unknown> = {};
  for (const [method, handler] of Object.entries(handlers)) {
    wrapped[method] = (input: never) => {
      const rethrow = (error: unknown): never => {
        if (isDiskFull(error)) throw new StudioError('UNAVAILABLE', `${diskFullMessage(folder)}, then try again.`);
        throw error;
      };
      try {
        const value = handler(input);
        return value instanceof Promise ? value.catch(rethrow) : value;
      } catch (error) {
        return rethrow(error);
      }
    };
  }
  return wrapped as H;
}
