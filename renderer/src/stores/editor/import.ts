import type { Clip, ImportFileResult } from '../../../../shared/contract';
import { studio } from '../../transport/client';
import { importFiles } from '../../transport/upload';
import { toastError, useToasts } from '../toasts';
import { asEditorClip } from './selectors';
import { current, type Slice } from './store-kit';

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

export interface ImportSlice {
  importing: ImportState | null;
  /** What the last import could not take, shown next to the drop zone until dismissed. */
  importFailures: ImportFailure[];
  importDropped(files: File[]): Promise<void>;
  importWithDialog(): Promise<void>;
  dismissImportFailures(): void;
}

/** Bringing photos in: dropped or picked files, with progress, cancel and the files that could not be taken. */
export const createImportSlice: Slice<ImportSlice> = (set, get) => {
  /** Adds an imported clip at once, so cards appear one by one while the rest are still uploading. */
  function addImportedClip(clip: Clip) {
    const { view } = get();
    if (!view || clip.projectId !== view.project.id || view.clips.some((c) => c.id === clip.id)) return;
    set({ view: { ...view, clips: [...view.clips, asEditorClip(clip)] } });
  }

  function finishImport(results: ImportFileResult[], cancelled: boolean) {
    const imported = results.filter((r) => r.ok).length;
    const failures = results.flatMap((r) => (r.ok || (cancelled && r.error.message.endsWith('the upload was cancelled')) ? [] : [{ file: r.file, message: r.error.message }]));
    set({ importing: null, importFailures: failures });
    const photos = `${imported} ${imported === 1 ? 'photo' : 'photos'}`;
    if (cancelled) useToasts.getState().push({ kind: 'info', message: `Import stopped: ${photos} imported.` });
    else if (imported > 0) useToasts.getState().push({ kind: 'success', message: `Imported ${photos}.` });
  }

  function setImportProgress(done: number, file: string | null) {
    const importing = get().importing;
    if (importing) set({ importing: { ...importing, done: Math.max(importing.done, done), current: file } });
  }

  return {
    importing: null,
    importFailures: [],

    async importDropped(files) {
      const { projectId } = current(get);
      if (files.length === 0 || get().importing) return;
      const controller = new AbortController();
      set({ importing: { total: files.length, done: 0, current: files[0]?.name ?? null, cancel: () => controller.abort() }, importFailures: [] });
      try {
        const results = await importFiles(projectId, files, {
          pathForFile: studio.capabilities.pathForFile,
          importPaths: (input) => studio.api['media.importPaths'](input),
          upload: { token: studio.capabilities.uploadToken, signal: controller.signal },
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
      const { projectId } = current(get);
      const choosePhotos = studio.capabilities.choosePhotos;
      if (get().importing || !choosePhotos) return;
      const paths = await choosePhotos();
      if (paths.length === 0) return;
      set({ importing: { total: paths.length, done: 0, current: null, cancel: null }, importFailures: [] });
      const batchId = crypto.randomUUID();
      const unsubscribe = studio.subscribe((event) => {
        if (event.type !== 'import.progress' || event.payload.batchId !== batchId) return;
        const p = event.payload;
        setImportProgress(p.completed, p.status === 'importing' ? p.file : null);
        if (p.status === 'imported') get().scheduleRefresh(150);
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
  };
};
