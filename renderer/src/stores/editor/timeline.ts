import type { BundledTrack, MethodInput, TimelineSettings } from '../../../../shared/contract';
import { studio } from '../../transport/client';
import { saving } from '../save-status';
import { current, record, viewOf, type Slice } from './store-kit';

type SettingsPatch = Omit<MethodInput<'timeline.update'>, 'projectId'>;

export interface TimelineSlice {
  tracks: BundledTrack[];
  /** Transition, music, output, title / end card / caption look and beat sync settings, undoable. */
  updateSettings(patch: SettingsPatch): Promise<void>;
}

export const createTimelineSlice: Slice<TimelineSlice> = (set, get) => {
  async function setSettings(projectId: string, patch: SettingsPatch) {
    const settings: TimelineSettings = await saving(() => studio.api['timeline.update']({ projectId, ...patch }));
    const view = viewOf(get, projectId);
    // The output aspect is the project's shape, which generation reads too.
    if (view) set({ view: { ...view, settings, defaults: { ...view.defaults, aspect: settings.output.aspect } } });
  }

  return {
    tracks: [],
    async updateSettings(patch) {
      const { view, projectId } = current(get);
      const before = view.settings;
      await setSettings(projectId, patch);
      const previous: SettingsPatch = {};
      if (patch.transition) previous.transition = before.transition;
      if (patch.music !== undefined) previous.music = before.music;
      if (patch.output) previous.output = before.output;
      if (patch.text) previous.text = before.text;
      if (patch.beatSync !== undefined) previous.beatSync = before.beatSync;
      record(projectId, { label: 'Change settings', undo: () => setSettings(projectId, previous), redo: () => setSettings(projectId, patch) });
    },
  };
};
