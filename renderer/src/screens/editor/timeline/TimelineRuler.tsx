import { memo, useEffect, useRef, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { formatTime } from '../../../format';
import { usePlayback } from '../../../stores/playback';
import { rulerTicks, timeAtX } from './geometry';
import { loopedBeats, type BeatGrid } from '../../../../../shared/beat-fit';

export const RULER_HEIGHT = 24;

const Ticks = memo(function Ticks({ durationS, pxPerS }: { durationS: number; pxPerS: number }) {
  const { stepS, ticks } = rulerTicks(durationS, pxPerS);
  // Labels in whole seconds once the step allows; none that would run into the end's label.
  const label = (timeS: number) => ((durationS - timeS) * pxPerS >= 44 || timeS === 0 ? formatTime(timeS, { wholeSeconds: stepS >= 1 }) : null);
  return (
    <>
      {ticks.map((t) => (
        <span key={t.timeS} className={`absolute bottom-0 w-px ${t.major ? 'h-2.5 bg-ink-300' : 'h-1.5 bg-ink-500'}`} style={{ left: t.x }} aria-hidden>
          {t.major && <span className="absolute bottom-2.5 left-1 whitespace-nowrap text-[10px] tabular-nums text-ink-300">{label(t.timeS)}</span>}
        </span>
      ))}
    </>
  );
});

/** The music's beats as ticks along the ruler's top edge (strong beats taller), the track looped as the export loops it. */
const BeatTicks = memo(function BeatTicks({ beats, durationS, pxPerS }: { beats: BeatGrid; durationS: number; pxPerS: number }) {
  const shown = loopedBeats(beats, durationS);
  // Too dense to tell apart: every beat would touch the next.
  if (shown.length > 1 && (shown[1]!.timeS - shown[0]!.timeS) * pxPerS < 3) return null;
  return (
    <span className="pointer-events-none absolute inset-0" data-testid="beat-ticks" data-count={shown.length} aria-hidden>
      {shown.map((b) => (
        <span key={b.timeS} className={`absolute top-0 w-px ${b.strong ? 'h-2 bg-amber-300' : 'h-1 bg-amber-300/60'}`} style={{ left: b.timeS * pxPerS }} />
      ))}
    </span>
  );
});

/**
 * The time ruler over the tiles: click or drag on it to scrub (playback pauses, the player seeks as
 * the pointer moves); with the keyboard, the arrows step a second, Home and End go to either end. Its end shows
 * the video's length.
 */
export function TimelineRuler({ durationS, pxPerS, widthPx, beats = null }: { durationS: number; pxPerS: number; widthPx: number; beats?: BeatGrid | null }) {
  const timeS = usePlayback((s) => s.timeS);
  const dragging = useRef(false);
  const seekAt = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    usePlayback.getState().seek(timeAtX(event.clientX - box.left, pxPerS, durationS));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowDown: -1, ArrowUp: 1 }[event.key];
    const { seek } = usePlayback.getState();
    if (step) seek(Math.min(durationS, Math.max(0, timeS + step)));
    else if (event.key === 'Home') seek(0);
    else if (event.key === 'End') seek(durationS);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  const shown = Math.min(timeS, durationS);
  return (
    <div
      role="slider"
      tabIndex={0}
      aria-label="Playhead"
      aria-valuemin={0}
      aria-valuemax={Math.round(durationS * 10) / 10}
      aria-valuenow={Math.round(shown * 10) / 10}
      aria-valuetext={`${formatTime(shown)} of ${formatTime(durationS)}`}
      data-testid="ruler"
      className="relative cursor-pointer touch-none select-none border-b border-ink-700 focus-visible:outline-offset-0"
      style={{ width: widthPx, height: RULER_HEIGHT }}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        dragging.current = true;
        // Scrubbing takes the playhead: the player stops where the pointer puts it.
        usePlayback.getState().setPlaying(false);
        seekAt(e);
      }}
      onPointerMove={(e) => dragging.current && seekAt(e)}
      onPointerUp={() => (dragging.current = false)}
      onPointerCancel={() => (dragging.current = false)}
      onKeyDown={onKeyDown}
    >
      <Ticks durationS={durationS} pxPerS={pxPerS} />
      {beats && <BeatTicks beats={beats} durationS={durationS} pxPerS={pxPerS} />}
      <span className="absolute bottom-0.5 whitespace-nowrap rounded bg-ink-800 px-1 text-[11px] font-medium tabular-nums text-ink-100" style={{ left: durationS * pxPerS + 6 }} data-testid="ruler-end">
        {formatTime(durationS)}
      </span>
    </div>
  );
}

/** The playhead: a line over the ruler and the tiles at the player's time; while playing it keeps itself in view. */
export function Playhead({ pxPerS, scroller }: { pxPerS: number; scroller: RefObject<HTMLDivElement | null> }) {
  const timeS = usePlayback((s) => s.timeS);
  const playing = usePlayback((s) => s.playing);
  const x = timeS * pxPerS;
  useEffect(() => {
    const box = scroller.current;
    if (!box || !playing) return;
    if (x < box.scrollLeft || x > box.scrollLeft + box.clientWidth - 48) box.scrollLeft = Math.max(0, x - 48);
  }, [x, playing, scroller]);
  return (
    <div className="pointer-events-none absolute bottom-0 top-0 z-30 w-0.5 -translate-x-1/2 bg-rose-400" style={{ left: x }} data-testid="playhead" data-time={timeS.toFixed(3)} aria-hidden>
      <span className="absolute -left-[5px] top-0 h-0 w-0 border-x-[6px] border-t-[8px] border-x-transparent border-t-rose-400" />
    </div>
  );
}
