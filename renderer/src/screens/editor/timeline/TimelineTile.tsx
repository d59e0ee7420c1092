import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useRef, type PointerEvent } from 'react';
import type { EditorClip } from '../../../../../shared/contract';
import { HoverTake } from '../HoverTake';
import type { TileBox } from './geometry';
import { seconds } from './names';

export type Edge = 'start' | 'end';

interface TileProps {
  clip: EditorClip;
  index: number;
  name: string;
  box: TileBox;
  selected: boolean;
  trimming: boolean;
  onSelect(): void;
  onRemove(): void;
  onTrimForm(): void;
  /** An edge is being dragged (`done` on release). */
  onEdgeDrag(edge: Edge, deltaPx: number, done: boolean): void;
}

/** Drags one edge of a tile: the pointer is captured, so the drag goes on outside the tile. */
function EdgeHandle({ edge, name, onDrag }: { edge: Edge; name: string; onDrag(deltaPx: number, done: boolean): void }) {
  const start = useRef<number | null>(null);
  const move = (e: PointerEvent<HTMLDivElement>, done: boolean) => {
    if (start.current === null) return;
    const delta = e.clientX - start.current;
    if (done) start.current = null;
    onDrag(delta, done);
  };
  return (
    <div
      aria-hidden
      title={`Drag to trim the ${edge === 'start' ? 'start' : 'end'} of ${name}`}
      data-testid={`trim-${edge}`}
      className={`absolute top-0 z-20 h-14 w-2.5 cursor-ew-resize touch-none rounded-sm bg-accent-400/0 hover:bg-accent-400/80 ${edge === 'start' ? 'left-0' : 'right-0'}`}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.stopPropagation();
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = e.clientX;
      }}
      onPointerMove={(e) => move(e, false)}
      onPointerUp={(e) => move(e, true)}
      onPointerCancel={() => {
        start.current = null;
        onDrag(0, true);
      }}
    />
  );
}

/**
 * One clip on the timeline, as wide as it plays: drag the picture to reorder (or focus it, Space, the
 * arrows), click it to select it and seek to it, drag an edge to trim, Delete to remove it.
 */
export function TimelineTile({ clip, index, name, box, selected, trimming, onSelect, onRemove, onTrimForm, onEdgeDrag }: TileProps) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: clip.id });
  const trimmed = clip.trimInS > 0 || clip.trimOutS !== null;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition, width: box.width, marginLeft: index === 0 ? 0 : -box.headPx }}
      className={`relative flex shrink-0 flex-col gap-1 ${isDragging ? 'z-40 opacity-90' : ''}`}
      data-testid="timeline-item"
      data-clip-id={clip.id}
      data-name={name}
      data-selected={selected}
      onKeyDown={(e) => {
        if ((e.key === 'Delete' || e.key === 'Backspace') && e.target === e.currentTarget.firstElementChild) {
          e.preventDefault();
          onRemove();
        }
      }}
    >
      <div
        {...attributes}
        {...listeners}
        aria-label={`Move ${name}, position ${index + 1}${selected ? ', selected' : ''}`}
        aria-keyshortcuts="Delete"
        onClick={onSelect}
        className={`h-14 cursor-grab touch-none overflow-hidden rounded-md border-2 focus-visible:outline-offset-1 active:cursor-grabbing ${
          isDragging ? 'border-accent-400 shadow-2xl shadow-black' : selected || trimming ? 'border-accent-400' : 'border-ink-700'
        }`}
      >
        <HoverTake clip={clip} className="h-full w-full">
          {box.headPx > 0 && (
            // The transition window this clip shares with the one before it.
            <span className="absolute inset-y-0 left-0 bg-gradient-to-r from-black/70 to-transparent" style={{ width: box.headPx }} aria-hidden />
          )}
        </HoverTake>
      </div>
      {/* Each tile labels its own half of a shared transition window, so neighbours' labels do not overlap. */}
      <div className="flex min-w-0 items-center justify-between gap-1 text-[11px] text-ink-300" style={{ paddingLeft: box.headPx / 2 + 2, paddingRight: box.tailPx / 2 + 2 }}>
        <span className="pointer-events-none min-w-0 truncate" title={name}>
          {index + 1}. {name}
        </span>
        <button
          className={`relative z-10 shrink-0 rounded bg-ink-900/80 px-1 tabular-nums hover:bg-ink-700 hover:text-ink-100 ${trimmed ? 'text-accent-300' : ''}`}
          onClick={onTrimForm}
          aria-label={`Trim ${name}, ${seconds(box.endS - box.startS)}`}
          aria-expanded={trimming}
          title="Trim"
        >
          {seconds(box.endS - box.startS)} ✂
        </button>
      </div>
      <EdgeHandle edge="start" name={name} onDrag={(d, done) => onEdgeDrag('start', d, done)} />
      <EdgeHandle edge="end" name={name} onDrag={(d, done) => onEdgeDrag('end', d, done)} />
    </li>
  );
}
