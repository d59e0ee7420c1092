import type { Export } from '../../../../shared/contract';
import { studio } from '../../transport/client';
import { describeExportFailure, fixesForExport, type ExportFixActions } from '../fixes';
import { toastError, useToasts } from '../toasts';
import { current, type Slice } from './store-kit';

export interface ExportSlice {
  startExport(): Promise<void>;
  /** Regenerate / remove the clip a failed export names, or export again. */
  exportFixActions(): ExportFixActions;
  cancelExport(exportId: string): Promise<void>;
  /** An `export.progress` event or an exports.start answer. */
  applyExport(exp: Export): void;
}

/** Exporting the video: start, progress, cancel, and what to do when it fails. */
export const createExportSlice: Slice<ExportSlice> = (set, get) => {
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

  return {
    async startExport() {
      const { projectId } = current(get);
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
    applyExport,
  };
};
