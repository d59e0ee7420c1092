import type { ClipFraming, MethodInput, Transition } from '../../../../shared/contract';
import { studio } from '../../transport/client';
import { saving } from '../save-status';
import { fullOrderFor, patchClips } from './selectors';
import { current, record, recordWhileSaving, viewOf, type Slice } from './store-kit';

export type ClipPatch = Omit<MethodInput<'clips.update'>, 'clipId'>;

export interface ClipsSlice {
  updateClip(clipId: string, patch: ClipPatch): Promise<void>;
  deleteClips(clipIds: string[]): Promise<void>;
  reorderTimeline(approvedIds: string[]): Promise<void>;
  trim(clipId: string, inS: number, outS: number | null): Promise<void>;
  /** The transition from this clip into the next (null: the project's). */
  setBoundaryTransition(clipId: string, transition: Transition | null): Promise<void>;
  /** The words under a clip in the video (null: none); undoable. */
  setCaption(clipId: string, caption: string | null): Promise<void>;
  /** The clips' own framing (fit, colour, crop box); null: the project's. One undoable step for all of them. */
  setFraming(clipIds: string[], framing: ClipFraming | null): Promise<void>;
  /** Remakes the clips' approved takes for the project's shape (same move; the new take replaces the approved one). */
  remakeForShape(clipIds: string[]): Promise<void>;
}

/** Clip edits: prompt, duration and motion, removal (to the trash), timeline order and trims; each undoable. */
export const createClipsSlice: Slice<ClipsSlice> = (set, get) => {
  async function setClipPatch(clipId: string, patch: ClipPatch) {
    const clip = await saving(() => studio.api['clips.update']({ clipId, ...patch }));
    const { view } = get();
    if (view) set({ view: patchClips(view, (c) => (c.id === clipId ? { ...c, ...clip } : c)) });
  }

  async function setOrder(projectId: string, order: string[]) {
    await saving(() => studio.api['clips.reorder']({ projectId, clipIds: order }));
    if (viewOf(get, projectId)) await get().refresh();
  }

  async function setTrim(clipId: string, inS: number, outS: number | null) {
    await saving(() => studio.api['clips.trim']({ clipId, inS, outS }));
    const { view } = get();
    if (view) set({ view: patchClips(view, (c) => (c.id === clipId ? { ...c, trimInS: inS, trimOutS: outS } : c)) });
  }

  async function writeCaption(clipId: string, caption: string | null) {
    const saved = await saving(() => studio.api['clips.setCaption']({ clipId, caption }));
    const { view } = get();
    if (view) set({ view: patchClips(view, (c) => (c.id === clipId ? { ...c, caption: saved.caption } : c)) });
  }

  async function setTransitionOut(clipId: string, transition: Transition | null) {
    const { transitionOut } = await saving(() => studio.api['clips.setTransition']({ clipId, transition }));
    const { view } = get();
    if (view) set({ view: patchClips(view, (c) => (c.id === clipId ? { ...c, transitionOut } : c)) });
  }

  /**
   * Saves the framing, then has the device takes made with another framing made again (free, and a
   * take made earlier with this framing is simply approved again, so undo and redo are instant).
   */
  async function writeFraming(frames: ReadonlyArray<readonly [string, ClipFraming | null]>) {
    const saved = await saving(() => Promise.all(frames.map(([clipId, framing]) => studio.api['clips.setFraming']({ clipId, framing }))));
    const { view } = get();
    if (view) set({ view: patchClips(view, (c) => ({ ...c, framing: saved.find((s) => s.id === c.id)?.framing ?? (frames.some(([id]) => id === c.id) ? null : c.framing) })) });
    await saving(() => studio.api['generate.remake']({ clipIds: frames.map(([id]) => id) }));
    await get().refresh();
  }

  async function removeClips(clipIds: string[]) {
    const { view } = get();
    if (view) set({ view: { ...view, clips: view.clips.filter((c) => !clipIds.includes(c.id)) } });
    try {
      await saving(() => studio.api['clips.delete']({ clipIds }));
    } finally {
      await get().refresh();
    }
  }

  async function restoreClips(clipIds: string[]) {
    try {
      await saving(() => studio.api['clips.restore']({ clipIds }));
    } finally {
      await get().refresh();
    }
  }

  return {
    async updateClip(clipId, patch) {
      const before = get().view?.clips.find((c) => c.id === clipId);
      await setClipPatch(clipId, patch);
      if (!before) return;
      const previous: ClipPatch = {};
      if (patch.prompt !== undefined) previous.prompt = before.prompt;
      if (patch.durationS !== undefined) previous.durationS = before.durationS;
      if (patch.motion !== undefined) previous.motion = before.motion;
      record(before.projectId, { label: 'Edit clip', undo: () => setClipPatch(clipId, previous), redo: () => setClipPatch(clipId, patch) });
    },

    async deleteClips(clipIds) {
      const { projectId } = current(get);
      const label = clipIds.length === 1 ? 'Remove clip' : `Remove ${clipIds.length} clips`;
      await recordWhileSaving(projectId, { label, undo: () => restoreClips(clipIds), redo: () => removeClips(clipIds) }, removeClips(clipIds));
    },

    async reorderTimeline(approvedIds) {
      const { view, projectId } = current(get);
      const before = view.clips.map((c) => c.id);
      const order = fullOrderFor(view.clips, approvedIds);
      set({ view: { ...view, clips: order.map((id) => view.clips.find((c) => c.id === id)!) } });
      try {
        await setOrder(projectId, order);
      } catch (error) {
        await get().refresh();
        throw error;
      }
      record(projectId, { label: 'Reorder', undo: () => setOrder(projectId, before), redo: () => setOrder(projectId, order) });
    },

    async trim(clipId, inS, outS) {
      const before = get().view?.clips.find((c) => c.id === clipId);
      await setTrim(clipId, inS, outS);
      if (before) {
        record(before.projectId, { label: 'Trim', undo: () => setTrim(clipId, before.trimInS, before.trimOutS), redo: () => setTrim(clipId, inS, outS) });
      }
    },

    async setFraming(clipIds, framing) {
      const { view, projectId } = current(get);
      const before = clipIds.map((id) => [id, view.clips.find((c) => c.id === id)?.framing ?? null] as const);
      const after = clipIds.map((id) => [id, framing] as const);
      const label = framing?.box ? 'Reframe' : 'Change framing';
      await recordWhileSaving(projectId, { label, undo: () => writeFraming(before), redo: () => writeFraming(after) }, writeFraming(after));
    },

    async remakeForShape(clipIds) {
      if (clipIds.length === 0) return;
      await saving(() => studio.api['generate.remake']({ clipIds }));
      await get().refresh();
    },

    async setCaption(clipId, caption) {
      const before = get().view?.clips.find((c) => c.id === clipId);
      await writeCaption(clipId, caption);
      if (before) {
        const previous = before.caption;
        record(before.projectId, { label: 'Edit caption', undo: () => writeCaption(clipId, previous), redo: () => writeCaption(clipId, caption) });
      }
    },

    async setBoundaryTransition(clipId, transition) {
      const before = get().view?.clips.find((c) => c.id === clipId);
      await setTransitionOut(clipId, transition);
      if (before) {
        const previous = before.transitionOut;
        record(before.projectId, {
          label: 'Change transition',
          undo: () => setTransitionOut(clipId, previous),
          redo: () => setTransitionOut(clipId, transition),
        });
      }
    },
  };
};
