import type { EditorClip, EditorView } from '../../../../shared/contract';
import { editedClipInputs, planTimeline, type TimelinePlan } from '../../../../shared/timeline-plan';
import { beatGridOf, fitToBeats } from '../../../../shared/beat-fit';
import { currentTake } from './selectors';

export interface EditorPlanSource {
  durationS: number;
  label: string;
  clipId: string;
}

export type EditorTimelinePlan = TimelinePlan<EditorPlanSource>;

/**
 * The approved clips as the export will cut them, planned by the same shared planner the compile
 * engine uses: the ruler, the tile widths and every duration on screen come from here, so they are
 * the file's. Null when nothing is on the timeline yet.
 */
export function planEditorTimeline(view: Pick<EditorView, 'clips' | 'settings'> & { beats?: EditorView['beats'] }): EditorTimelinePlan | null {
  const clips = view.clips.filter((c) => c.approved);
  if (clips.length === 0) return null;
  const sources = clips.map((c, i) => ({ durationS: sourceDuration(c), label: `Clip ${i + 1}`, clipId: c.id }));
  const edited = clips.map((c, i) => ({ ...c, durationS: (sources[i] as EditorPlanSource).durationS }));
  // "Cut to the beat": the lengths the export will fit, from the same shared function.
  const grid = view.settings.beatSync && view.settings.music ? beatGridOf(view.beats) : null;
  const fitted = grid ? fitToBeats(edited, view.settings.transition, grid, view.settings.output.fps).clips : edited;
  return planTimeline({ clips: editedClipInputs(fitted), transition: view.settings.transition }, sources, view.settings.output.fps);
}

function sourceDuration(clip: EditorClip): number {
  return currentTake(clip)?.durationS ?? clip.durationS;
}
