import { create } from 'zustand';
import type {
  BundledTrack,
  EditorClip,
  EditorView,
  Export,
  ImportFileResult,
  JobUpdated,
  MethodInput,
  StudioEvent,
  TimelineSettings,
} from '../../../shared/api';
import { studio } from '../api/client';
import { takeBridgeToken } from '../api/bridge-transport';
import { importFiles } from '../api/upload';
import { useHistory } from './history';
import { saving } from './save-status';
import { toastError, useToasts } from './toasts';

export interface ImportState {
  total: number;
  done: number;
  failures: string[];
}

type ClipPatch = Omit<MethodInput<'clips.update'>, 'clipId'>;
type SettingsPatch = Omit<MethodInput<'timeline.update'>, 'projectId'>;

interface EditorState {
  projectId: string | null;
  view: EditorView | null;
  tracks: BundledTrack[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  importing: ImportState | null;
  selectedClipId: string | null;
  open(projectId: string): Promise<void>;
  refresh(): Promise<void>;
  applyEvent(event: StudioEvent): void;
  select(clipId: string | null): void;
  importDropped(files: File[]): Promise<void>;
  importWithDialog(): Promise<void>;
  updateClip(clipId: string, patch: ClipPatch): Promise<void>;
  deleteClips(clipIds: string[]): Promise<void>;
  generate(clipIds: string[]): Promise<void>;
  cancelJob(jobId: string): Promise<void>;
  approve(clipId: string, takeId: string): Promise<void>;
  reorderTimeline(approvedIds: string[]): Promise<void>;
  trim(clipId: string, inS: number, outS: number | null): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<void>;
  startExport(): Promise<void>;
  cancelExport(exportId: string): Promise<void>;
}

/** The timeline order of every clip when the approved ones take `approvedIds`' order in their own slots. */
export function fullOrderFor(clips: EditorClip[], approvedIds: string[]): string[] {
  const queue = [...approvedIds];
  return clips.map((clip) => (clip.approved ? (queue.shift() ?? clip.id) : clip.id));
}

function patchClips(view: EditorView, update: (clip: EditorClip) => EditorClip): EditorView {
  return { ...view, clips: view.clips.map(update) };
}

let refreshTimer: ReturnType<typeof setTimeout> | null = null;

export const useEditor = create<EditorState>((set, get) => {
  const current = () => {
    const { view, projectId } = get();
    if (!view || !projectId) throw new Error('No project is open');
    return { view, projectId };
  };

  function scheduleRefresh(delayMs = 250) {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void get().refresh(), delayMs);
  }

  function applyJob(job: JobUpdated) {
    const { view } = get();
    if (!view || job.projectId !== view.project.id) return;
    const clip = view.clips.find((c) => c.id === job.clipId);
    if (clip?.job?.id === job.jobId) {
      const { jobId: _id, ...fields } = job;
      set({ view: patchClips(view, (c) => (c.id === job.clipId && c.job ? { ...c, job: { ...c.job, ...fields } } : c)) });
    } else scheduleRefresh();
    if (job.state === 'succeeded') scheduleRefresh();
  }

  function applyExport(exp: Export) {
    const { view } = get();
    if (!view || exp.projectId !== view.project.id) return;
    set({ view: { ...view, exports: [exp, ...view.exports.filter((e) => e.id !== exp.id)] } });
  }

  async function setClipPatch(clipId: string, patch: ClipPatch) {
    const clip = await saving(() => studio.api['clips.update']({ clipId, ...patch }));
    const { view } = get();
    if (view) set({ view: patchClips(view, (c) => (c.id === clipId ? { ...c, ...clip } : c)) });
  }

  async function setSettings(patch: SettingsPatch) {
    const { projectId, view } = current();
    const settings: TimelineSettings = await saving(() => studio.api['timeline.update']({ projectId, ...patch }));
    set({ view: { ...view, settings } });
  }

  async function setOrder(order: string[]) {
    const { projectId } = current();
    await saving(() => studio.api['clips.reorder']({ projectId, clipIds: order }));
    await get().refresh();
  }

  async function setTrim(clipId: string, inS: number, outS: number | null) {
    await saving(() => studio.api['clips.trim']({ clipId, inS, outS }));
    const { view } = get();
    if (view) set({ view: patchClips(view, (c) => (c.id === clipId ? { ...c, trimInS: inS, trimOutS: outS } : c)) });
  }

  async function setApproval(clipId: string, takeId: string) {
    await saving(() => studio.api['takes.approve']({ clipId, takeId }));
    await get().refresh();
  }

  function reportImport(results: ImportFileResult[]) {
    const failures = results.filter((r) => !r.ok);
    const ok = results.length - failures.length;
    for (const failure of failures) if (!failure.ok) useToasts.getState().push({ kind: 'error', message: failure.error.message });
    if (ok > 0) useToasts.getState().push({ kind: 'success', message: `Imported ${ok} ${ok === 1 ? 'photo' : 'photos'}.` });
    set({ importing: null });
  }

  return {
    projectId: null,
    view: null,
    tracks: [],
    status: 'idle',
    error: null,
    importing: null,
    selectedClipId: null,

    async open(projectId) {
      if (get().projectId !== projectId) set({ projectId, view: null, status: 'loading', error: null, selectedClipId: null });
      try {
        const [view, tracks] = await Promise.all([studio.api['editor.open']({ projectId }), studio.api['music.list']({})]);
        if (get().projectId === projectId) set({ view, tracks, status: 'ready' });
      } catch (error) {
        set({ status: 'error', error: error instanceof Error ? error.message : String(error) });
      }
    },

    async refresh() {
      const projectId = get().projectId;
      if (!projectId) return;
      try {
        const view = await studio.api['editor.open']({ projectId });
        if (get().projectId === projectId) set({ view });
      } catch (error) {
        toastError(error);
      }
    },

    applyEvent(event) {
      const projectId = get().projectId;
      if (!projectId) return;
      if (event.type === 'job.updated') applyJob(event.payload);
      else if (event.type === 'export.progress') applyExport(event.payload);
      else if (event.type === 'import.progress' && event.payload.projectId === projectId) {
        const p = event.payload;
        if (p.status !== 'importing') {
          set({ importing: { total: p.total, done: p.completed, failures: get().importing?.failures ?? [] } });
          scheduleRefresh(150);
        }
      } else if (event.type === 'clips.changed' && event.payload.projectId === projectId) scheduleRefresh();
    },

    select: (clipId) => set({ selectedClipId: clipId }),

    async importDropped(files) {
      const { projectId } = current();
      if (files.length === 0) return;
      set({ importing: { total: files.length, done: 0, failures: [] } });
      try {
        const results = await importFiles(projectId, files, {
          transport: studio.transport,
          importPaths: (input) => studio.api['media.importPaths'](input),
          upload: { token: studio.kind === 'bridge' ? takeBridgeToken(window.location) : '' },
        });
        await get().refresh();
        reportImport(results);
      } catch (error) {
        set({ importing: null });
        toastError(error);
      }
    },

    async importWithDialog() {
      const { projectId } = current();
      const paths = (await studio.transport.choosePhotos?.()) ?? [];
      if (paths.length === 0) return;
      set({ importing: { total: paths.length, done: 0, failures: [] } });
      try {
        const batch = await studio.api['media.importPaths']({ projectId, paths });
        await get().refresh();
        reportImport(batch.results);
      } catch (error) {
        set({ importing: null });
        toastError(error);
      }
    },

    async updateClip(clipId, patch) {
      const before = get().view?.clips.find((c) => c.id === clipId);
      await setClipPatch(clipId, patch);
      if (!before) return;
      const previous: ClipPatch = {};
      if (patch.prompt !== undefined) previous.prompt = before.prompt;
      if (patch.durationS !== undefined) previous.durationS = before.durationS;
      if (patch.motion !== undefined) previous.motion = before.motion;
      useHistory.getState().record({ label: 'Edit clip', undo: () => setClipPatch(clipId, previous), redo: () => setClipPatch(clipId, patch) });
    },

    async deleteClips(clipIds) {
      await saving(() => studio.api['clips.delete']({ clipIds }));
      await get().refresh();
    },

    async generate(clipIds) {
      if (clipIds.length === 0) return;
      try {
        await studio.api['generate.clips']({ clipIds, provider: 'local' });
        await get().refresh();
      } catch (error) {
        toastError(error);
      }
    },

    async cancelJob(jobId) {
      await studio.api['jobs.cancel']({ jobId }).catch(toastError);
      await get().refresh();
    },

    async approve(clipId, takeId) {
      const before = get().view?.clips.find((c) => c.id === clipId)?.takes.find((t) => t.approved)?.id;
      await setApproval(clipId, takeId);
      if (before && before !== takeId) {
        useHistory.getState().record({ label: 'Approve take', undo: () => setApproval(clipId, before), redo: () => setApproval(clipId, takeId) });
      }
    },

    async reorderTimeline(approvedIds) {
      const { view } = current();
      const before = view.clips.map((c) => c.id);
      const order = fullOrderFor(view.clips, approvedIds);
      set({ view: { ...view, clips: order.map((id) => view.clips.find((c) => c.id === id)!) } });
      await setOrder(order);
      useHistory.getState().record({ label: 'Reorder', undo: () => setOrder(before), redo: () => setOrder(order) });
    },

    async trim(clipId, inS, outS) {
      const before = get().view?.clips.find((c) => c.id === clipId);
      await setTrim(clipId, inS, outS);
      if (before) {
        useHistory.getState().record({ label: 'Trim', undo: () => setTrim(clipId, before.trimInS, before.trimOutS), redo: () => setTrim(clipId, inS, outS) });
      }
    },

    async updateSettings(patch) {
      const before = current().view.settings;
      await setSettings(patch);
      const previous: SettingsPatch = {};
      if (patch.transition) previous.transition = before.transition;
      if (patch.music !== undefined) previous.music = before.music;
      if (patch.output) previous.output = before.output;
      useHistory.getState().record({ label: 'Change settings', undo: () => setSettings(previous), redo: () => setSettings(patch) });
    },

    async startExport() {
      const { projectId } = current();
      try {
        applyExport(await studio.api['exports.start']({ projectId }));
      } catch (error) {
        toastError(error);
      }
    },

    async cancelExport(exportId) {
      await studio.api['exports.cancel']({ exportId }).catch(toastError);
    },
  };
});
