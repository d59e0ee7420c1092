import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { EditorClip } from '../../../../shared/contract';
import { cropCentre, cropWindow, MAX_ZOOM, type CropBox } from '../../../../shared/framing';
import { shapeRatio, type FocusMode, type Shape } from '../../../../shared/values';
import { Button } from '../../components/Button';
import { useEditor } from '../../stores/editor';
import { toastError } from '../../stores/toasts';
import { mediaUrl } from '../../transport/client';

/**
 * The reframe view: the photo with the crop box of the project's shape on it. The creator drags the
 * box and sets the zoom (shown live); Apply saves it on the clip (undoable) and the device take is
 * made again with it, so the preview and the export follow.
 */
export function ReframeDialog({ clip, shape, focusMode, onClose }: { clip: EditorClip; shape: Shape; focusMode: FocusMode; onClose(): void }) {
  const setFraming = useEditor((s) => s.setFraming);
  const photo = { width: clip.width ?? clip.thumbWidth ?? 1, height: clip.height ?? clip.thumbHeight ?? 1 };
  const ratio = shapeRatio(shape);
  const start = cropCentre(clip.framing, clip.focus, focusMode);
  const [box, setBox] = useState<CropBox>({ cx: start.x, cy: start.y, zoom: clip.framing?.box?.zoom ?? 1 });
  const area = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number; cx: number; cy: number } | null>(null);
  const crop = cropWindow(photo, ratio, { x: box.cx, y: box.cy }, box.zoom);
  const pct = (v: number, of: number) => `${(100 * v) / of}%`;
  const name = clip.sourceName ?? 'this clip';

  /** The box's centre as the window actually sits (kept inside the photo). */
  const placed = (next: CropBox): CropBox => {
    const w = cropWindow(photo, ratio, { x: next.cx, y: next.cy }, next.zoom);
    return { cx: (w.x + w.width / 2) / photo.width, cy: (w.y + w.height / 2) / photo.height, zoom: next.zoom };
  };
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, cx: box.cx, cy: box.cy };
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const from = drag.current;
    const rect = area.current?.getBoundingClientRect();
    if (!from || !rect) return;
    setBox(placed({ cx: from.cx + (e.clientX - from.x) / rect.width, cy: from.cy + (e.clientY - from.y) / rect.height, zoom: box.zoom }));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const apply = () => {
    setFraming([clip.id], { fit: 'crop', color: clip.framing?.color ?? '#000000', box: placed(box) }).catch(toastError);
    onClose();
  };
  const image = clip.workingMediaId ?? clip.thumbMediaId;

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/70 p-6" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div role="dialog" aria-modal="true" aria-label={`Reframe ${name}`} className="flex max-h-full w-[min(48rem,100%)] flex-col gap-3 rounded-xl border border-ink-700 bg-ink-900 p-4">
        <h2 className="text-sm font-semibold">Reframe {name} for {shape}</h2>
        <p className="text-xs text-ink-300">Drag the box to choose what the clip shows; the zoom makes it smaller. The clip is made again with this framing.</p>
        <div ref={area} className="relative mx-auto max-h-[60vh] w-full select-none overflow-hidden" style={{ aspectRatio: `${photo.width} / ${photo.height}`, maxWidth: `calc(60vh * ${photo.width / photo.height})` }}>
          {image && <img src={mediaUrl(image)} alt="" draggable={false} className="absolute inset-0 h-full w-full" />}
          <div
            data-testid="crop-box"
            role="slider"
            aria-label="Crop box"
            aria-valuetext={`centre ${Math.round(box.cx * 100)}% across, ${Math.round(box.cy * 100)}% down, zoom ${box.zoom.toFixed(1)}×`}
            aria-valuenow={Math.round(box.cx * 100)}
            tabIndex={0}
            onKeyDown={(e) => {
              const step = e.shiftKey ? 0.05 : 0.01;
              const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
              const move = moves[e.key];
              if (!move) return;
              e.preventDefault();
              setBox(placed({ cx: box.cx + move[0], cy: box.cy + move[1], zoom: box.zoom }));
            }}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            className="absolute cursor-move border-2 border-white shadow-[0_0_0_9999px_rgba(0,0,0,0.55)] focus-visible:outline focus-visible:outline-2 focus-visible:outline-accent-400"
            style={{ left: pct(crop.x, photo.width), top: pct(crop.y, photo.height), width: pct(crop.width, photo.width), height: pct(crop.height, photo.height), touchAction: 'none' }}
          />
        </div>
        <label className="flex items-center gap-3 text-xs text-ink-300">
          Zoom
          <input
            type="range"
            aria-label="Zoom"
            min={1}
            max={MAX_ZOOM}
            step={0.1}
            value={box.zoom}
            onChange={(e) => setBox(placed({ ...box, zoom: Number(e.target.value) }))}
            className="flex-1"
          />
          <span className="w-10 tabular-nums text-ink-100">{box.zoom.toFixed(1)}×</span>
        </label>
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={apply}>Apply</Button>
        </div>
      </div>
    </div>
  );
}
