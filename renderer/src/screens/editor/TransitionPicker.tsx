import type { TransitionType } from '../../../../shared/compile';
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

export function TransitionPicker() {
  const { view, updateSettings } = useEditor();
  if (!view) return null;
  const { transition } = view.settings;
  const choose = (type: TransitionType) => updateSettings({ transition: { ...transition, type } }).catch(toastError);

  return (
    <section aria-labelledby="transition-title" className="flex flex-col gap-3">
      <h3 id="transition-title" className="text-sm font-semibold">
        Transition
      </h3>
      <div role="radiogroup" aria-labelledby="transition-title" className="grid grid-cols-3 gap-1.5">
        {pickerTransitions.map(({ type, label }) => (
          <button
            key={type}
            role="radio"
            aria-checked={transition.type === type}
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
      {transition.type !== 'cut' && (
        <label className="flex flex-col gap-1 text-xs text-ink-300">
          Duration {transition.durationS.toFixed(1)} s
          <input
            type="range"
            min={0.2}
            max={2}
            step={0.1}
            value={transition.durationS}
            onChange={(e) => updateSettings({ transition: { ...transition, durationS: Number(e.target.value) } }).catch(toastError)}
            className="accent-accent-500"
          />
        </label>
      )}
    </section>
  );
}
