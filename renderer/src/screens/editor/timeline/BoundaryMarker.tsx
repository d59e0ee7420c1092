import type { Transition } from '../../../../../shared/contract';
import { describeTransition } from './BoundaryForm';
import type { BoundaryBox } from './geometry';

/** The marker on one boundary: shows its transition window and opens the boundary's transition. */
export function BoundaryMarker({ box, top, from, transition, own, open, onOpen }: {
  box: BoundaryBox;
  top: number;
  from: string;
  transition: Transition;
  /** Whether the boundary has its own transition (else it follows the project's). */
  own: boolean;
  open: boolean;
  onOpen(): void;
}) {
  return (
    <>
      {box.width > 0 && <span className="pointer-events-none absolute z-10 h-14 border-x border-dashed border-accent-300/70" style={{ left: box.left, width: box.width, top }} aria-hidden />}
      <button
        type="button"
        className={`absolute z-30 flex h-5 w-5 -translate-x-1/2 items-center justify-center rounded-full border text-[10px] font-bold shadow ${
          open ? 'border-accent-300 bg-accent-500 text-white' : own ? 'border-accent-300 bg-ink-850 text-accent-200' : 'border-ink-500 bg-ink-850 text-ink-100'
        } hover:bg-accent-600`}
        style={{ left: box.centre, top: top + 57 }}
        onClick={onOpen}
        aria-expanded={open}
        aria-label={`Transition after ${from}: ${describeTransition(transition)}${own ? '' : ", the project's"}`}
        title={describeTransition(transition)}
        data-testid="boundary-marker"
        data-type={transition.type}
      >
        {transition.type === 'cut' ? '|' : '⋈'}
      </button>
    </>
  );
}
