import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { SortableContext, arrayMove, horizontalListSortingStrategy, sortableKeyboardCoordinates, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useState } from 'react';
import type { EditorClip } from '../../../../shared/contract';
import { Button } from '../../components/Button';
import { LazyImage } from '../../components/LazyImage';
import { currentTake, useEditor } from '../../stores/editor';
import { errorMessage, toastError } from '../../stores/toasts';
const clipName = (clip: EditorClip, index: number) => clip.sourceName ?? `Clip ${index + 1}`;
const takeLength = (clip: EditorClip) => currentTake(clip)?.durationS ?? clip.durationS;
const playedLength = (clip: EditorClip) => Math.max(0, (clip.trimOutS ?? takeLength(clip)) - clip.trimInS);
const seconds = (s: number) => `${s.toFixed(1)} s`;

/** In and out points of one clip; shown under the strip (the strip scrolls sideways and would clip a popover). */
function TrimForm({ clip, name, onDone }: { clip: EditorClip; name: string; onDone(): void }) {
  const trim = useEditor((s) => s.trim);
  const length = takeLength(clip);
  const [inS, setIn] = useState(String(clip.trimInS));
  const [outS, setOut] = useState(String(clip.trimOutS ?? length));
  const [error, setError] = useState<string | null>(null);
  const input = 'w-20 rounded-md border border-ink-700 bg-ink-900 px-2 py-1 text-sm text-ink-100';
  return (
    <form
      className="mx-4 mb-2 flex flex-wrap items-end gap-3 rounded-lg border border-ink-700 bg-ink-850 px-3 py-2"
      aria-label={`Trim ${name}`}
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
      onSubmit={(e) => {
        e.preventDefault();
        const start = Number(inS);
        const end = Number(outS);
        if (!Number.isFinite(start) || !Number.isFinite(end) || start < 0 || end > length || end <= start) {
          setError(`Choose a start from 0 and an end after it, up to ${seconds(length)}.`);
          return;
        }
        trim(clip.id, start, end >= length ? null : end)
          .then(onDone)
          .catch((err: unknown) => setError(errorMessage(err)));
      }}
    >
      <p className="self-center text-xs text-ink-300">
        Trim <span className="font-medium text-ink-100">{name}</span> (take is {seconds(length)})
      </p>
      <label className="flex flex-col text-xs text-ink-300">
        Start (s)
        <input autoFocus type="number" step="0.1" min={0} max={length} value={inS} onChange={(e) => setIn(e.target.value)} className={input} />
      </label>
      <label className="flex flex-col text-xs text-ink-300">
        End (s)
        <input type="number" step="0.1" min={0} max={length} value={outS} onChange={(e) => setOut(e.target.value)} className={input} />
      </label>
      <Button variant="primary" type="submit" className="px-2 py-1 text-xs">
        Apply trim
      </Button>
      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={onDone}>
        Cancel
      </Button>
      {error && (
        <p role="alert" className="basis-full text-xs text-red-300">
          {error}
        </p>
      )}
    </form>
  );
}

function TimelineItem({ clip, index, trimming, onTrim }: { clip: EditorClip; index: number; trimming: boolean; onTrim(): void }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: clip.id });
  const name = clipName(clip, index);
  const trimmed = clip.trimInS > 0 || clip.trimOutS !== null;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`relative flex w-36 shrink-0 flex-col gap-1 rounded-lg border bg-ink-850 p-1.5 ${
        isDragging ? 'z-10 border-accent-400 shadow-2xl shadow-black' : trimming ? 'border-accent-400' : 'border-ink-700'
      }`}
      data-testid="timeline-item"
      data-clip-id={clip.id}
      data-name={name}
    >
      <div
        {...attributes}
        {...listeners}
        aria-label={`Move ${name}, position ${index + 1}`}
        className="cursor-grab touch-none rounded-md focus-visible:outline-offset-1 active:cursor-grabbing"
      >
        {clip.thumbMediaId && clip.thumbWidth && clip.thumbHeight ? (
          <LazyImage mediaId={clip.thumbMediaId} width={clip.thumbWidth} height={clip.thumbHeight} boxAspect="16 / 9" alt="" className="w-full rounded" />
        ) : (
          <div className="aspect-video rounded bg-ink-800" />
        )}
      </div>
      <div className="flex items-center justify-between gap-1 px-0.5 text-[11px] text-ink-300">
        <span className="truncate" title={name}>
          {index + 1}. {name}
        </span>
        <button
          className={`shrink-0 rounded px-1 tabular-nums hover:bg-ink-700 hover:text-ink-100 ${trimmed ? 'text-accent-300' : ''}`}
          onClick={onTrim}
          aria-label={`Trim ${name}, ${seconds(playedLength(clip))}`}
          aria-expanded={trimming}
          title="Trim"
        >
          {seconds(playedLength(clip))} ✂
        </button>
      </div>
    </li>
  );
}

function announcer(clips: EditorClip[]): Announcements {
  const n = clips.length;
  const nameOf = (id: UniqueIdentifier) => {
    const index = clips.findIndex((c) => c.id === id);
    return clips[index] ? clipName(clips[index], index) : 'The clip';
  };
  const place = (id: UniqueIdentifier) => `position ${clips.findIndex((c) => c.id === id) + 1} of ${n}`;
  return {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}, ${place(active.id)}. Use the arrow keys to move it, Space to drop it, Escape to cancel.`,
    onDragOver: ({ active, over }) => (over ? `${nameOf(active.id)} is over ${place(over.id)}.` : `${nameOf(active.id)} is not over a position.`),
    onDragEnd: ({ active, over }) => (over ? `${nameOf(active.id)} dropped at ${place(over.id)}.` : `${nameOf(active.id)} dropped; the order is unchanged.`),
    onDragCancel: ({ active }) => `Move cancelled. ${nameOf(active.id)} stays at ${place(active.id)}.`,
  };
}

/** The approved clips in order: drag, or focus a clip and use Space + arrow keys, to reorder. */
export function TimelineStrip({ clips }: { clips: EditorClip[] }) {
  const reorderTimeline = useEditor((s) => s.reorderTimeline);
  const [trimmingId, setTrimmingId] = useState<string | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = clips.map((c) => c.id);
  const trimIndex = clips.findIndex((c) => c.id === trimmingId);
  const trimClip = clips[trimIndex];

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const next = arrayMove(ids, ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
    reorderTimeline(next).catch(toastError);
  }

  if (clips.length === 0) {
    return <p className="px-4 pb-5 pt-3 text-sm text-ink-300">Approve a take on a clip and it joins the timeline here.</p>;
  }
  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{
          announcements: announcer(clips),
          screenReaderInstructions: { draggable: 'To move a clip, press Space or Enter. Use the left and right arrow keys to move it, Space or Enter to drop it, Escape to cancel.' },
        }}
      >
        <SortableContext items={ids} strategy={horizontalListSortingStrategy}>
          <ol className="flex gap-2 overflow-x-auto px-4 pb-3 pt-2" aria-label="Timeline">
            {clips.map((clip, i) => (
              <TimelineItem key={clip.id} clip={clip} index={i} trimming={clip.id === trimmingId} onTrim={() => setTrimmingId(clip.id === trimmingId ? null : clip.id)} />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      {trimClip && <TrimForm key={trimClip.id} clip={trimClip} name={clipName(trimClip, trimIndex)} onDone={() => setTrimmingId(null)} />}
    </>
  );
}
