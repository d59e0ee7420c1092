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
import { SortableContext, arrayMove, horizontalListSortingStrategy, sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { EditorClip, EditorView } from '../../../../../shared/contract';
import { Button } from '../../../components/Button';
import { projectScope, useHistory } from '../../../stores/history';
import { usePlayback } from '../../../stores/playback';
import { planEditorTimeline } from '../../../stores/editor/timeline-plan';
import { beatGridOf } from '../../../../../shared/beat-fit';
import { useEditor } from '../../../stores/editor';
import { toastError, useToasts } from '../../../stores/toasts';
import { BoundaryForm } from './BoundaryForm';
import { BoundaryMarker } from './BoundaryMarker';
import { DEFAULT_PX_PER_S, layoutTimeline, trimFromDrag, zoomBy, zoomToFit } from './geometry';
import { clipName, takeLength } from './names';
import { Playhead, RULER_HEIGHT, TimelineRuler } from './TimelineRuler';
import { TimelineTile, type Edge } from './TimelineTile';
import { TrimForm } from './TrimForm';

/** Room after the last tile for the ruler's end label. */
const END_PAD = 72;
/** The closest zoom a project opens at (a short timeline is not blown up to the whole width). */
const AUTO_FIT_MAX = 160;

type Panel = { kind: 'trim' | 'boundary'; clipId: string } | null;
interface TrimDraft {
  clipId: string;
  inS: number;
  outS: number | null;
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

/** The view with a trim still being dragged applied, so tiles, ruler and durations follow the pointer. */
function withDraft(view: EditorView, draft: TrimDraft | null): EditorView {
  if (!draft) return view;
  return { ...view, clips: view.clips.map((c) => (c.id === draft.clipId ? { ...c, trimInS: draft.inS, trimOutS: draft.outS } : c)) };
}

/** Ctrl (or ⌘) + wheel over the strip zooms it; the page's own pinch-zoom is kept out. */
function useWheelZoom(scroller: RefObject<HTMLDivElement | null>, shown: boolean, zoom: (steps: number) => void) {
  const latest = useRef(zoom);
  latest.current = zoom;
  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const onWheel = (event: WheelEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.deltaY === 0) return;
      event.preventDefault();
      latest.current(-Math.sign(event.deltaY));
    };
    box.addEventListener('wheel', onWheel, { passive: false });
    return () => box.removeEventListener('wheel', onWheel);
  }, [scroller, shown]);
}

/**
 * The timeline: tiles as wide as they play (from the export's own frame plan), a ruler with the
 * playhead, a marker on each boundary, trims by dragging a tile's edges, zoom.
 */
export function Timeline() {
  const view = useEditor((s) => s.view);
  const selectedClipId = useEditor((s) => s.selectedClipId);
  // Null: the zoom follows the timeline so the whole video is in view (no closer than AUTO_FIT_MAX),
  // until the creator zooms; Fit goes back to that.
  const [zoom, setZoom] = useState<number | null>(null);
  const [viewWidth, setViewWidth] = useState(0);
  const [panel, setPanel] = useState<Panel>(null);
  const [draft, setDraft] = useState<TrimDraft | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const shown = useMemo(() => (view ? withDraft(view, draft) : null), [view, draft]);
  const plan = useMemo(() => (shown ? planEditorTimeline(shown) : null), [shown]);
  const clips = shown?.clips.filter((c) => c.approved) ?? [];
  // From the saved timeline, not the one being trimmed: the zoom holds still under a dragged edge.
  const durationS = useMemo(() => (view ? (planEditorTimeline(view)?.durationS ?? 0) : 0), [view]);
  const pxPerS = zoom ?? (viewWidth > 0 ? Math.min(AUTO_FIT_MAX, zoomToFit(durationS, viewWidth - END_PAD - 32)) : DEFAULT_PX_PER_S);
  useWheelZoom(scroller, clips.length > 0, (steps) => setZoom(zoomBy(pxPerS, steps)));
  const hasTiles = clips.length > 0;
  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const observer = new ResizeObserver(() => setViewWidth(box.clientWidth));
    observer.observe(box);
    setViewWidth(box.clientWidth);
    return () => observer.disconnect();
  }, [hasTiles]);

  if (!view || !plan || clips.length === 0) {
    return <p className="px-4 pb-5 pt-3 text-sm text-ink-300">Approve a take on a clip and it joins the timeline here.</p>;
  }
  const layout = layoutTimeline(plan, pxPerS);
  const ids = clips.map((c) => c.id);
  const names = clips.map(clipName);
  const fps = view.settings.output.fps;

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const next = arrayMove(ids, ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
    useEditor.getState().reorderTimeline(next).catch(toastError);
  }

  function selectAndSeek(clip: EditorClip, startS: number) {
    useEditor.getState().select(clip.id);
    const playback = usePlayback.getState();
    if (playback.take) playback.showTake(null);
    playback.seek(startS);
  }

  function remove(clip: EditorClip, name: string) {
    const projectId = clip.projectId;
    useEditor
      .getState()
      .deleteClips([clip.id])
      .catch(toastError);
    useToasts.getState().push({ kind: 'info', message: `Removed ${name}.`, actions: [{ label: 'Undo', run: () => void useHistory.getState().undo(projectScope(projectId)) }] });
  }

  function edgeDrag(clip: EditorClip, edge: Edge, deltaPx: number, done: boolean) {
    // The original clip, not the draft: the drag is measured from where it started.
    const saved = view?.clips.find((c) => c.id === clip.id);
    if (!saved) return;
    const takeS = takeLength(saved);
    const next = trimFromDrag({ edge, deltaPx, pxPerS, fps, inS: saved.trimInS, outS: saved.trimOutS ?? takeS, takeS });
    if (!done) {
      setDraft({ clipId: clip.id, ...next });
      return;
    }
    if (next.inS === saved.trimInS && next.outS === saved.trimOutS) {
      setDraft(null);
      return;
    }
    setDraft({ clipId: clip.id, ...next });
    useEditor
      .getState()
      .trim(clip.id, next.inS, next.outS)
      .catch(toastError)
      .finally(() => setDraft(null));
  }

  const panelIndex = panel ? ids.indexOf(panel.clipId) : -1;
  const panelClip = clips[panelIndex];
  const tileTop = RULER_HEIGHT + 8;
  return (
    <>
      <div className="flex items-center gap-1 px-4">
        <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => setZoom(zoomBy(pxPerS, -1))} aria-label="Zoom out">
          −
        </Button>
        <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => setZoom(zoomBy(pxPerS, 1))} aria-label="Zoom in">
          +
        </Button>
        <Button
          variant="ghost"
          className="px-2 py-0.5 text-xs"
          onClick={() => setZoom(null)}
          aria-pressed={zoom === null}
          title="Keep the whole video in view"
        >
          Fit
        </Button>
        <span className="text-[11px] tabular-nums text-ink-300" aria-live="polite" data-testid="zoom-level">
          {Math.round(pxPerS)} px/s
        </span>
      </div>
      <div ref={scroller} className="overflow-x-auto px-4 pb-3" data-testid="timeline-scroller">
        <div className="relative" style={{ width: layout.widthPx + END_PAD }}>
          <TimelineRuler durationS={plan.durationS} pxPerS={pxPerS} widthPx={layout.widthPx + END_PAD} beats={view.settings.music ? beatGridOf(view.beats) : null} />
          <DndContext
            sensors={sensors}
            collisionDetection={closestCenter}
            onDragEnd={onDragEnd}
            accessibility={{
              announcements: announcer(clips),
              screenReaderInstructions: {
                draggable: 'To move a clip, press Space or Enter. Use the left and right arrow keys to move it, Space or Enter to drop it, Escape to cancel. Delete removes it.',
              },
            }}
          >
            <SortableContext items={ids} strategy={horizontalListSortingStrategy}>
              <ol className="flex select-none pt-2" aria-label="Timeline">
                {clips.map((clip, i) => (
                  <TimelineTile
                    key={clip.id}
                    clip={clip}
                    index={i}
                    name={names[i]!}
                    box={layout.tiles[i]!}
                    selected={clip.id === selectedClipId}
                    trimming={panel?.kind === 'trim' && panel.clipId === clip.id}
                    onSelect={() => selectAndSeek(clip, layout.tiles[i]!.startS)}
                    onRemove={() => remove(clip, names[i]!)}
                    onTrimForm={() => setPanel(panel?.kind === 'trim' && panel.clipId === clip.id ? null : { kind: 'trim', clipId: clip.id })}
                    onEdgeDrag={(edge, delta, done) => edgeDrag(clip, edge, delta, done)}
                  />
                ))}
              </ol>
            </SortableContext>
          </DndContext>
          {layout.boundaries.map((box, i) => {
            const clip = clips[i]!;
            const open = panel?.kind === 'boundary' && panel.clipId === clip.id;
            return (
              <BoundaryMarker
                key={clip.id}
                box={box}
                top={tileTop}
                from={names[i]!}
                transition={clip.transitionOut ?? view.settings.transition}
                own={clip.transitionOut !== null}
                open={open}
                onOpen={() => {
                  // Choosing a transition is editing: the preview stops instead of playing on under the form.
                  usePlayback.getState().setPlaying(false);
                  setPanel(open ? null : { kind: 'boundary', clipId: clip.id });
                }}
              />
            );
          })}
          <Playhead pxPerS={pxPerS} scroller={scroller} />
        </div>
      </div>
      {panelClip && panel?.kind === 'trim' && <TrimForm key={panelClip.id} clip={panelClip} name={names[panelIndex]!} onDone={() => setPanel(null)} />}
      {panelClip && panel?.kind === 'boundary' && clips[panelIndex + 1] && (
        <BoundaryForm key={panelClip.id} clipId={panelClip.id} from={names[panelIndex]!} to={names[panelIndex + 1]!} onDone={() => setPanel(null)} />
      )}
    </>
  );
}
