import type { Transition } from '../../../../../shared/contract';
import type { TransitionType } from '../../../../../shared/values';
import { Button } from '../../../components/Button';
import { useDraft } from '../../../hooks/use-draft';
import { useEditor } from '../../../stores/editor';
import { toastError } from '../../../stores/toasts';
import { pickerTransitions } from '../TransitionPicker';

export const transitionLabel = (type: TransitionType) => pickerTransitions.find((t) => t.type === type)?.label ?? type;
export const describeTransition = (t: Transition) => (t.type === 'cut' ? 'Cut' : `${transitionLabel(t.type)} ${t.durationS.toFixed(1)} s`);

/**
 * One boundary's transition (from `clipId` into the next clip): its type and length, or the
 * project's. Each change is saved at once as one undo step (the length once the slider rests).
 */
export function BoundaryForm({ clipId, from, to, onDone }: { clipId: string; from: string; to: string; onDone(): void }) {
  const setBoundaryTransition = useEditor((s) => s.setBoundaryTransition);
  const clip = useEditor((s) => s.view?.clips.find((c) => c.id === clipId));
  const project = useEditor((s) => s.view?.settings.transition);
  const own = clip?.transitionOut ?? null;
  const effective: Transition = own ?? project ?? { type: 'fade', durationS: 0.5 };
  const save = (transition: Transition | null) => setBoundaryTransition(clipId, transition);
  const [durationS, slide] = useDraft(effective.durationS, (value) => {
    const now = useEditor.getState().view?.clips.find((c) => c.id === clipId)?.transitionOut ?? project ?? effective;
    if (now.durationS !== value) return save({ ...now, durationS: value });
  });
  if (!clip || !project) return null;
  return (
    <form
      className="mx-4 mb-2 flex flex-wrap items-end gap-3 rounded-lg border border-ink-700 bg-ink-850 px-3 py-2"
      aria-label={`Transition from ${from} to ${to}`}
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
      onSubmit={(e) => e.preventDefault()}
    >
      <p className="self-center text-xs text-ink-300">
        <span className="font-medium text-ink-100">{from}</span> → <span className="font-medium text-ink-100">{to}</span>
        {own ? '' : ` · the project's (${describeTransition(project)})`}
      </p>
      <label className="flex flex-col gap-1 text-xs text-ink-300">
        Transition
        <select
          autoFocus
          value={effective.type}
          onChange={(e) => save({ ...effective, type: e.target.value as TransitionType }).catch(toastError)}
          className="rounded-md border border-ink-700 bg-ink-900 px-2 py-1 text-sm text-ink-100"
        >
          {pickerTransitions.map((t) => (
            <option key={t.type} value={t.type}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      {effective.type !== 'cut' && (
        <label className="flex flex-col gap-1 text-xs text-ink-300">
          <span>
            Length <span className="tabular-nums text-ink-100">{durationS.toFixed(1)} s</span>
          </span>
          <input type="range" min={0.2} max={2} step={0.1} value={durationS} onChange={(e) => slide(Number(e.target.value))} className="w-32 accent-accent-500" />
        </label>
      )}
      <Button className="px-2 py-1 text-xs" disabled={!own} onClick={() => save(null).catch(toastError)}>
        Use the project&apos;s transition
      </Button>
      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={onDone}>
        Close
      </Button>
    </form>
  );
}
