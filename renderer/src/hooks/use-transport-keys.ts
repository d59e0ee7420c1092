import { useEffect } from 'react';
import { isTypingTarget } from '../shortcuts';
import { useEditor } from '../stores/editor';
import { planEditorTimeline } from '../stores/editor/timeline-plan';
import { usePlayback } from '../stores/playback';
import { frameStep, jumpBackS } from '../screens/editor/timeline/geometry';

/** Keys that a focused control uses itself: the transport leaves them to it. */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  if (key === ' ' && target.closest('button, a[href], summary, [role="button"], [role="tab"], [role="radio"], [role="checkbox"], [role="switch"], [role="option"]')) return true;
  if ((key === 'Home' || key === 'End') && target.closest('[role="tablist"], [role="radiogroup"], [role="slider"], [role="listbox"], [role="menu"]')) return true;
  return false;
}

/**
 * The player's keys, anywhere in the editor except while typing in a field: Space plays or pauses,
 * K pauses, L plays (again: faster), J steps back (again: further), `,` and `.` step one frame,
 * Home and End go to either end. Playing shows the edit again if a single take was shown.
 */
export function useTransportKeys(): void {
  useEffect(() => {
    let jStreak = 0;
    let lastJ = 0;
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTypingTarget(event.target) || ownsKey(event.target, event.key)) return;
      const view = useEditor.getState().view;
      if (!view) return;
      const playback = usePlayback.getState();
      const durationS = planEditorTimeline(view)?.durationS ?? playback.durationS;
      const fps = view.settings.output.fps;
      const play = () => {
        if (playback.take) playback.showTake(null);
        usePlayback.getState().setPlaying(true);
      };
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      if (key !== 'j') jStreak = 0;
      switch (key) {
        case ' ':
          if (playback.playing) playback.setPlaying(false);
          else play();
          break;
        case 'k':
          playback.setPlaying(false);
          playback.setRate(1);
          break;
        case 'l':
          if (playback.playing && !playback.take) playback.setRate(playback.rate * 2);
          else {
            playback.setRate(1);
            play();
          }
          break;
        case 'j': {
          const now = event.timeStamp;
          jStreak = now - lastJ < 1000 ? jStreak + 1 : 0;
          lastJ = now;
          playback.seek(Math.max(0, playback.timeS - jumpBackS(jStreak)));
          break;
        }
        case ',':
        case '.':
          playback.setPlaying(false);
          playback.seek(Math.min(durationS, frameStep(playback.timeS, fps, key === '.' ? 1 : -1)));
          break;
        case 'Home':
          playback.seek(0);
          break;
        case 'End':
          playback.seek(durationS);
          break;
        default:
          return;
      }
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
