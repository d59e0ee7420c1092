import type { BundledTrack, MethodInput, TimelineSettings } from '../../../../shared/contract';
import { studio } from '../../transport/client';
import { saving } from '../save-status';
import { toastError } from '../toasts';
import { current, record, viewOf, type Slice } from './store-kit';

type SettingsPatch = Omit<MethodInput<'timeline.update'>, 'projectId'>;

export interface TimelineSlice {
  tracks: BundledTrack[];
  /** The music's beats are being found (the first time a track is used: about a second a minute of music). */
  findingBeats: boolean;
  /** Has the studio find the music's beats when the view does not carry them yet (they show as ticks and drive "Cut to the beat"). */
  findBeats(): Promise<void>;
  /** Transition, music, output, title / end card / caption look and beat sync settings, undoable. */
  updateSettings(patch: SettingsPatch): Promise<void>;
}

export const createTimelineSlice: Slice<TimelineSlice> = (set, get) => {
  async function setSettings(projectId: string, patch: SettingsPatch) {
    const settings: TimelineSettings = await saving(() => studio.api['timeline.update']({ projectId, ...patch }));
    const view = viewOf(get, projectId);
    // The output aspect is the project's shape, which generation reads too; other music has other beats.
    const beats = patch.music !== undefined ? null : (view?.beats ?? null);
    if (view) set({ view: { ...view, settings, beats, defaults: { ...view.defaults, aspect: settings.output.aspect } } });
    if (patch.music !== undefined) await get().findBeats();
  }

  return {
    tracks: [],
    findingBeats: false,
    async findBeats() {
      const view = get().view;
      if (!view?.settings.music || view.beats || get().findingBeats) return;
      const projectId = view.project.id;
      set({ findingBeats: true });
      try {
        const beats = await studio.api['music.beats']({ projectId });
        const now = viewOf(get, projectId);
        if (now && JSON.stringify(now.settings.music?.choice) === JSON.stringify(view.settings.music.choice)) set({ view: { ...now, beats } });
      } catch (error) {
        toastError(error);
      } finally {
        set({ findingBeats: false });
      }
    },
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
