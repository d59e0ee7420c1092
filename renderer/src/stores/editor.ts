import { create } from 'zustand';
import type {
  Aspect,
  BundledTrack,
  Clip,
  EditorClip,
  EditorView,
  Export,
  ImportFileResult,
  JobUpdated,
  MethodInput,
  Motion,
  ProviderInfo,
  StudioEvent,
  TimelineSettings,
} from '../../../shared/api';
import { studio } from '../api/client';
import { takeBridgeToken } from '../api/bridge-transport';
import { importFiles } from '../api/upload';
import { currentTake } from '../screens/editor/status';
import { projectScope, useHistory, type Edit } from './history';
import { saving } from './save-status';
import { describeExportFailure, fixesForExport, type ExportFixActions } from './fixes';
import { errorMessage, toastError, useToasts } from './toasts';

export interface ImportState {
  total: number;
  done: number;
  /** The file being read now, for "Importing beach.jpg (3 of 12)". */
  current: string | null;
  /** Present while the import can still be stopped (uploads over the bridge). */
  cancel: (() => void) | null;
}

export interface ImportFailure {
  file: string;
  message: string;
}

export type InspectorTab = 'transition' | 'music' | 'export';

type ClipPatch = Omit<MethodInput<'clips.update'>, 'clipId'>;
type SettingsPatch = Omit<MethodInput<'timeline.update'>, 'projectId'>;
type DefaultsPatch = Partial<Omit<MethodInput<'projects.setGenerationDefaults'>, 'projectId'>>;

interface EditorState {
  projectId: string | null;
  view: EditorView | null;
  tracks: BundledTrack[];
  /** Generators the studio offers (`local` always; `runway` with the cloud). */
  providers: ProviderInfo[];
  provider: string;
  setProvider(name: string): void;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  importing: ImportState | null;
  /** What the last import could not take, shown next to the drop zone until dismissed. */
  importFailures: ImportFailure[];
  /** Clips of the current "Generate" run, for the overall progress bar. */
  generationBatch: string[];
  selectedClipId: string | null;
  inspectorTab: InspectorTab;
  setInspectorTab(tab: InspectorTab): void;
  open(projectId: string): Promise<void>;
  refresh(): Promise<void>;
  applyEvent(event: StudioEvent): void;
  select(clipId: string | null): void;
  importDropped(files: File[]): Promise<void>;
  importWithDialog(): Promise<void>;
  dismissImportFailures(): void;
  updateClip(clipId: string, patch: ClipPatch): Promise<void>;
  deleteClips(clipIds: string[]): Promise<void>;
  generate(clipIds: string[]): Promise<void>;
  cancelJob(jobId: string): Promise<void>;
  cancelGeneration(): Promise<void>;
  approve(clipId: string, takeId: string): Promise<void>;
  approveAllReady(): Promise<void>;
  reorderTimeline(approvedIds: string[]): Promise<void>;
  trim(clipId: string, inS: number, outS: number | null): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<void>;
  /** The project's generation defaults (motion, clip shape), undoable. */
  updateDefaults(patch: DefaultsPatch): Promise<void>;
  startExport(): Promise<void>;
  /** Regenerate / remove the clip a failed export names, or export again. */
  exportFixActions(): ExportFixActions;
  cancelExport(exportId: string): Promise<void>;
}

/** The timeline order of every clip when the approved ones take `approvedIds`' order in their own slots. */
export function fullOrderFor(clips: EditorClip[], approvedIds: string[]): string[] {
  const queue = [...approvedIds];
  return clips.map((clip) => (clip.approved ? (queue.shift() ?? clip.id) : clip.id));
}

export const isActiveJob = (clip: EditorClip) => clip.job?.state === 'queued' || clip.job?.state === 'running';

/** Ready clips whose take nobody has approved yet. */
export const awaitingApproval = (clips: EditorClip[]) => clips.filter((c) => !c.approved && c.takes.length > 0 && !isActiveJob(c));

function patchClips(view: EditorView, update: (clip: EditorClip) => EditorClip): EditorView {
  return { ...view, clips: view.clips.map(update) };
}

/** A freshly imported clip as the editor shows it until the next full refresh. */
function asEditorClip(clip: Clip): EditorClip {
  return { ...clip, trimInS: 0, trimOutS: null, takes: [], job: null };
}

let refreshTimer: ReturnType<typeof setTimeout> | null = null;

/** Records an edit in its project's own history, so undo never touches another project. */
function record(projectId: string, edit: Omit<Edit, 'scope'>) {
  useHistory.getState().record({ ...edit, scope: projectScope(projectId) });
}

/**
 * Records an edit as soon as it starts, for edits whose save takes a while (removals, approvals):
 * Ctrl+Z pressed before the save has answered waits for it and then undoes it, instead of finding
 * nothing to undo (or undoing the edit before). Answers once the edit's own save has.
 */
async function recordWhileSaving(projectId: string, edit: Omit<Edit, 'scope'>, work: Promise<unknown>): Promise<void> {
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  record(projectId, { ...edit, undo: () => settled.then(edit.undo) });
  await work;
}

/** Fixed for the app's lifetime: asked once, then every project opens with one call fewer. */
let catalog: Promise<{ tracks: BundledTrack[]; providers: ProviderInfo[] }> | null = null;
function loadCatalog() {
  catalog ??= Promise.all([studio.api['music.list']({}), studio.api['generate.providers']({})])
    .then(([tracks, providers]) => ({ tracks, providers }))
    .catch((error: unknown) => {
      catalog = null;
      throw error;
    });
  return catalog;
}

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
    const known = view.exports.find((e) => e.id === exp.id);
    // An export that fails at once can send its last event before exports.start has answered: the
    // answer (still `running`) must not bring a finished export back to life.
    if (known && known.state !== 'running') return;
    const wasRunning = known?.state === 'running';
    set({ view: { ...view, exports: [exp, ...view.exports.filter((e) => e.id !== exp.id)] } });
    if (!wasRunning) return;
    const toasts = useToasts.getState();
    if (exp.state === 'succeeded') {
      toasts.push({ kind: 'success', message: 'Your video is ready.', actions: [{ label: 'Show', run: () => set({ inspectorTab: 'export' }) }] });
    } else if (exp.state === 'failed') {
      toasts.push({ kind: 'error', message: `Export failed: ${describeExportFailure(exp.message, clipNameOf)}`, actions: fixesForExport(exp.message, exportFixActions()) });
    }
  }

  const clipNameOf = (clipId: string) => get().view?.clips.find((c) => c.id === clipId)?.sourceName ?? null;

  /** What the fixes of a failed export do: export again, regenerate the clip it names, or remove that clip. */
  function exportFixActions(): ExportFixActions {
    return {
      retry: () => void get().startExport(),
      regenerate: (clipId) => {
        set({ selectedClipId: clipId });
        void get().generate([clipId]);
      },
      remove: (clipId) => void get().deleteClips([clipId]).catch(toastError),
      hasClip: (clipId) => Boolean(get().view?.clips.some((c) => c.id === clipId)),
    };
  }

  /** Adds an imported clip at once, so cards appear one by one while the rest are still uploading. */
  function addImportedClip(clip: Clip) {
    const { view } = get();
    if (!view || clip.projectId !== view.project.id || view.clips.some((c) => c.id === clip.id)) return;
    set({ view: { ...view, clips: [...view.clips, asEditorClip(clip)] } });
  }

  async function setClipPatch(clipId: string, patch: ClipPatch) {
    const clip = await saving(() => studio.api['clips.update']({ clipId, ...patch }));
    const { view } = get();
    if (view) set({ view: patchClips(view, (c) => (c.id === clipId ? { ...c, ...clip } : c)) });
  }

  /** The view, if it still shows `projectId` (an answer can arrive after the creator opened another project). */
  const viewOf = (projectId: string) => {
    const { view } = get();
    return view && view.project.id === projectId ? view : null;
  };

  async function setSettings(projectId: string, patch: SettingsPatch) {
    const settings: TimelineSettings = await saving(() => studio.api['timeline.update']({ projectId, ...patch }));
    const view = viewOf(projectId);
    if (view) set({ view: { ...view, settings } });
  }

  async function setOrder(projectId: string, order: string[]) {
    await saving(() => studio.api['clips.reorder']({ projectId, clipIds: order }));
    if (viewOf(projectId)) await get().refresh();
  }

  async function setDefaults(projectId: string, defaults: { defaultMotion: Motion; aspect: Aspect }) {
    const saved = await saving(() => studio.api['projects.setGenerationDefaults']({ projectId, ...defaults }));
    const view = viewOf(projectId);
    if (view) set({ view: { ...view, defaults: saved } });
  }

  async function setTrim(clipId: string, inS: number, outS: number | null) {
    await saving(() => studio.api['clips.trim']({ clipId, inS, outS }));
    const { view } = get();
    if (view) set({ view: patchClips(view, (c) => (c.id === clipId ? { ...c, trimInS: inS, trimOutS: outS } : c)) });
  }

  /** Approves `takeId`, or no take at all (the clip leaves the timeline) when it is null. */
  async function setApproval(clipId: string, takeId: string | null) {
    if (takeId) await saving(() => studio.api['takes.approve']({ clipId, takeId }));
    else await saving(() => studio.api['takes.unapprove']({ clipId }));
    // Show it at once; the refresh brings the server's view (order, durations) a moment later.
    const { view } = get();
    if (view) {
      set({
        view: patchClips(view, (c) =>
          c.id === clipId ? { ...c, approved: takeId !== null, takes: c.takes.map((t) => ({ ...t, approved: t.id === takeId })) } : c,
        ),
      });
    }
  }

  async function setApprovals(approvals: ReadonlyArray<readonly [clipId: string, takeId: string | null]>) {
    try {
      for (const [clipId, takeId] of approvals) await setApproval(clipId, takeId);
    } finally {
      await get().refresh();
    }
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

  function finishImport(results: ImportFileResult[], cancelled: boolean) {
    const imported = results.filter((r) => r.ok).length;
    const failures = results.flatMap((r) => (r.ok || (cancelled && r.error.message.endsWith('the upload was cancelled')) ? [] : [{ file: r.file, message: r.error.message }]));
    set({ importing: null, importFailures: failures });
    const photos = `${imported} ${imported === 1 ? 'photo' : 'photos'}`;
    if (cancelled) useToasts.getState().push({ kind: 'info', message: `Import stopped: ${photos} imported.` });
    else if (imported > 0) useToasts.getState().push({ kind: 'success', message: `Imported ${photos}.` });
  }

  function setImportProgress(done: number, current: string | null) {
    const importing = get().importing;
    if (importing) set({ importing: { ...importing, done: Math.max(importing.done, done), current } });
  }

  return {
    projectId: null,
    view: null,
    tracks: [],
    providers: [],
    provider: 'local',
    setProvider: (provider) => set({ provider }),
    status: 'idle',
    error: null,
    importing: null,
    importFailures: [],
    generationBatch: [],
    selectedClipId: null,
    inspectorTab: 'transition',
    setInspectorTab: (inspectorTab) => set({ inspectorTab }),

    async open(projectId) {
      if (get().projectId !== projectId) {
        set({ projectId, view: null, status: 'loading', error: null, selectedClipId: null, importFailures: [], generationBatch: [] });
      }
      try {
        const [view, { tracks, providers }] = await Promise.all([studio.api['editor.open']({ projectId }), loadCatalog()]);
        const provider = providers.some((p) => p.name === get().provider) ? get().provider : 'local';
        if (get().projectId === projectId) set({ view, tracks, providers, provider, status: 'ready' });
      } catch (error) {
        if (get().projectId === projectId) set({ status: 'error', error: errorMessage(error) });
      }
    },

    async refresh() {
      const projectId = get().projectId;
      if (!projectId) return;
      try {
        const view = await studio.api['editor.open']({ projectId });
        if (get().projectId !== projectId) return;
        const batch = get().generationBatch;
        const stillRunning = view.clips.some((c) => batch.includes(c.id) && isActiveJob(c));
        // An export that finished while this answer was on its way is not running any more.
        const finished = new Map((get().view?.exports ?? []).filter((e) => e.state !== 'running').map((e) => [e.id, e]));
        const exports = view.exports.map((e) => (e.state === 'running' ? (finished.get(e.id) ?? e) : e));
        set({ view: { ...view, exports }, ...(stillRunning ? {} : { generationBatch: [] }) });
      } catch (error) {
        toastError(error, { retry: () => void get().refresh() });
      }
    },

    applyEvent(event) {
      const projectId = get().projectId;
      if (!projectId) return;
      if (event.type === 'job.updated') applyJob(event.payload);
      else if (event.type === 'export.progress') applyExport(event.payload);
      else if (event.type === 'clips.changed' && event.payload.projectId === projectId) scheduleRefresh();
    },

    select: (clipId) => set({ selectedClipId: clipId }),

    async importDropped(files) {
      const { projectId } = current();
      if (files.length === 0 || get().importing) return;
      const controller = new AbortController();
      set({ importing: { total: files.length, done: 0, current: files[0]?.name ?? null, cancel: () => controller.abort() }, importFailures: [] });
      try {
        const results = await importFiles(projectId, files, {
          transport: studio.transport,
          importPaths: (input) => studio.api['media.importPaths'](input),
          upload: { token: studio.kind === 'bridge' ? takeBridgeToken(window.location) : '', signal: controller.signal },
          onResult: (result) => {
            if (result.ok) addImportedClip(result.clip);
            setImportProgress(result.index + 1, files[result.index + 1]?.name ?? null);
          },
        });
        await get().refresh();
        finishImport(results, controller.signal.aborted);
      } catch (error) {
        set({ importing: null });
        toastError(error);
      }
    },

    async importWithDialog() {
      const { projectId } = current();
      if (get().importing) return;
      const paths = (await studio.transport.choosePhotos?.()) ?? [];
      if (paths.length === 0) return;
      set({ importing: { total: paths.length, done: 0, current: null, cancel: null }, importFailures: [] });
      const batchId = crypto.randomUUID();
      const unsubscribe = studio.subscribe((event) => {
        if (event.type !== 'import.progress' || event.payload.batchId !== batchId) return;
        const p = event.payload;
        setImportProgress(p.completed, p.status === 'importing' ? p.file : null);
        if (p.status === 'imported') scheduleRefresh(150);
      });
      try {
        const batch = await studio.api['media.importPaths']({ projectId, paths, batchId });
        await get().refresh();
        finishImport(batch.results, false);
      } catch (error) {
        set({ importing: null });
        toastError(error);
      } finally {
        unsubscribe();
      }
    },

    dismissImportFailures: () => set({ importFailures: [] }),

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
      const { projectId } = current();
      const label = clipIds.length === 1 ? 'Remove clip' : `Remove ${clipIds.length} clips`;
      await recordWhileSaving(projectId, { label, undo: () => restoreClips(clipIds), redo: () => removeClips(clipIds) }, removeClips(clipIds));
    },

    async generate(clipIds) {
      if (clipIds.length === 0) return;
      try {
        await studio.api['generate.clips']({ clipIds, provider: get().provider });
        set({ generationBatch: [...new Set([...get().generationBatch, ...clipIds])] });
        await get().refresh();
      } catch (error) {
        toastError(error, { retry: () => void get().generate(clipIds) });
      }
    },

    async cancelJob(jobId) {
      await studio.api['jobs.cancel']({ jobId }).catch(toastError);
      await get().refresh();
    },

    async cancelGeneration() {
      const active = (get().view?.clips ?? []).filter(isActiveJob);
      await Promise.all(active.map((c) => studio.api['jobs.cancel']({ jobId: c.job!.id }).catch(toastError)));
      await get().refresh();
    },

    async approve(clipId, takeId) {
      const clip = get().view?.clips.find((c) => c.id === clipId);
      const before = clip?.takes.find((t) => t.approved)?.id;
      const work = setApproval(clipId, takeId);
      const projectId = clip?.projectId;
      if (projectId && before !== takeId) {
        await recordWhileSaving(projectId, { label: 'Approve take', undo: () => setApproval(clipId, before ?? null), redo: () => setApproval(clipId, takeId) }, work);
      } else {
        await work;
      }
      scheduleRefresh(100);
    },

    async approveAllReady() {
      const { view, projectId } = current();
      const approvals = awaitingApproval(view.clips).flatMap((clip) => {
        const take = currentTake(clip);
        return take ? [[clip.id, take.id] as const] : [];
      });
      if (approvals.length === 0) return;
      const edit = {
        label: approvals.length === 1 ? 'Approve take' : `Approve ${approvals.length} takes`,
        undo: () => setApprovals(approvals.map(([clipId]) => [clipId, null] as const)),
        redo: () => setApprovals(approvals),
      };
      await recordWhileSaving(projectId, edit, setApprovals(approvals));
    },

    async reorderTimeline(approvedIds) {
      const { view, projectId } = current();
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

    async updateSettings(patch) {
      const { view, projectId } = current();
      const before = view.settings;
      await setSettings(projectId, patch);
      const previous: SettingsPatch = {};
      if (patch.transition) previous.transition = before.transition;
      if (patch.music !== undefined) previous.music = before.music;
      if (patch.output) previous.output = before.output;
      record(projectId, { label: 'Change settings', undo: () => setSettings(projectId, previous), redo: () => setSettings(projectId, patch) });
    },

    async updateDefaults(patch) {
      const { view, projectId } = current();
      const before = { defaultMotion: view.defaults.defaultMotion, aspect: view.defaults.aspect };
      const after = { ...before, ...patch };
      if (after.defaultMotion === before.defaultMotion && after.aspect === before.aspect) return;
      await setDefaults(projectId, after);
      record(projectId, { label: 'Change generation defaults', undo: () => setDefaults(projectId, before), redo: () => setDefaults(projectId, after) });
    },

    async startExport() {
      const { projectId } = current();
      set({ inspectorTab: 'export' });
      try {
        applyExport(await studio.api['exports.start']({ projectId }));
      } catch (error) {
        toastError(error, { retry: () => void get().startExport() });
      }
    },

    exportFixActions,

    async cancelExport(exportId) {
      await studio.api['exports.cancel']({ exportId }).catch(toastError);
    },
  };
});
