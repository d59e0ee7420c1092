import type { EditorClip, Motion } from '../../../../shared/contract';
import type { Fit } from '../../../../shared/values';
export type ClipStatus = 'imported' | 'queued' | 'generating' | 'ready' | 'failed' | 'cancelled';

/** What a clip card says about a clip: derived from its newest job and its takes. */
export function clipStatus(clip: EditorClip): ClipStatus {
  const job = clip.job;
  if (job?.state === 'queued') return 'queued';
  if (job?.state === 'running') return job.providerState === 'PENDING' || job.providerState === 'THROTTLED' ? 'queued' : 'generating';
  if (job?.state === 'failed') return 'failed';
  // A succeeded job's take arrives with the next refresh; say ready at once rather than flicker back to imported.
  if (clip.takes.length > 0 || job?.state === 'succeeded') return 'ready';
  if (job?.state === 'cancelled') return 'cancelled';
  return 'imported';
}

export const statusStyle: Record<ClipStatus, { label: string; className: string }> = {
  imported: { label: 'Imported', className: 'bg-ink-700 text-ink-100' },
  queued: { label: 'Queued', className: 'bg-sky-900 text-sky-100' },
  generating: { label: 'Generating', className: 'bg-amber-900 text-amber-100' },
  ready: { label: 'Ready', className: 'bg-emerald-900 text-emerald-100' },
  failed: { label: 'Failed', className: 'bg-red-900 text-red-100' },
  cancelled: { label: 'Cancelled', className: 'bg-ink-700 text-ink-100' },
};

/** The take shown and compiled: the approved one, else the newest. */
export function currentTake(clip: EditorClip) {
  return clip.takes.find((t) => t.approved) ?? clip.takes.at(-1) ?? null;
}

export const motionLabels: Record<Motion, string> = {
  zoom_in: 'Zoom in',
  zoom_out: 'Zoom out',
  pan_left: 'Pan left',
  pan_right: 'Pan right',
  pan_up: 'Pan up',
  pan_down: 'Pan down',
  drift: 'Drift',
};

/** How the framing fits are named wherever they are chosen. */
// Short enough for a clip card's select (about 30 characters fit its width).
export const fitLabel: Record<Fit, string> = { crop: 'Fill the frame (crop)', blur: 'Whole picture, blurred behind', pad: 'Whole picture on a colour' };
