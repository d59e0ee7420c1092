import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, horizontalListSortingStrategy, sortableKeyboardCoordinates, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useState } from 'react';
import type { EditorClip } from '../../../../shared/api';
import { Button } from '../../components/Button';
import { LazyImage } from '../../components/LazyImage';
import { formatDuration } from '../../format';
import { useEditor } from '../../stores/editor';
import { toastError } from '../../stores/toasts';
import { currentTake } from './status';

function TrimForm({ clip, onDone }: { clip: EditorClip; onDone(): void }) {
  const trim = useEditor((s) => s.trim);
  const length = currentTake(clip)?.durationS ?? clip.durationS;
  const [inS, setIn] = useState(String(clip.trimInS));
  const [outS, setOut] = useState(String(clip.trimOutS ?? length));
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="absolute bottom-full left-0 z-20 mb-2 flex w-56 flex-col gap-2 rounded-lg border border-ink-700 bg-ink-850 p-3 shadow-xl"
      aria-label="Trim clip"
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
      onSubmit={(e) => {
        e.preventDefault();
        const out = Number(outS);
        trim(clip.id, Number(inS), out >= length ? null : out)
          .then(onDone)
          .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
      }}
    >
      <p className="text-xs text-ink-300">Take length {length.toFixed(1)} s</p>
      <div className="flex gap-2">
        <label className="flex flex-1 flex-col text-xs text-ink-300">
          Start (s)
          <input autoFocus type="number" step="0.1" min={0} max={length} value={inS} onChange={(e) => setIn(e.target.value)} className="rounded border border-ink-700 bg-ink-900 px-2 py-1 text-sm text-ink-100" />
        </label>
        <label className="flex flex-1 flex-col text-xs text-ink-300">
          End (s)
          <input type="number" step="0.1" min={0} max={length} value={outS} onChange={(e) => setOut(e.target.value)} className="rounded border border-ink-700 bg-ink-900 px-2 py-1 text-sm text-ink-100" />
        </label>
      </div>
      {error && (
        <p role="alert" className="text-xs text-red-300">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <Button variant="primary" type="submit" className="px-2 py-1 text-xs">
          Apply
        </Button>
        <Button variant="ghost" className="px-2 py-1 text-xs" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function TimelineItem({ clip, index }: { clip: EditorClip; index: number }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: clip.id });
  const [trimming, setTrimming] = useState(false);
  const take = currentTake(clip);
  const length = Math.max(0, (clip.trimOutS ?? take?.durationS ?? clip.durationS) - clip.trimInS);
  const name = clip.sourceName ?? `Clip ${index + 1}`;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`relative flex w-36 shrink-0 flex-col gap-1 rounded-lg border bg-ink-850 p-1.5 ${isDragging ? 'z-10 border-accent-400 shadow-2xl' : 'border-ink-700'}`}
      data-testid="timeline-item"
      data-clip-id={clip.id}
    >
      <div {...attributes} {...listeners} aria-label={`Move ${name}, position ${index + 1}`} className="cursor-grab rounded-md active:cursor-grabbing" role="button">
        {clip.thumbMediaId && clip.thumbWidth && clip.thumbHeight ? (
          <LazyImage mediaId={clip.thumbMediaId} width={16} height={9} alt="" className="w-full rounded" />
        ) : (
          <div className="aspect-video rounded bg-ink-800" />
        )}
      </div>
      <div className="flex items-center justify-between px-0.5 text-[11px] text-ink-300">
        <span className="truncate" title={name}>
          {index + 1}. {name}
        </span>
        <button className="rounded px-1 hover:bg-ink-700 hover:text-ink-100" onClick={() => setTrimming((t) => !t)} aria-label={`Trim ${name}`} aria-expanded={trimming}>
          {formatDuration(length)} ✂
        </button>
      </div>
      {trimming && <TrimForm clip={clip} onDone={() => setTrimming(false)} />}
    </li>
  );
}

/** The approved clips in order: drag, or focus a clip and use Space + arrow keys, to reorder. */
export function TimelineStrip({ clips }: { clips: EditorClip[] }) {
  const reorderTimeline = useEditor((s) => s.reorderTimeline);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = clips.map((c) => c.id);

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const next = arrayMove(ids, ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
    reorderTimeline(next).catch(toastError);
  }

  if (clips.length === 0) {
    return <p className="px-2 py-6 text-sm text-ink-300">Approve a take on a clip and it joins the timeline here.</p>;
  }
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: { draggable: 'To pick up a clip, press Space or Enter. Use the arrow keys to move it, Space or Enter to drop it, Escape to cancel.' },
      }}
    >
      <SortableContext items={ids} strategy={horizontalListSortingStrategy}>
        <ol className="flex gap-2 overflow-x-auto p-2" aria-label="Timeline">
          {clips.map((clip, i) => (
            <TimelineItem key={clip.id} clip={clip} index={i} />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}
