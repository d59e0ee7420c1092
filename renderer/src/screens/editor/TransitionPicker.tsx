import type { KeyboardEvent } from 'react';
import type { TransitionType } from '../../../../shared/compile';
import { useDraft } from '../../hooks/use-draft';
import { useEditor } from '../../stores/editor';
import { toastError } from '../../stores/toasts';

/** The transitions offered in the picker (the engine accepts every xfade type; these preview faithfully). */
export const pickerTransitions: Array<{ type: TransitionType; label: string }> = [
  { type: 'cut', label: 'Cut' },
  { type: 'fade', label: 'Crossfade' },
  { type: 'fadeblack', label: 'Dip to black' },
  { type: 'dissolve', label: 'Dissolve' },
  { type: 'wipeleft', label: 'Wipe left' },
  { type: 'wiperight', label: 'Wipe right' },
  { type: 'wipeup', label: 'Wipe up' },
  { type: 'wipedown', label: 'Wipe down' },
  { type: 'slideleft', label: 'Slide left' },
  { type: 'slideright', label: 'Slide right' },
  { type: 'slideup', label: 'Slide up' },
  { type: 'slidedown', label: 'Slide down' },
  { type: 'circleopen', label: 'Circle open' },
  { type: 'circleclose', label: 'Circle close' },
];

const previewClass: Partial<Record<TransitionType, string>> = { dissolve: 'tp-fade', circleclose: 'tp-circleclose' };

const outgoing = 'bg-gradient-to-br from-sky-500 to-indigo-700';
const incoming = 'bg-gradient-to-br from-amber-400 to-rose-600';

function Preview({ type }: { type: TransitionType }) {
  // circleclose shrinks the outgoing picture away, so the animated top layer is the outgoing one.
  const [below, above] = type === 'circleclose' ? [incoming, outgoing] : [outgoing, incoming];
  return (
    <span className={`relative block h-8 w-14 overflow-hidden rounded ${previewClass[type] ?? `tp-${type}`}`} aria-hidden>
      <span className={`absolute inset-0 ${below}`} />
      <span className={`tp-b absolute inset-0 ${above}`} />
    </span>
  );
}

function DurationSlider({ durationS, onCommit }: { durationS: number; onCommit(value: number): void }) {
  const [value, setValue] = useDraft(durationS, onCommit);
  return (
    <label className="flex flex-col gap-1 text-xs text-ink-300">
      <span className="flex justify-between">
        Duration <span className="tabular-nums text-ink-100">{value.toFixed(1)} s</span>
      </span>
      <input type="range" min={0.2} max={2} step={0.1} value={value} onChange={(e) => setValue(Number(e.target.value))} className="accent-accent-500" />
    </label>
  );
}

export function TransitionPicker() {
  const { view, updateSettings } = useEditor();
  if (!view) return null;
  const { transition } = view.settings;
  const choose = (type: TransitionType) => updateSettings({ transition: { ...transition, type } }).catch(toastError);
  // A radio group is one tab stop; the arrow keys move the choice (three tiles to a row).
  const onArrow = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: 3, ArrowUp: -3 }[event.key];
    if (!step) return;
    event.preventDefault();
    const index = pickerTransitions.findIndex((t) => t.type === transition.type);
    const next = pickerTransitions[(index + step + pickerTransitions.length) % pickerTransitions.length]!;
    void choose(next.type);
    event.currentTarget.querySelector<HTMLButtonElement>(`[data-type="${next.type}"]`)?.focus();
  };

  return (
    <div className="flex flex-col gap-3">
      <p className="text-xs text-ink-300">How one clip gives way to the next. Each tile shows the effect.</p>
      <div role="radiogroup" aria-label="Transition" className="grid grid-cols-3 gap-1.5" onKeyDown={onArrow}>
        {pickerTransitions.map(({ type, label }) => (
          <button
            key={type}
            role="radio"
            aria-checked={transition.type === type}
            tabIndex={transition.type === type ? 0 : -1}
            data-type={type}
            onClick={() => choose(type)}
            className={`flex flex-col items-center gap-1 rounded-md border p-1.5 text-[11px] ${
              transition.type === type ? 'border-accent-400 bg-accent-500/15 text-ink-100' : 'border-ink-700 text-ink-300 hover:bg-ink-800'
            }`}
          >
            <Preview type={type} />
            {label}
          </button>
        ))}
      </div>
      {transition.type !== 'cut' && <DurationSlider durationS={transition.durationS} onCommit={(durationS) => updateSettings({ transition: { ...transition, durationS } }).catch(toastError)} />}
    </div>
  );
}
