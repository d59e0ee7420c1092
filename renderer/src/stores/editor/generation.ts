import type { Shape } from '../../../../shared/values';
import type { JobUpdated, MethodInput, Motion, ProviderInfo } from '../../../../shared/contract';
import { studio } from '../../transport/client';
import { saving } from '../save-status';
import { toastError } from '../toasts';
import { awaitingApproval, currentTake, isActiveJob, patchClips } from './selectors';
import { current, record, recordWhileSaving, viewOf, type Slice } from './store-kit';

type DefaultsPatch = Partial<Omit<MethodInput<'generate.setDefaults'>, 'projectId'>>;

export interface GenerationSlice {
  /** Generators the studio offers (`local` always; `runway` with the cloud). */
  providers: ProviderInfo[];
  provider: string;
  setProvider(name: string): void;
  /** Clips of the current "Generate" run, for the overall progress bar. */
  generationBatch: string[];
  generate(clipIds: string[]): Promise<void>;
  cancelJob(jobId: string): Promise<void>;
  cancelGeneration(): Promise<void>;
  approve(clipId: string, takeId: string): Promise<void>;
  approveAllReady(): Promise<void>;
  /** The project's generation defaults (motion, clip shape), undoable. */
  updateDefaults(patch: DefaultsPatch): Promise<void>;
  /** A `job.updated` event: patches the clip's job in place, or refreshes when it is news. */
  applyJob(job: JobUpdated): void;
}

/** Generating takes, following their jobs, approving takes, and the project's generation defaults. */
export const createGenerationSlice: Slice<GenerationSlice> = (set, get) => {
  async function setDefaults(projectId: string, defaults: { defaultMotion: Motion; aspect: Shape }) {
    const saved = await saving(() => studio.api['generate.setDefaults']({ projectId, ...defaults }));
    const view = viewOf(get, projectId);
    // The clip shape is the project's shape: the export's aspect follows.
    if (view) set({ view: { ...view, defaults: saved, settings: { ...view.settings, output: { ...view.settings.output, aspect: saved.aspect } } } });
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

  return {
    providers: [],
    provider: 'local',
    setProvider: (provider) => set({ provider }),
    generationBatch: [],

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
      get().scheduleRefresh(100);
    },

    async approveAllReady() {
      const { view, projectId } = current(get);
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

    async updateDefaults(patch) {
      const { view, projectId } = current(get);
      const before = { defaultMotion: view.defaults.defaultMotion, aspect: view.defaults.aspect };
      const after = { ...before, ...patch };
      if (after.defaultMotion === before.defaultMotion && after.aspect === before.aspect) return;
      await setDefaults(projectId, after);
      record(projectId, { label: 'Change generation defaults', undo: () => setDefaults(projectId, before), redo: () => setDefaults(projectId, after) });
    },

    applyJob(job) {
      const { view } = get();
      if (!view || job.projectId !== view.project.id) return;
      const clip = view.clips.find((c) => c.id === job.clipId);
      if (clip?.job?.id === job.jobId) {
        const { jobId: _id, ...fields } = job;
        set({ view: patchClips(view, (c) => (c.id === job.clipId && c.job ? { ...c, job: { ...c.job, ...fields } } : c)) });
      } else get().scheduleRefresh();
      if (job.state === 'succeeded') get().scheduleRefresh();
    },
  };
};
