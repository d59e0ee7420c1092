import { useEffect, useState } from 'react';
import type { ClipPoster, EditorClip, Motion } from '../../../../shared/contract';
import { MAX_CLIP_S, MAX_PROMPT_CHARS, MIN_CLIP_S, MOTIONS, type FocusMode, type Shape } from '../../../../shared/values';
import { Button } from '../../components/Button';
import { currentTake, takeOfOtherShape, useEditor } from '../../stores/editor';
import { usePlayback } from '../../stores/playback';
import { fixesForJob } from '../../stores/fixes';
import { toastError } from '../../stores/toasts';
import { HoverTake } from './HoverTake';
import { FramingControls } from './FramingControls';
import { clipStatus, motionLabels, statusStyle } from './status';

const durations = Array.from({ length: MAX_CLIP_S - MIN_CLIP_S + 1 }, (_, i) => MIN_CLIP_S + i);

function RemoveButton({ clipId, name }: { clipId: string; name: string }) {
  const deleteClips = useEditor((s) => s.deleteClips);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <Button variant="ghost" className="ml-auto px-2 py-1 text-xs" onClick={() => setConfirming(true)} aria-label={`Remove ${name}`}>
        Remove
      </Button>
    );
  }
  return (
    <span className="ml-auto flex items-center gap-1" onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
      <Button variant="danger" className="px-2 py-1 text-xs" autoFocus onClick={() => deleteClips([clipId]).catch(toastError)} aria-label={`Remove ${name} and its takes`}>
        Remove
      </Button>
      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setConfirming(false)}>
        Keep
      </Button>
    </span>
  );
}

export function ClipCard({
  clip,
  index,
  boxAspect,
  shape,
  focusMode,
  poster,
}: {
  clip: EditorClip;
  index: number;
  /** The project's clip shape, e.g. "16 / 9". */
  boxAspect: string;
  /** The project's shape, e.g. "16:9". */
  shape: Shape;
  focusMode: FocusMode;
  /** The clip's first frame at that shape. */
  poster?: ClipPoster | undefined;
}) {
  const { updateClip, generate, approve, cancelJob, select, selectedClipId, providers } = useEditor();
  // Only AI providers read a prompt; with on-device motion alone the field would be noise.
  const showPrompt = providers.some((p) => p.kind === 'cloud') || clip.prompt !== '';
  const [prompt, setPrompt] = useState(clip.prompt);
  useEffect(() => setPrompt(clip.prompt), [clip.prompt]);
  const status = clipStatus(clip);
  const madeFor = takeOfOtherShape(clip, shape);
  const style = statusStyle[status];
  const busy = status === 'queued' || status === 'generating';
  const name = clip.sourceName ?? `Clip ${index + 1}`;
  const selected = selectedClipId === clip.id;
  const percent = clip.job ? Math.round(clip.job.progress * 100) : 0;
  const shownTake = usePlayback((s) => s.take?.mediaId ?? null);
  /** Shows one take in the player, approved or not (selecting a timeline tile or pressing play shows the edit again). */
  const showTake = (take: EditorClip['takes'][number] | null) => {
    select(clip.id);
    if (!take) return;
    const number = clip.takes.indexOf(take) + 1;
    usePlayback.getState().showTake({ mediaId: take.mediaId, label: `${name} · take ${number}${take.approved ? '' : ' (not approved)'}` });
  };
  const savePrompt = () => {
    if (prompt !== clip.prompt) updateClip(clip.id, { prompt }).catch(toastError);
  };

  return (
    <li
      data-testid="clip-card"
      data-status={status}
      aria-label={`Clip ${index + 1}: ${name}, ${style.label.toLowerCase()}${clip.approved ? ', on the timeline' : ''}`}
      className={`flex flex-col rounded-xl border bg-ink-900 transition-colors ${selected ? 'border-accent-400 ring-1 ring-accent-400' : 'border-ink-800'}`}
    >
      <button
        className="relative block overflow-hidden rounded-t-xl focus-visible:outline-offset-[-3px]"
        onClick={() => showTake(currentTake(clip))}
        aria-label={`Preview ${name}`}
        aria-pressed={selected}
      >
        <HoverTake clip={clip} boxAspect={boxAspect} poster={poster} className="max-h-64 w-full" />
        <span className={`absolute left-2 top-2 rounded px-2 py-0.5 text-xs font-medium ${style.className}`} data-testid="clip-status">
          {style.label}
          {status === 'generating' && clip.job ? ` ${percent}%` : ''}
        </span>
        <span className="absolute right-2 top-2 rounded bg-black/70 px-1.5 py-0.5 text-xs font-medium text-white">{index + 1}</span>
        {madeFor && (
          <span className="absolute bottom-2 left-2 rounded bg-amber-950/90 px-1.5 py-0.5 text-[11px] font-medium text-amber-100" data-testid="made-for">
            made for {madeFor.aspect}
            {clip.framing ? ' · fitted' : ''}
          </span>
        )}
        {clip.approved && (
          <span className="absolute bottom-2 right-2 rounded bg-emerald-950/90 px-1.5 py-0.5 text-[11px] font-medium text-emerald-100">On timeline</span>
        )}
        {busy && (
          <span className="absolute inset-x-0 bottom-0 h-1 bg-black/50" aria-hidden>
            <span className={`block h-full transition-[width] duration-500 ${status === 'queued' ? 'animate-pulse bg-sky-400' : 'bg-amber-400'}`} style={{ width: `${Math.max(percent, status === 'queued' ? 100 : 2)}%` }} />
          </span>
        )}
      </button>
      <div className="flex flex-1 flex-col gap-2 p-3">
        <p className="truncate text-xs font-medium text-ink-100" title={name}>
          {name}
        </p>
        {status === 'failed' && clip.job && (
          <div role="alert" className="rounded-md border border-red-500/30 bg-red-950/60 p-2 text-xs text-red-100">
            {clip.job.message || 'Generation failed.'}
            {!clip.job.retryable && <span className="mt-1 block text-red-200">Change the photo or prompt before trying again.</span>}
            {fixesForJob(clip.job.errorCode).map((fix) => (
              <Button key={fix.label} className="mt-2 px-2 py-1 text-xs" onClick={fix.run}>
                {fix.label}
              </Button>
            ))}
          </div>
        )}
        {showPrompt && (
          <label className="flex flex-col gap-1 text-xs text-ink-300">
            Prompt (for AI clips)
            <textarea
              rows={2}
              value={prompt}
              maxLength={MAX_PROMPT_CHARS}
              onChange={(e) => setPrompt(e.target.value)}
              onBlur={savePrompt}
              placeholder="e.g. gentle waves, drifting clouds"
              className="resize-none rounded-md border border-ink-700 bg-ink-850 px-2 py-1 text-sm text-ink-100 placeholder:text-ink-500"
            />
          </label>
        )}
        <div className="grid grid-cols-[4.5rem_1fr] gap-2">
          <label className="flex flex-col gap-1 text-xs text-ink-300">
            Length
            <select
              value={clip.durationS}
              disabled={busy}
              onChange={(e) => updateClip(clip.id, { durationS: Number(e.target.value) }).catch(toastError)}
              className="w-full rounded-md border border-ink-700 bg-ink-850 px-1.5 py-1 text-sm text-ink-100"
            >
              {durations.map((d) => (
                <option key={d} value={d}>
                  {d} s
                </option>
              ))}
            </select>
          </label>
          <label className="flex min-w-0 flex-col gap-1 text-xs text-ink-300">
            Motion
            <select
              value={clip.motion ?? ''}
              disabled={busy}
              onChange={(e) => updateClip(clip.id, { motion: (e.target.value || null) as Motion | null }).catch(toastError)}
              className="w-full min-w-0 rounded-md border border-ink-700 bg-ink-850 px-1.5 py-1 text-sm text-ink-100"
            >
              <option value="">Project default</option>
              {MOTIONS.map((m) => (
                <option key={m} value={m}>
                  {motionLabels[m]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <FramingControls clip={clip} shape={shape} focusMode={focusMode} disabled={busy} />
        {clip.takes.length > 0 && (
          <fieldset className="flex flex-col gap-1">
            <legend className="mb-1 text-xs text-ink-300">Takes {clip.approved ? '' : '· approve one to use it'}</legend>
            <div className="flex flex-wrap gap-1">
              {clip.takes.map((take, i) => (
                <span key={take.id} className="inline-flex">
                  <button
                    aria-pressed={shownTake === take.mediaId}
                    aria-label={`Show take ${i + 1} of ${name} in the player`}
                    title="Show this take in the player"
                    onClick={() => showTake(take)}
                    className={`rounded-l-md border border-r-0 px-1.5 py-1 text-xs ${
                      shownTake === take.mediaId ? 'border-accent-400 bg-accent-500/20 text-ink-100' : 'border-ink-700 text-ink-100 hover:bg-ink-800'
                    }`}
                  >
                    ▶
                  </button>
                  <button
                    aria-pressed={take.approved}
                    aria-label={`${take.approved ? 'Approved' : 'Approve'} take ${i + 1} of ${name}`}
                    onClick={() => (take.approved ? showTake(take) : approve(clip.id, take.id).catch(toastError))}
                    className={`rounded-r-md border px-2 py-1 text-xs ${
                      take.approved ? 'border-emerald-500 bg-emerald-900/50 text-emerald-100' : 'border-ink-700 text-ink-100 hover:bg-ink-800'
                    }`}
                  >
                    {take.approved ? '✓ Take' : 'Approve take'} {i + 1}
                  </button>
                </span>
              ))}
            </div>
          </fieldset>
        )}
        <div className="mt-auto flex flex-wrap items-center gap-1 pt-1">
          {busy && clip.job ? (
            <Button className="px-2 py-1 text-xs" onClick={() => cancelJob(clip.job!.id)} aria-label={`Cancel generating ${name}`}>
              Cancel
            </Button>
          ) : (
            <Button
              // The header's Generate all is the primary step; a card's own button stays secondary.
              variant="secondary"
              className="px-2 py-1 text-xs"
              onClick={() => generate([clip.id])}
              aria-label={`${status === 'failed' ? 'Retry' : clip.takes.length ? 'Regenerate' : 'Generate'} ${name}`}
            >
              {status === 'failed' ? 'Retry' : clip.takes.length ? 'New take' : 'Generate'}
            </Button>
          )}
          <RemoveButton clipId={clip.id} name={name} />
        </div>
      </div>
    </li>
  );
}
