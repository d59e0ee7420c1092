import { useState } from 'react';
import type { EditorClip } from '../../../../shared/contract';
import { FITS, type Fit, type FocusMode, type Shape } from '../../../../shared/values';
import { Button } from '../../components/Button';
import { useEditor } from '../../stores/editor';
import { toastError } from '../../stores/toasts';
import { ReframeDialog } from './ReframeDialog';
import { fitLabel } from './status';

/** A clip's framing: the project's (automatic, on the subject), fill, fit over a blurred copy or on a colour; and the reframe view. */
export function FramingControls({ clip, shape, focusMode, disabled }: { clip: EditorClip; shape: Shape; focusMode: FocusMode; disabled: boolean }) {
  const setFraming = useEditor((s) => s.setFraming);
  const [reframing, setReframing] = useState(false);
  const name = clip.sourceName ?? 'clip';
  const framing = clip.framing;
  return (
    <div className="flex flex-wrap items-end gap-2">
      {/* The select has the card's whole width: beside the Reframe button its options were cut off. */}
      <label className="flex w-full min-w-0 flex-col gap-1 text-xs text-ink-300">
        Framing
        <select
          value={framing?.fit ?? ''}
          disabled={disabled}
          aria-label={`Framing of ${name}`}
          onChange={(e) => {
            const fit = (e.target.value || null) as Fit | null;
            setFraming([clip.id], fit ? { fit, color: framing?.color ?? '#000000', box: fit === 'crop' ? (framing?.box ?? null) : null } : null).catch(toastError);
          }}
          className="w-full min-w-0 rounded-md border border-ink-700 bg-ink-850 px-1.5 py-1 text-sm text-ink-100"
        >
          <option value="">Project (on the subject)</option>
          {FITS.map((f) => (
            <option key={f} value={f}>
              {fitLabel[f]}
            </option>
          ))}
        </select>
      </label>
      {framing?.fit === 'pad' && (
        <label className="flex flex-col gap-1 text-xs text-ink-300">
          Colour
          <input
            type="color"
            value={framing.color}
            disabled={disabled}
            aria-label={`Background colour of ${name}`}
            onChange={(e) => setFraming([clip.id], { ...framing, color: e.target.value }).catch(toastError)}
            className="h-7 w-10 rounded border border-ink-700 bg-ink-850"
          />
        </label>
      )}
      <Button variant="secondary" className="px-2 py-1 text-xs" disabled={disabled || !clip.workingMediaId} onClick={() => setReframing(true)} aria-label={`Reframe ${name}`}>
        Reframe…
      </Button>
      {reframing && <ReframeDialog clip={clip} shape={shape} focusMode={focusMode} onClose={() => setReframing(false)} />}
    </div>
  );
}
