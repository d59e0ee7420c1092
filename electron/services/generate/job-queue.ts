import type { Job } from '../../../shared/contract/generate';
import { StudioError } from '../../../shared/contract/errors';
import type { EventBus } from '../rpc/event-bus';
import type { Db } from '../db/database';
import { diskFullMessage, isDiskFull } from '../system/disk-full';
import { failureMessage, progressMessage, retryMessage } from './job-messages';
import { specOf, toJob, toJobUpdated, type Failure, type JobRepository, type JobRow } from './job-repository';
import { ProviderError, reportedState, type GenerationProvider, type ProviderRequest, type ProviderTaskStatus } from './provider';
import type { ProviderRegistry } from './registry';
import type { TakeRepository } from './take-repository';
import { abortable, backoffMs, TaskTimeoutError, waitForTask } from './wait-for-task';
import { removePath } from '../system/file-ops';

/** The part of the media library generation uses (the store of electron/services/media/media-library.ts). */
export interface GenerationMedia {
  path(id: string): string;
  tempPath(ext: string): string;
  /**
   * Moves a finished video into the store as registered media and calls `attach` to record its
   * take; the collector cannot free it in between, and frees it at once if attach declines.
   */
  adopt(
    sourcePath: string,
    file: { role: 'take'; ext: string; mime: string; width: number; height: number },
    attach: (mediaId: string) => boolean,
  ): Promise<{ mediaId: string; attached: boolean }>;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface JobQueueOptions {
  db: Db;
  jobs: JobRepository;
  takes: TakeRepository;
  registry: ProviderRegistry;
  media: GenerationMedia;
  events: EventBus;
  /** Jobs a provider may run at once. */
  concurrency: (provider: GenerationProvider) => number;
  retry: RetryPolicy;
  /** The folder a full disk is reported for (the data folder). */
  spaceFolder: string;
  log?: (message: string, error?: unknown) => void;
}

type Phase = 'prepare' | 'create' | 'wait' | 'fetch' | 'store';

interface ActiveRun {
  provider: GenerationProvider;
  controller: AbortController;
  phase: Phase;
  taskId: string | null;
  cancelled: boolean;
  lastProgress: number;
  lastState: string | null;
}

export interface JobQueue {
  /** Resumes jobs a previous run left running, then starts queued ones. */
  start(): void;
  /** Looks for work (after jobs were queued). */
  kick(): void;
  cancel(jobId: string): Job;
  /**
   * Cancels the queued and running jobs of clips in the trash, and stops runs whose job row is gone
   * (its clip or project was purged), each at its provider too. Called when clips or projects change.
   */
  cancelRemoved(): void;
  /**
   * Stops at once, as a crash would: nothing in flight is marked failed or cancelled, so the next
   * start resumes it. The one write still allowed is saving a task id a provider returns late, so
   * a submitted task is polled, never submitted again. Resolves when every run has let go.
   */
  stop(): Promise<void>;
  /** Resolves when no job is queued or running (tests, the CLI, benches). */
  whenIdle(): Promise<void>;
}

const CLIP_GONE = 'Cancelled: the clip was deleted';

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { db, jobs, takes, registry, media, events, retry } = options;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[generate] ${message}`, error ?? ''));
  const active = new Map<string, ActiveRun>();
  const settling = new Set<Promise<void>>();
  const orphans = new Set<string>();
  const idleWaiters: Array<() => void> = [];
  let started = false;
  let stopped = false;
  let stopping: Promise<void> | null = null;
  let wakeTimer: NodeJS.Timeout | null = null;

  function emit(jobId: string) {
    if (stopped) return;
    const row = jobs.get(jobId);
    if (row) events.emit({ type: 'job.updated', payload: toJobUpdated(row) });
  }

  /** Runs that load the provider: once its task is done, downloading and storing the result no longer holds a slot. */
  function activeCount(provider: string) {
    let n = 0;
    for (const run of active.values()) if (run.provider.name === provider && run.phase !== 'fetch' && run.phase !== 'store') n += 1;
    return n;
  }

  /**
   * Looks for work. Called from timers and from every run's .finally, so it never throws: a write
   * that fails here (a full disk: SQLITE_FULL) is logged and the queue tries again at the next kick.
   */
  function pump() {
    try {
      fill();
    } catch (error) {
      log(isDiskFull(error) ? `cannot start jobs: ${diskFullMessage(options.spaceFolder)}` : 'cannot start jobs', error);
    }
  }

  function fill() {
    if (!started || stopped) return;
    for (const provider of registry.list()) {
      let free = options.concurrency(provider) - activeCount(provider.name);
      // Jobs left running by an earlier run go first: they may already hold a provider task.
      for (const id of [...orphans]) {
        if (free <= 0) break;
        const row = jobs.get(id);
        if (!row || row.state !== 'running') {
          orphans.delete(id);
          continue;
        }
        if (row.provider !== provider.name) continue;
        orphans.delete(id);
        launch(row, provider);
        free -= 1;
      }
      if (free <= 0) continue;
      for (const row of jobs.due(provider.name, free)) {
        if (jobs.claim(row.id)) launch(jobs.get(row.id)!, provider);
      }
    }
    scheduleWake();
    checkIdle();
  }

  function scheduleWake() {
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeTimer = null;
    const next = jobs.nextWakeAt();
    if (!next) return;
    wakeTimer = setTimeout(pump, Math.max(0, Date.parse(next) - Date.now()) + 5);
    wakeTimer.unref();
  }

  function checkIdle() {
    if (active.size > 0 || !idleWaiters.length) return;
    if (jobs.hasActive()) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  function launch(row: JobRow, provider: GenerationProvider) {
    const run: ActiveRun = {
      provider,
      controller: new AbortController(),
      phase: 'prepare',
      taskId: row.provider_task_id,
      cancelled: false,
      lastProgress: row.progress,
      lastState: row.provider_state,
    };
    active.set(row.id, run);
    const done = drive(row, run)
      .catch((error: unknown) => onError(row.id, run, error))
      .catch((error: unknown) => {
        if (stopped) return;
        log(`job ${row.id} could not record its outcome`, error);
        // The outcome could not be written (a full disk): the row still says running. Write its
        // failure again a little later, when a finished render may have given the space back.
        recordLater(row.id, isDiskFull(error) ? { kind: 'retryable', code: 'DISK_FULL', message: 'The disk is full' } : { kind: 'internal', message: 'The result could not be saved.' });
      })
      .finally(() => {
        active.delete(row.id);
        settling.delete(done);
        pump();
        checkIdle();
      });
    settling.add(done);
  }

  function requestOf(row: JobRow): ProviderRequest {
    const spec = specOf(row);
    return {
      jobId: row.id,
      clipId: row.clip_id,
      image: { path: media.path(spec.imageMediaId), mediaId: spec.imageMediaId },
      prompt: spec.prompt,
      motion: spec.motion,
      seed: spec.seed,
      durationS: spec.durationS,
      fps: spec.fps,
      aspect: spec.aspect,
      width: spec.width,
      height: spec.height,
      focus: spec.focus,
      framing: spec.framing,
      focusMode: spec.focusMode,
      quality: spec.quality,
    };
  }

  async function drive(row: JobRow, run: ActiveRun): Promise<void> {
    const { provider } = run;
    const { signal } = run.controller;
    let request: ProviderRequest;
    try {
      request = requestOf(row);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      fail(row.id, { kind: 'invalid_input', code: 'IMAGE_MISSING', message: `The clip's image is not in the media library (${message}).` }, row.attempt);
      return;
    }
    let resubmittedLost = false;
    for (;;) {
      let taskId = run.taskId;
      if (!taskId) {
        const current = jobs.get(row.id);
        if (!current || current.state !== 'running') return;
        if (current.submit_started_at && !provider.resubmitSafe) {
          fail(row.id, {
            kind: 'interrupted',
            message: `The studio closed while this clip was being sent to ${provider.label}, so it may already be generating there. It was not sent again to avoid a second charge; generate again if it does not appear.`,
          }, current.attempt);
          return;
        }
        run.phase = 'create';
        jobs.markSubmitting(row.id, progressMessage(provider.label, null, 0));
        emit(row.id);
        // The task id is saved whenever it arrives, even after a stop or cancel stopped waiting for
        // it: a saved id is polled on the next start instead of being paid for twice.
        const created = provider.create(request, signal).then(({ taskId }) => {
          run.taskId = taskId;
          try {
            jobs.setTask(row.id, taskId, progressMessage(provider.label, 'PENDING', 0));
          } catch (error) {
            if (!stopped) throw error;
          }
          if (run.cancelled) void provider.cancel(taskId).catch((e: unknown) => log(`could not cancel task ${taskId}`, e));
          return taskId;
        });
        created.catch(() => {});
        taskId = await abortable(created, signal);
        run.lastState = 'PENDING';
        emit(row.id);
      }
      run.phase = 'wait';
      const status = await waitForTask(provider, taskId, {
        signal,
        timeoutMs: provider.timeoutMs(request),
        onStatus: (s) => onStatus(row.id, run, s),
      });
      switch (status.state) {
        case 'SUCCEEDED':
          await saveResult(row, run, taskId, request, status);
          return;
        case 'FAILED':
          onFailure(row.id, run, status.failure, false);
          return;
        case 'CANCELLED':
          if (jobs.cancel(row.id, `${provider.label} cancelled the task.`)) emit(row.id);
          return;
        case 'LOST':
          if (provider.resubmitSafe && !resubmittedLost) {
            // A local render lost with the process that ran it: render it again, it costs nothing.
            resubmittedLost = true;
            run.taskId = null;
            jobs.clearTask(row.id);
            continue;
          }
          fail(row.id, { kind: 'interrupted', message: `${provider.label} no longer knows this task; generate again.` }, row.attempt);
          return;
        default:
          throw new Error(`unexpected terminal state ${status.state}`);
      }
    }
  }

  function onStatus(jobId: string, run: ActiveRun, status: ProviderTaskStatus) {
    const state = reportedState(status);
    if (!state || state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') return;
    const progress = status.state === 'RUNNING' && status.progress !== undefined ? Math.min(1, Math.max(0, status.progress)) : run.lastProgress;
    // One write and one event per visible change: a state change or a whole percent.
    if (state === run.lastState && Math.abs(progress - run.lastProgress) < 0.01) return;
    run.lastState = state;
    run.lastProgress = progress;
    if (jobs.setProgress(jobId, state, progress, progressMessage(run.provider.label, state, progress))) emit(jobId);
  }

  async function saveResult(
    row: JobRow,
    run: ActiveRun,
    taskId: string,
    request: ProviderRequest,
    status: Extract<ProviderTaskStatus, { state: 'SUCCEEDED' }>,
  ) {
    const { signal } = run.controller;
    run.phase = 'fetch';
    pump();
    const temp = media.tempPath('mp4');
    const download = run.provider.fetchResult(taskId, status, temp, signal);
    // A download that goes on after the abort may still write the file: remove it once it ends.
    download.then(
      () => (signal.aborted ? removePath(temp) : undefined),
      () => removePath(temp),
    ).catch(() => {});
    try {
      await abortable(download, signal);
      signal.throwIfAborted();
      run.phase = 'store';
      const video = { role: 'take', ext: 'mp4', mime: 'video/mp4', width: request.width, height: request.height } as const;
      // Declined (and the video freed again) when the job was cancelled or its clip deleted meanwhile.
      const { attached } = await media.adopt(temp, video, (mediaId) => !stopped && recordTake(row, request, mediaId));
      if (attached) {
        emit(row.id);
        // A remake replaced the approved take: the timeline shows the new one.
        if (specOf(row).approve) events.emit({ type: 'clips.changed', payload: { projectId: row.project_id } });
      } else if (!stopped && jobs.cancel(row.id, CLIP_GONE)) emit(row.id);
    } finally {
      await removePath(temp);
    }
  }

  /** The take and the job's success in one transaction, only while the job still runs for a clip not in the trash. */
  function recordTake(row: JobRow, request: ProviderRequest, mediaId: string): boolean {
    return db.transaction(() => {
      const current = jobs.get(row.id);
      if (!current || current.state !== 'running' || !jobs.clipIsLive(row.clip_id)) return false;
      const takeId = takes.insert({
        clipId: row.clip_id,
        jobId: row.id,
        provider: row.provider,
        prompt: request.prompt,
        motion: request.motion,
        seed: request.seed,
        durationS: request.durationS,
        fps: request.fps,
        width: request.width,
        height: request.height,
        aspect: request.aspect,
        madeWith: { framing: request.framing ?? null, focusMode: request.focusMode ?? 'subject' },
        mediaId,
      });
      if (specOf(row).approve) takes.approve(row.clip_id, takeId);
      return jobs.succeed(row.id, takeId, 'Ready');
    })();
  }

  /** Writes a failure the first try could not, with backoff, until it is written or the queue stops. */
  function recordLater(jobId: string, failure: Failure, delayMs = 1000) {
    const timer = setTimeout(() => {
      if (stopped) return;
      try {
        const row = jobs.get(jobId);
        if (row?.state === 'running' && !active.has(jobId)) fail(jobId, failure, row.attempt);
        checkIdle();
      } catch (error) {
        log(`job ${jobId} could not record its outcome`, error);
        recordLater(jobId, failure, Math.min(delayMs * 2, 30_000));
      }
    }, delayMs);
    timer.unref();
  }

  function fail(jobId: string, given: Failure, attempts: number) {
    const provider = registry.find(jobs.get(jobId)?.provider ?? '');
    const failure = given.code === 'DISK_FULL' ? { ...given, message: diskFullMessage(options.spaceFolder) } : given;
    const message = failureMessage(provider?.label ?? 'The provider', failure, attempts);
    if (jobs.fail(jobId, { ...failure, message })) emit(jobId);
  }

  /** Retries only what the provider marked retryable, with exponential backoff, up to maxAttempts. */
  function onFailure(jobId: string, run: ActiveRun, failure: Failure & { retryAfterMs?: number }, keepTask: boolean) {
    const row = jobs.get(jobId);
    if (!row || row.state !== 'running') return;
    // Waiting does not free space: a full disk fails the job at once (retryable by the creator).
    if (failure.kind === 'retryable' && failure.code !== 'DISK_FULL' && row.attempt < row.max_attempts) {
      const delay = failure.retryAfterMs ?? backoffMs(row.attempt, retry.baseDelayMs, retry.maxDelayMs);
      const nextAttemptAt = new Date(Date.now() + delay).toISOString();
      const message = retryMessage(failure, row.attempt + 1, row.max_attempts, delay);
      if (jobs.retry(jobId, { ...failure, message, nextAttemptAt, keepTask })) emit(jobId);
      return;
    }
    fail(jobId, failure, row.attempt);
  }

  function stopRun(run: ActiveRun) {
    run.cancelled = true;
    run.controller.abort();
  }

  function cancelTask(provider: GenerationProvider, taskId: string) {
    void provider.cancel(taskId).catch((e: unknown) => log(`could not cancel task ${taskId}`, e));
  }

  /** Marks the job cancelled, stops its run and cancels its task at the provider (a paid task stops being paid for). */
  function cancelJob(row: JobRow, message: string) {
    jobs.cancel(row.id, message);
    orphans.delete(row.id);
    const run = active.get(row.id);
    if (run) stopRun(run);
    const taskId = run?.taskId ?? row.provider_task_id;
    const provider = registry.find(row.provider);
    if (taskId && provider) cancelTask(provider, taskId);
    emit(row.id);
    pump();
  }

  async function onError(jobId: string, run: ActiveRun, error: unknown) {
    if (stopped || run.cancelled) return;
    if (isDiskFull(error)) {
      fail(jobId, { kind: 'retryable', code: 'DISK_FULL', message: diskFullMessage(options.spaceFolder) }, jobs.get(jobId)?.attempt ?? 1);
      return;
    }
    if (error instanceof TaskTimeoutError) {
      if (run.taskId) await run.provider.cancel(run.taskId).catch((e: unknown) => log(`could not cancel task ${run.taskId}`, e));
      fail(jobId, { kind: 'timeout', message: error.message }, jobs.get(jobId)?.attempt ?? 1);
      return;
    }
    if (error instanceof ProviderError) {
      // A failed poll or download leaves the task as it was: the retry resumes it instead of paying for a new one.
      const keepTask = run.phase === 'wait' || run.phase === 'fetch';
      const failure = { kind: error.kind, code: error.code, message: error.message, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) };
      onFailure(jobId, run, failure, keepTask);
      return;
    }
    if (error instanceof StudioError) {
      fail(jobId, { kind: 'invalid_input', code: error.code, message: error.message }, jobs.get(jobId)?.attempt ?? 1);
      return;
    }
    log(`job ${jobId} failed unexpectedly`, error);
    fail(jobId, { kind: 'internal', message: error instanceof Error ? error.message : String(error) }, jobs.get(jobId)?.attempt ?? 1);
  }

  return {
    start() {
      if (started) return;
      started = true;
      for (const row of jobs.running()) orphans.add(row.id);
      pump();
    },
    kick: pump,
    cancel(jobId) {
      const row = jobs.get(jobId);
      if (!row) throw new StudioError('NOT_FOUND', `No job with id ${jobId}`);
      if (row.state === 'succeeded' || row.state === 'failed') throw new StudioError('CONFLICT', `Job ${jobId} already ${row.state}; nothing to cancel`);
      if (row.state !== 'cancelled') cancelJob(row, 'Cancelled');
      return toJob(jobs.get(jobId)!);
    },
    cancelRemoved() {
      if (stopped) return;
      for (const jobId of jobs.activeOfTrashedClips()) {
        const row = jobs.get(jobId);
        if (row) cancelJob(row, CLIP_GONE);
      }
      for (const [jobId, run] of active) {
        if (jobs.get(jobId)) continue;
        stopRun(run);
        if (run.taskId) cancelTask(run.provider, run.taskId);
      }
    },
    stop() {
      if (stopping) return stopping;
      stopped = true;
      if (wakeTimer) clearTimeout(wakeTimer);
      for (const run of active.values()) run.controller.abort();
      for (const provider of registry.list()) provider.dispose?.();
      for (const resolve of idleWaiters.splice(0)) resolve();
      stopping = Promise.allSettled([...settling]).then(() => undefined);
      return stopping;
    },
    whenIdle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        if (stopped) resolve();
        else checkIdle();
      });
    },
  };
}
