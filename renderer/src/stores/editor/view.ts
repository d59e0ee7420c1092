import type { BundledTrack, EditorView, ProviderInfo, StudioEvent } from '../../../../shared/contract';
import { studio } from '../../transport/client';
import { errorMessage, toastError } from '../toasts';
import { isActiveJob } from './selectors';
import type { Slice } from './store-kit';

export type InspectorTab = 'transition' | 'music' | 'text' | 'export';

export interface ViewSlice {
  projectId: string | null;
  view: EditorView | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  selectedClipId: string | null;
  inspectorTab: InspectorTab;
  setInspectorTab(tab: InspectorTab): void;
  open(projectId: string): Promise<void>;
  refresh(): Promise<void>;
  /** Refreshes a moment later, once: many events in a row cost one call. */
  scheduleRefresh(delayMs?: number): void;
  applyEvent(event: StudioEvent): void;
  select(clipId: string | null): void;
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

let refreshTimer: ReturnType<typeof setTimeout> | null = null;

/** The open project: loading it, keeping it current with the studio's events, the selection and the inspector's tab. */
export const createViewSlice: Slice<ViewSlice> = (set, get) => ({
  projectId: null,
  view: null,
  status: 'idle',
  error: null,
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
      if (get().projectId === projectId) {
        set({ view, tracks, providers, provider, status: 'ready' });
        void get().findBeats();
      }
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
      void get().findBeats();
    } catch (error) {
      toastError(error, { retry: () => void get().refresh() });
    }
  },

  scheduleRefresh(delayMs = 250) {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void get().refresh(), delayMs);
  },

  applyEvent(event) {
    const projectId = get().projectId;
    if (!projectId) return;
    if (event.type === 'job.updated') get().applyJob(event.payload);
    else if (event.type === 'export.progress') get().applyExport(event.payload);
    else if (event.type === 'clips.changed' && event.payload.projectId === projectId) get().scheduleRefresh();
  },

  select: (clipId) => set({ selectedClipId: clipId }),
});
