import { useEffect, useState } from 'react';
import { MAX_CLIP_S, MIN_CLIP_S, motions, type EditorClip, type Motion } from '../../../../shared/api';
import { Button } from '../../components/Button';
import { LazyImage } from '../../components/LazyImage';
import { useEditor } from '../../stores/editor';
import { toastError } from '../../stores/toasts';
import { clipStatus, statusStyle } from './status';

const motionLabels: Record<Motion, string> = {
  zoom_in: 'Zoom in',
  zoom_out: 'Zoom out',
  pan_left: 'Pan left',
  pan_right: 'Pan right',
  pan_up: 'Pan up',
  pan_down: 'Pan down',
  drift: 'Drift',
};

const durations = Array.from({ length: MAX_CLIP_S - MIN_CLIP_S + 1 }, (_, i) => MIN_CLIP_S + i);

export function ClipCard({ clip, index }: { clip: EditorClip; index: number }) {
  const { updateClip, generate, approve, cancelJob, select, selectedClipId, deleteClips } = useEditor();
  const [prompt, setPrompt] = useState(clip.prompt);
  useEffect(() => setPrompt(clip.prompt), [clip.prompt]);
  const status = clipStatus(clip);
  const style = statusStyle[status];
  const busy = status === 'queued' || status === 'generating';
  const name = clip.sourceName ?? `Clip ${index + 1}`;
  const selected = selectedClipId === clip.id;

  return (
    <li
      data-testid="clip-card"
      data-status={status}
      aria-label={`Clip ${index + 1}: ${name}`}
      className={`flex flex-col overflow-hidden rounded-xl border bg-ink-900 ${selected ? 'border-accent-400' : 'border-ink-800'}`}
    >
      <button className="relative block" onClick={() => select(clip.id)} aria-label={`Preview ${name}`}>
        {clip.thumbMediaId && clip.thumbWidth && clip.thumbHeight ? (
          <LazyImage mediaId={clip.thumbMediaId} width={clip.thumbWidth} height={clip.thumbHeight} alt={name} className="max-h-44 w-full" />
        ) : (
          <div className="aspect-video bg-ink-800" />
        )}
        <span className={`absolute left-2 top-2 rounded px-2 py-0.5 text-xs font-medium ${style.className}`} data-testid="clip-status">
          {style.label}
          {status === 'generating' && clip.job ? ` ${Math.round(clip.job.progress * 100)}%` : ''}
        </span>
        <span className="absolute right-2 top-2 rounded bg-black/60 px-1.5 py-0.5 text-xs">{index + 1}</span>
        {status === 'generating' && clip.job && (
          <span className="absolute inset-x-0 bottom-0 h-1 bg-ink-800">
            <span className="block h-full bg-amber-400 transition-all" style={{ width: `${Math.round(clip.job.progress * 100)}%` }} />
          </span>
        )}
      </button>
      <div className="flex flex-1 flex-col gap-2 p-3">
        <p className="truncate text-xs text-ink-300" title={name}>
          {name}
        </p>
        {status === 'failed' && clip.job && (
          <p role="alert" className="rounded bg-red-950/60 p-2 text-xs text-red-100">
            {clip.job.message || 'Generation failed.'}
          </p>
        )}
        <label className="flex flex-col gap-1 text-xs text-ink-300">
          Prompt (for AI clips)
          <textarea
            rows={2}
            value={prompt}
            maxLength={1000}
            onChange={(e) => setPrompt(e.target.value)}
            onBlur={() => prompt !== clip.prompt && updateClip(clip.id, { prompt }).catch(toastError)}
            placeholder="e.g. gentle waves, drifting clouds"
            className="resize-none rounded-md border border-ink-700 bg-ink-850 px-2 py-1 text-sm text-ink-100 placeholder:text-ink-500"
          />
        </label>
        <div className="flex gap-2">
          <label className="flex flex-1 flex-col gap-1 text-xs text-ink-300">
            Length
            <select
              value={clip.durationS}
              onChange={(e) => updateClip(clip.id, { durationS: Number(e.target.value) }).catch(toastError)}
              className="rounded-md border border-ink-700 bg-ink-850 px-2 py-1 text-sm text-ink-100"
            >
              {durations.map((d) => (
                <option key={d} value={d}>
                  {d} s
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-1 flex-col gap-1 text-xs text-ink-300">
            Motion
            <select
              value={clip.motion ?? ''}
              onChange={(e) => updateClip(clip.id, { motion: (e.target.value || null) as Motion | null }).catch(toastError)}
              className="rounded-md border border-ink-700 bg-ink-850 px-2 py-1 text-sm text-ink-100"
            >
              <option value="">Project default</option>
              {motions.map((m) => (
                <option key={m} value={m}>
                  {motionLabels[m]}
                </option>
              ))}
            </select>
          </label>
        </div>
        {clip.takes.length > 0 && (
          <fieldset className="flex flex-col gap-1">
            <legend className="mb-1 text-xs text-ink-300">Takes</legend>
            <div className="flex flex-wrap gap-1">
              {clip.takes.map((take, i) => (
                <button
                  key={take.id}
                  aria-pressed={take.approved}
                  aria-label={`${take.approved ? 'Approved' : 'Approve'} take ${i + 1} of ${name}`}
                  onClick={() => (take.approved ? select(clip.id) : approve(clip.id, take.id).catch(toastError))}
                  className={`rounded-md border px-2 py-1 text-xs ${
                    take.approved ? 'border-emerald-500 bg-emerald-900/50 text-emerald-100' : 'border-ink-700 text-ink-300 hover:bg-ink-800'
                  }`}
                >
                  {take.approved ? '✓ ' : ''}Take {i + 1}
                </button>
              ))}
            </div>
          </fieldset>
        )}
        <div className="mt-auto flex flex-wrap gap-1 pt-1">
          {busy && clip.job ? (
            <Button className="px-2 py-1 text-xs" onClick={() => cancelJob(clip.job!.id)}>
              Cancel
            </Button>
          ) : (
            <Button className="px-2 py-1 text-xs" onClick={() => generate([clip.id])} aria-label={`${clip.takes.length ? 'Regenerate' : 'Generate'} ${name}`}>
              {status === 'failed' ? 'Retry' : clip.takes.length ? 'Regenerate' : 'Generate'}
            </Button>
          )}
          <Button variant="ghost" className="ml-auto px-2 py-1 text-xs" onClick={() => deleteClips([clip.id]).catch(toastError)} aria-label={`Remove ${name}`}>
            Remove
          </Button>
        </div>
      </div>
    </li>
  );
}
