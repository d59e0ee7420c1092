import type { EditorView } from '../../../../shared/contract';
import { awaitingApproval, isActiveJob } from '../../stores/editor/selectors';

export interface BatchProgress {
  /** 0-100. */
  percent: number;
  active: number;
  done: number;
  total: number;
  /** When the earliest job of the run was created (ms since the epoch); null without jobs. */
  startedAtMs: number | null;
}

/** Overall progress of the current Generate run: finished clips count whole, running ones by their own progress. */
export function batchProgress(view: Pick<EditorView, 'clips'>, batch: readonly string[]): BatchProgress {
  const clips = view.clips.filter((c) => batch.includes(c.id));
  const active = clips.filter(isActiveJob).length;
  const sum = clips.reduce((s, c) => s + (isActiveJob(c) ? (c.job?.progress ?? 0) : 1), 0);
  const starts = clips.map((c) => (c.job ? Date.parse(c.job.createdAt) : Number.NaN)).filter(Number.isFinite);
  return {
    percent: clips.length ? Math.round((sum / clips.length) * 100) : 0,
    active,
    done: clips.length - active,
    total: clips.length,
    startedAtMs: starts.length ? Math.min(...starts) : null,
  };
}

/**
 * Seconds left of a run that is `fraction` done after `elapsedS`, assuming it goes on at the pace it
 * has kept; null while too little is done (or too little time has passed) to say.
 */
export function estimateRemainingS(fraction: number, elapsedS: number): number | null {
  if (!(fraction >= 0.02) || !(elapsedS >= 1) || fraction > 1) return null;
  return (elapsedS * (1 - fraction)) / fraction;
}

export type NextStep = 'import' | 'generate' | 'approve' | 'export' | 'done';

/**
 * What the creator has to do next, which gets the screen's one primary button: import photos,
 * generate the photos that have no take, approve the ready takes, export the timeline; `done` once
 * the newest export succeeded (exporting again is then a secondary choice).
 */
export function nextStep(view: Pick<EditorView, 'clips' | 'exports'>): NextStep {
  const clips = view.clips;
  if (clips.length === 0) return 'import';
  if (clips.some((c) => !isActiveJob(c) && c.takes.length === 0 && c.job?.state !== 'succeeded')) return 'generate';
  if (awaitingApproval(clips).length > 0) return 'approve';
  if (!clips.some((c) => c.approved)) return 'generate';
  const latest = view.exports[0];
  if (latest?.state === 'succeeded') return 'done';
  return 'export';
}
