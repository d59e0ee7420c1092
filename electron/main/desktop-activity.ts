import type { StudioEvent } from '../../shared/contract/index';

/**
 * What the studio is busy with, followed from its events (`export.progress`, `job.updated`): the
 * source of the taskbar / dock progress, the notification when something long finishes, the
 * question before quitting and the power-save blocker. Pure: desktop.ts applies it with Electron.
 */
export interface Activity {
  /** Running exports: id -> percent (0-100). */
  readonly exports: ReadonlyMap<string, number>;
  /** Queued or running generation jobs: id -> progress (0-1). */
  readonly jobs: ReadonlyMap<string, number>;
  /** Jobs that ended since generation last became busy (the batch the progress bar counts). */
  readonly batch: { readonly succeeded: number; readonly failed: number; readonly cancelled: number };
}

export const idleActivity: Activity = { exports: new Map(), jobs: new Map(), batch: { succeeded: 0, failed: 0, cancelled: 0 } };

export type Finished =
  | { kind: 'export'; exportId: string; projectId: string; state: 'succeeded' | 'failed'; message: string }
  | { kind: 'generation'; succeeded: number; failed: number };

/** The next activity after one studio event, and what just finished (null when nothing did). */
export function nextActivity(activity: Activity, event: StudioEvent): { activity: Activity; finished: Finished | null } {
  if (event.type === 'export.progress') {
    const exp = event.payload;
    const exports = new Map(activity.exports);
    if (exp.state === 'running') {
      exports.set(exp.id, exp.progress);
      return { activity: { ...activity, exports }, finished: null };
    }
    const known = exports.delete(exp.id);
    const finished: Finished | null = known && exp.state !== 'cancelled' ? { kind: 'export', exportId: exp.id, projectId: exp.projectId, state: exp.state, message: exp.message } : null;
    return { activity: { ...activity, exports }, finished };
  }
  if (event.type === 'job.updated') {
    const job = event.payload;
    const jobs = new Map(activity.jobs);
    if (job.state === 'queued' || job.state === 'running') {
      jobs.set(job.jobId, job.progress);
      return { activity: { ...activity, jobs }, finished: null };
    }
    // a job that ended without being seen active (before this window of events) is not ours to count
    if (!jobs.delete(job.jobId)) return { activity, finished: null };
    const batch = { ...activity.batch, [job.state]: activity.batch[job.state] + 1 };
    if (jobs.size > 0) return { activity: { ...activity, jobs, batch }, finished: null };
    const finished: Finished | null = batch.succeeded + batch.failed > 0 ? { kind: 'generation', succeeded: batch.succeeded, failed: batch.failed } : null;
    return { activity: { ...activity, jobs, batch: idleActivity.batch }, finished };
  }
  return { activity, finished: null };
}

export const isExporting = (activity: Activity) => activity.exports.size > 0;
export const isBusy = (activity: Activity) => activity.exports.size > 0 || activity.jobs.size > 0;

/**
 * BrowserWindow.setProgressBar's value: the exports' mean progress while any runs, else the
 * generation batch's (ended jobs count as done), -1 (no bar) when idle.
 */
export function progressBarValue(activity: Activity): number {
  if (activity.exports.size > 0) {
    const percents = [...activity.exports.values()];
    return clamp01(percents.reduce((sum, p) => sum + p, 0) / percents.length / 100);
  }
  if (activity.jobs.size > 0) {
    const ended = activity.batch.succeeded + activity.batch.failed + activity.batch.cancelled;
    const running = [...activity.jobs.values()].reduce((sum, p) => sum + p, 0);
    return clamp01((ended + running) / (ended + activity.jobs.size));
  }
  return -1;
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));

export interface Notice {
  title: string;
  body: string;
}

/** The system notification for something that finished; none while the creator is looking at the window. */
export function finishNotice(finished: Finished, options: { windowFocused: boolean; projectName: string | null }): Notice | null {
  if (options.windowFocused) return null;
  if (finished.kind === 'export') {
    const name = options.projectName ?? 'Your video';
    return finished.state === 'succeeded'
      ? { title: 'Export finished', body: `${name} is ready to watch and share.` }
      : { title: 'Export failed', body: `${name}: ${finished.message}` };
  }
  const clips = (n: number) => `${n} ${n === 1 ? 'clip' : 'clips'}`;
  if (finished.failed === 0) return { title: 'Clips ready', body: `${clips(finished.succeeded)} generated.` };
  return { title: 'Generation finished', body: `${clips(finished.succeeded)} generated, ${clips(finished.failed)} failed.` };
}

export interface QuitQuestion {
  message: string;
  detail: string;
  /** [go ahead, stay]; the second is the default and the cancel answer. */
  buttons: [string, string];
}

/**
 * What to ask before the app quits (or, on Windows and Linux, before closing the window quits it)
 * while an export or generation runs; null when nothing runs. On macOS closing the window leaves
 * the app running and the work goes on, so only quitting asks there.
 */
export function quitQuestion(activity: Activity, how: { platform: NodeJS.Platform; action: 'quit' | 'close' }): QuitQuestion | null {
  if (!isBusy(activity)) return null;
  if (how.action === 'close' && how.platform === 'darwin') return null;
  const verb = how.action === 'quit' ? 'Quit' : 'Close';
  if (isExporting(activity)) {
    return {
      message: `${verb} Echoes Studio while it exports?`,
      detail: 'The export stops and its video is not kept; you can export again later.',
      buttons: [verb, 'Keep exporting'],
    };
  }
  const n = activity.jobs.size;
  return {
    message: `${verb} Echoes Studio while ${n === 1 ? 'a clip is' : `${n} clips are`} being generated?`,
    detail: 'Generation stops now and picks up where it left off the next time you open Echoes Studio.',
    buttons: [verb, 'Keep working'],
  };
}
