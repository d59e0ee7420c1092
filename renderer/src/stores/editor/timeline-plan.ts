import type { EditorClip, EditorView } from '../../../../shared/contract';
import { editedClipInputs, planTimeline, type TimelinePlan } from '../../../../shared/timeline-plan';
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
export function planEditorTimeline(view: Pick<EditorView, 'clips' | 'settings'>): EditorTimelinePlan | null {
  const clips = view.clips.filter((c) => c.approved);
  if (clips.length === 0) return null;
  const sources = clips.map((c, i) => ({ durationS: sourceDuration(c), label: `Clip ${i + 1}`, clipId: c.id }));
  const inputs = editedClipInputs(clips.map((c, i) => ({ ...c, durationS: (sources[i] as EditorPlanSource).durationS })));
  return planTimeline({ clips: inputs, transition: view.settings.transition }, sources, view.settings.output.fps);
}

function sourceDuration(clip: EditorClip): number {
  return currentTake(clip)?.durationS ?? clip.durationS;
}
