import type { ProviderTaskState } from '../../../shared/contract/generate';
import type { Failure } from './job-repository';

const withCode = (f: Failure) => (f.code ? ` (${f.code})` : '');

/** The line a creator reads under a failed clip: what happened, and whether trying again can help. */
export function failureMessage(label: string, failure: Failure, attempts: number): string {
  if (failure.code === 'DISK_FULL') return `${failure.message}, then generate again.`;
  switch (failure.kind) {
    case 'safety':
      return `${label} declined this image or prompt under its content policy${withCode(failure)}. Not retried: change the image or prompt. ${failure.message}`;
    case 'invalid_input':
      return `${label} could not use this input${withCode(failure)}: ${failure.message} Not retried: fix the input and generate again.`;
    case 'timeout':
      return `${label} timed out${withCode(failure)}: ${failure.message}. Generate again to retry.`;
    case 'expired':
      return `The finished video's download link expired before it was saved${withCode(failure)}. Generate again.`;
    case 'interrupted':
      return failure.message;
    case 'retryable':
      return `${label} failed ${attempts === 1 ? 'once' : `${attempts} times`}${withCode(failure)}: ${failure.message} Generate again later.`;
    case 'internal':
      return `Generation failed${withCode(failure)}: ${failure.message}`;
  }
}

/** "200 ms", "4 s", "3 min". */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export function retryMessage(failure: Failure, nextAttempt: number, maxAttempts: number, delayMs: number): string {
  return `Retrying in ${formatWait(delayMs)} (attempt ${nextAttempt} of ${maxAttempts})${withCode(failure)}: ${failure.message}`;
}

export function progressMessage(label: string, state: ProviderTaskState | null, progress: number): string {
  switch (state) {
    case null:
      return `Sending to ${label}`;
    case 'PENDING':
      return `Waiting to start at ${label}`;
    case 'THROTTLED':
      return `Queued at ${label}: waiting for a free slot`;
    case 'RUNNING':
      return `Generating ${Math.round(progress * 100)}%`;
    default:
      return `${label}: ${state.toLowerCase()}`;
  }
}
