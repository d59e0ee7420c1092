import type { FocusMode, Quality, Shape } from '../../../shared/values';
import type { ClipFraming, FocusPoint } from '../../../shared/framing';
import type { ErrorKind, Motion, ProviderTaskState } from '../../../shared/contract/generate';

/** Everything a provider needs to make one clip; frozen when the job is queued. */
export interface ProviderRequest {
  /** Our job id: stable across retries and restarts (for logs or an idempotency key where a service offers one). */
  jobId: string;
  clipId: string;
  image: { path: string; mediaId: string };
  prompt: string;
  motion: Motion;
  seed: number;
  durationS: number;
  fps: number;
  aspect: Shape;
  width: number;
  height: number;
  /** The photo's focus point (null: not known), the clip's own framing, and whether crops aim at the subject. */
  focus?: FocusPoint | null;
  framing?: ClipFraming | null;
  focusMode?: FocusMode;
  /** The project's export quality (takes made on the device are encoded at it). */
  quality?: Quality;
}

export interface ProviderFailure {
  kind: ErrorKind;
  /** The provider's own code, e.g. Runway's `SAFETY.INPUT.IMAGE`. */
  code?: string;
  message: string;
}

/** A provider task's status, modelled on Runway's task states. */
export type ProviderTaskStatus =
  | { state: 'PENDING' }
  /** Accepted but waiting for a slot at the provider (Runway over its concurrency limit). */
  | { state: 'THROTTLED' }
  | { state: 'RUNNING'; progress?: number }
  /** Output URLs can expire (Runway: 24-48 h), so the queue fetches the result at once. */
  | { state: 'SUCCEEDED'; outputs: { url: string; expiresAt?: string }[] }
  | { state: 'FAILED'; failure: ProviderFailure }
  | { state: 'CANCELLED' }
  /** The provider no longer knows the task (a local render lost with the process that ran it). */
  | { state: 'LOST' };

export const terminalTaskStates = new Set<ProviderTaskStatus['state']>(['SUCCEEDED', 'FAILED', 'CANCELLED', 'LOST']);

export function isTerminal(status: ProviderTaskStatus): boolean {
  return terminalTaskStates.has(status.state);
}

/** Task states a job reports; LOST never leaves the queue. */
export function reportedState(status: ProviderTaskStatus): ProviderTaskState | null {
  return status.state === 'LOST' ? null : status.state;
}

/**
 * A failure a provider classifies: the queue retries only `retryable`. Thrown from create
 * (the task was certainly not created), poll and fetchResult (the task stays as it was).
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly code?: string,
    /** A wait the provider asks for before the next try (HTTP Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface GenerationProvider {
  /** Registry key, also stored with every job and take. */
  readonly name: string;
  /** Shown to the creator ("On-device motion", "Runway"). */
  readonly label: string;
  /** `local` runs on this machine (concurrency: CPU count); `cloud` is a paid remote service. */
  readonly kind: 'local' | 'cloud';
  /**
   * True when creating the task again costs nothing, so a job interrupted between "create sent"
   * and "task id saved" may simply be created again. Paid providers say false: such a job fails
   * with `interrupted` instead of risking a second charge.
   */
  readonly resubmitSafe: boolean;
  /** How often to poll while a task runs (a fallback when waitForChange exists). */
  readonly pollIntervalMs: number;
  /** How long a task may take once the queue waits for it, before it counts as timed out. */
  timeoutMs(request: ProviderRequest): number;

  /** Starts a task and returns the provider's task id. Must not retry by itself (a retried create can bill twice). */
  create(request: ProviderRequest, signal: AbortSignal): Promise<{ taskId: string }>;
  poll(taskId: string, signal: AbortSignal): Promise<ProviderTaskStatus>;
  /** Optional push: resolves when the task's status may have changed, so progress streams without tight polling. */
  waitForChange?(taskId: string, signal: AbortSignal): Promise<void>;
  /** Best effort; a task that already finished may ignore it. */
  cancel(taskId: string): Promise<void>;
  /** Writes the finished video of a SUCCEEDED task to `destPath` (a media-store temp path). */
  fetchResult(taskId: string, status: Extract<ProviderTaskStatus, { state: 'SUCCEEDED' }>, destPath: string, signal: AbortSignal): Promise<void>;
  /** Stops whatever the provider runs in this process (local renders) when the studio closes. */
  dispose?(): void;
}
