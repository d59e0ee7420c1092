import type { CSSProperties, KeyboardEvent } from 'react';
import type { TransitionType } from '../../../../shared/values';
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

const outgoing = 'bg-gradient-to-br from-sky-500 to-indigo-700';
const incoming = 'bg-gradient-to-br from-amber-400 to-rose-600';

/**
 * FFmpeg's dissolve swaps each pixel from A to B when the progress passes that pixel's own random
 * threshold. The tile does the same with 4 px cells: each shows its slice of picture B once the
 * animated --tp-t passes its --th (fixed pseudo-random values, so the pattern is the same every loop).
 */
const DISSOLVE_COLUMNS = 14;
const DISSOLVE_ROWS = 8;
const dissolveCells = Array.from({ length: DISSOLVE_COLUMNS * DISSOLVE_ROWS }, (_, i) => {
  const column = i % DISSOLVE_COLUMNS;
  const row = Math.floor(i / DISSOLVE_COLUMNS);
  const threshold = (Math.sin(column * 12.9898 + row * 78.233) * 43758.5453) % 1;
  return { column, row, threshold: Math.abs(threshold) };
});

function DissolvePreview() {
  return (
    <span className="tp-dissolve relative block h-8 w-14 overflow-hidden rounded" aria-hidden>
      <span className={`absolute inset-0 ${outgoing}`} />
      <span className="tp-b absolute inset-0">
        {dissolveCells.map(({ column, row, threshold }) => (
          <span
            key={`${column}-${row}`}
            className={`tp-cell absolute ${incoming}`}
            style={
              {
                left: `${(column * 100) / DISSOLVE_COLUMNS}%`,
                top: `${(row * 100) / DISSOLVE_ROWS}%`,
                width: `${100 / DISSOLVE_COLUMNS}%`,
                height: `${100 / DISSOLVE_ROWS}%`,
                backgroundSize: `${DISSOLVE_COLUMNS * 100}% ${DISSOLVE_ROWS * 100}%`,
                backgroundPosition: `${(column * 100) / (DISSOLVE_COLUMNS - 1)}% ${(row * 100) / (DISSOLVE_ROWS - 1)}%`,
                '--th': threshold.toFixed(3),
              } as CSSProperties
            }
          />
        ))}
      </span>
    </span>
  );
}

function Preview({ type }: { type: TransitionType }) {
  if (type === 'dissolve') return <DissolvePreview />;
  // circleclose shrinks the outgoing picture away, so the animated top layer is the outgoing one.
  const [below, above] = type === 'circleclose' ? [incoming, outgoing] : [outgoing, incoming];
  return (
    <span className={`relative block h-8 w-14 overflow-hidden rounded tp-${type}`} aria-hidden>
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
  const saved = view?.settings.transition.type ?? 'fade';
  // Selection follows focus (the radio-group pattern), but the arrow keys only change what is shown:
  // the choice is saved once the creator pauses, as one undo step, or at once on a click, Enter or Space.
  const [type, browse, pick] = useDraft<TransitionType>(saved, (next) => {
    const current = useEditor.getState().view?.settings.transition;
    if (current && current.type !== next) return updateSettings({ transition: { ...current, type: next } });
  }, 700);
  if (!view) return null;
  const { transition } = view.settings;
  const onArrow = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: 3, ArrowUp: -3 }[event.key];
    if (!step) return;
    event.preventDefault();
    const index = pickerTransitions.findIndex((t) => t.type === type);
    const next = pickerTransitions[(index + step + pickerTransitions.length) % pickerTransitions.length]!;
    browse(next.type);
    event.currentTarget.querySelector<HTMLButtonElement>(`[data-type="${next.type}"]`)?.focus();
  };

  return (
    <div className="flex flex-col gap-3">
      <p className="text-xs text-ink-300">How one clip gives way to the next. Each tile shows the effect.</p>
      {/* One tab stop; the arrow keys move the choice (three tiles to a row). */}
      <div role="radiogroup" aria-label="Transition" className="grid grid-cols-3 gap-1.5" onKeyDown={onArrow}>
        {pickerTransitions.map(({ type: option, label }) => (
          <button
            key={option}
            role="radio"
            aria-checked={type === option}
            tabIndex={type === option ? 0 : -1}
            data-type={option}
            onClick={() => pick(option)}
            className={`flex flex-col items-center gap-1 rounded-md border p-1.5 text-[11px] ${
              type === option ? 'border-accent-400 bg-accent-500/15 text-ink-100' : 'border-ink-700 text-ink-300 hover:bg-ink-800'
            }`}
          >
            <Preview type={option} />
            {label}
          </button>
        ))}
      </div>
      {type !== 'cut' && (
        <DurationSlider
          durationS={transition.durationS}
          onCommit={(durationS) => {
            const current = useEditor.getState().view?.settings.transition ?? transition;
            updateSettings({ transition: { ...current, durationS } }).catch(toastError);
          }}
        />
      )}
    </div>
  );
}
