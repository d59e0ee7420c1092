import Database from 'better-sqlite3';
import { writeFile } from 'node:fs/promises';
import type { ErrorKind } from '../../../shared/contract/generate';
import { ProviderError, type GenerationProvider, type ProviderRequest, type ProviderTaskStatus } from '../../../electron/services/generate/provider';

/** What the fake service does with one created task (decided at create time, stored with the task). */
export type Behavior =
  | { outcome: 'succeed'; throttleMs?: number; runMs: number }
  | { outcome: 'fail'; kind: ErrorKind; code: string; message: string; runMs?: number }
  /** Never finishes. */
  | { outcome: 'hang' }
  /** create never answers (the request is in flight when the app stops). */
  | { outcome: 'stall' }
  /** create itself is refused (HTTP 4xx/5xx): no task exists. */
  | { outcome: 'reject'; kind: ErrorKind; code?: string; message: string; retryAfterMs?: number };

export type Script = (request: ProviderRequest, createNumber: number) => Behavior;

export interface RemoteCall {
  seq: number;
  kind: 'create' | 'poll' | 'cancel' | 'fetch';
  job_id: string | null;
  task_id: string | null;
  instance: string;
  /** Date.now() when the call arrived. */
  at_ms: number;
}

interface TaskRow {
  id: string;
  job_id: string;
  behavior: string;
  created_ms: number;
  cancelled: number;
}

function openRemote(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS calls (seq INTEGER PRIMARY KEY, kind TEXT, job_id TEXT, task_id TEXT, instance TEXT, at_ms INTEGER);
    CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, job_id TEXT, behavior TEXT, created_ms INTEGER, cancelled INTEGER DEFAULT 0);
  `);
  return db;
}

/** Every call the fake service received, across all provider instances (app restarts). */
export function readCalls(file: string): RemoteCall[] {
  const db = openRemote(file);
  try {
    return db.prepare<[], RemoteCall>('SELECT seq, kind, job_id, task_id, instance, at_ms FROM calls ORDER BY seq').all();
  } finally {
    db.close();
  }
}

/**
 * A real GenerationProvider for a simulated paid remote service. The service's state (tasks and
 * a log of every call) lives in its own SQLite file, so it outlives the app: a task created
 * before a restart keeps running by the clock and can be polled by the next provider instance,
 * as Runway's tasks can. Task states follow Runway: THROTTLED, RUNNING with progress, then
 * SUCCEEDED / FAILED with a code, or CANCELLED.
 */
export function createRemoteTestProvider(options: {
  file: string;
  script: Script;
  name?: string;
  instance?: string;
  pollIntervalMs?: number;
  timeoutMs?: number;
  resubmitSafe?: boolean;
  /** Poll answers that fail (retryable, like a dropped connection) before the real status, per task. */
  pollFailures?: number;
}): GenerationProvider & { close(): void } {
  const db = openRemote(options.file);
  const instance = options.instance ?? 'app';
  const log = db.prepare('INSERT INTO calls (kind, job_id, task_id, instance, at_ms) VALUES (?, ?, ?, ?, ?)');
  const creates = db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM calls WHERE kind = 'create' AND job_id = ?");
  const polls = db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM calls WHERE kind = 'poll' AND task_id = ?");
  const insertTask = db.prepare('INSERT INTO tasks (id, job_id, behavior, created_ms) VALUES (?, ?, ?, ?)');
  const getTask = db.prepare<[string], TaskRow>('SELECT * FROM tasks WHERE id = ?');
  const cancelTask = db.prepare('UPDATE tasks SET cancelled = 1 WHERE id = ?');
  let seq = 0;

  function statusOf(task: TaskRow): ProviderTaskStatus {
    if (task.cancelled) return { state: 'CANCELLED' };
    const behavior = JSON.parse(task.behavior) as Behavior;
    const elapsed = Date.now() - task.created_ms;
    if (behavior.outcome === 'hang') return { state: 'RUNNING', progress: 0.5 };
    if (behavior.outcome === 'reject' || behavior.outcome === 'stall') throw new Error(`a ${behavior.outcome}ed create has no task`);
    const throttleMs = behavior.outcome === 'succeed' ? (behavior.throttleMs ?? 0) : 0;
    const runMs = behavior.runMs ?? 0;
    if (elapsed < throttleMs) return { state: 'THROTTLED' };
    if (elapsed < throttleMs + runMs) return { state: 'RUNNING', progress: (elapsed - throttleMs) / runMs };
    if (behavior.outcome === 'fail') return { state: 'FAILED', failure: { kind: behavior.kind, code: behavior.code, message: behavior.message } };
    return { state: 'SUCCEEDED', outputs: [{ url: `https://fake.invalid/${task.id}.mp4`, expiresAt: new Date(Date.now() + 86_400_000).toISOString() }] };
  }

  return {
    name: options.name ?? 'remote',
    label: 'Fake Cloud',
    kind: 'cloud',
    resubmitSafe: options.resubmitSafe ?? false,
    pollIntervalMs: options.pollIntervalMs ?? 20,
    timeoutMs: () => options.timeoutMs ?? 10_000,

    async create(request) {
      log.run('create', request.jobId, null, instance, Date.now());
      const behavior = options.script(request, creates.get(request.jobId)!.n);
      if (behavior.outcome === 'reject') throw new ProviderError(behavior.kind, behavior.message, behavior.code, behavior.retryAfterMs);
      if (behavior.outcome === 'stall') return new Promise<never>(() => {});
      const taskId = `task-${instance}-${++seq}-${request.jobId.slice(0, 8)}`;
      insertTask.run(taskId, request.jobId, JSON.stringify(behavior), Date.now());
      return { taskId };
    },
    async poll(taskId) {
      log.run('poll', null, taskId, instance, Date.now());
      const task = getTask.get(taskId);
      if (!task) return { state: 'LOST' };
      if (options.pollFailures && polls.get(taskId)!.n <= options.pollFailures) {
        throw new ProviderError('retryable', 'connection reset while polling', 'ECONNRESET');
      }
      return statusOf(task);
    },
    async cancel(taskId) {
      log.run('cancel', null, taskId, instance, Date.now());
      cancelTask.run(taskId);
    },
    async fetchResult(taskId, status, destPath) {
      log.run('fetch', null, taskId, instance, Date.now());
      if (status.state !== 'SUCCEEDED') throw new Error('fetch of an unfinished task');
      await writeFile(destPath, `video of ${taskId}\n`);
    },
    close: () => db.close(),
  };
}
