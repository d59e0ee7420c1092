import { create } from 'zustand';
import type { ProjectSummary } from '../../../shared/contract';
import { studio } from '../transport/client';
import { PROJECTS_SCOPE, useHistory, type Edit } from './history';
import { saving } from './save-status';
import { useToasts } from './toasts';
import { StudioError } from '../../../shared/contract/errors';

/** The projects.list answer early-call.ts asked for at start-up, once; null when there is none. */
function takeEarlyProjects(): Promise<ProjectSummary[]> | null {
  const pending = typeof window === 'undefined' ? undefined : window.echoesEarlyProjects;
  if (!pending) return null;
  delete window.echoesEarlyProjects;
  return pending.then((result) => {
    if (!result.ok) throw StudioError.fromData(result.error);
    return result.value as ProjectSummary[];
  });
}

export type ProjectSort = 'recent' | 'name' | 'created' | 'clips';

interface ProjectsState {
  projects: ProjectSummary[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  query: string;
  sort: ProjectSort;
  setQuery(query: string): void;
  setSort(sort: ProjectSort): void;
  load(): Promise<void>;
  /** Loads at start-up, before the first render; the dashboard's first mount then uses it instead of asking again. */
  prefetch(): Promise<void>;
  /** True once, for the first dashboard mount after prefetch(). */
  takePrefetched(): boolean;
  create(name: string): Promise<ProjectSummary>;
  rename(id: string, name: string): Promise<void>;
  duplicate(id: string): Promise<void>;
  remove(id: string): Promise<void>;
}

function upsert(list: ProjectSummary[], project: ProjectSummary): ProjectSummary[] {
  return [project, ...list.filter((p) => p.id !== project.id)];
}

export function visibleProjects(projects: ProjectSummary[], query: string, sort: ProjectSort): ProjectSummary[] {
  const q = query.trim().toLocaleLowerCase();
  const found = q ? projects.filter((p) => p.name.toLocaleLowerCase().includes(q)) : projects;
  const by: Record<ProjectSort, (a: ProjectSummary, b: ProjectSummary) => number> = {
    recent: (a, b) => b.updatedAt.localeCompare(a.updatedAt),
    created: (a, b) => b.createdAt.localeCompare(a.createdAt),
    name: (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }),
    clips: (a, b) => b.clipCount - a.clipCount,
  };
  return [...found].sort(by[sort]);
}

/** The list request in flight, so the start-up prefetch and the screen's own load share one call. */
let listing: Promise<ProjectSummary[]> | null = null;

const record = (edit: Omit<Edit, 'scope'>) => useHistory.getState().record({ ...edit, scope: PROJECTS_SCOPE });
let prefetched = false;

export const useProjects = create<ProjectsState>((set, get) => {
  const renameTo = async (id: string, name: string) => {
    const project = await saving(() => studio.api['projects.rename']({ id, name }));
    set({ projects: upsert(get().projects, project) });
  };
  const restore = async (id: string) => {
    const project = await saving(() => studio.api['projects.restore']({ id }));
    set({ projects: upsert(get().projects, project) });
  };
  const trash = async (id: string) => {
    await saving(() => studio.api['projects.delete']({ id }));
    set({ projects: get().projects.filter((p) => p.id !== id) });
  };
  return {
    projects: [],
    status: 'idle',
    error: null,
    query: '',
    sort: 'recent',
    setQuery: (query) => set({ query }),
    setSort: (sort) => set({ sort }),
    prefetch() {
      prefetched = true;
      return get().load();
    },
    takePrefetched() {
      const was = prefetched;
      prefetched = false;
      return was;
    },
    async load() {
      set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
      const request = (listing ??= (takeEarlyProjects() ?? studio.api['projects.list']({})).finally(() => (listing = null)));
      try {
        set({ projects: await request, status: 'ready' });
      } catch (error) {
        set({ status: 'error', error: error instanceof Error ? error.message : String(error) });
      }
    },
    async create(name) {
      const project = await saving(() => studio.api['projects.create']({ name }));
      set({ projects: upsert(get().projects, project) });
      record({ label: `Create ${project.name}`, undo: () => trash(project.id), redo: () => restore(project.id) });
      return project;
    },
    async rename(id, name) {
      const before = get().projects.find((p) => p.id === id)?.name;
      await renameTo(id, name);
      if (before !== undefined && before !== name.trim()) {
        record({ label: `Rename ${before}`, undo: () => renameTo(id, before), redo: () => renameTo(id, name) });
      }
    },
    async duplicate(id) {
      const copy = await saving(() => studio.api['projects.duplicate']({ id }));
      set({ projects: upsert(get().projects, copy) });
      record({ label: `Duplicate`, undo: () => trash(copy.id), redo: () => restore(copy.id) });
    },
    async remove(id) {
      const name = get().projects.find((p) => p.id === id)?.name ?? 'project';
      await trash(id);
      record({ label: `Delete ${name}`, undo: () => restore(id), redo: () => trash(id) });
      useToasts.getState().push({
        kind: 'info',
        message: `Deleted “${name}”.`,
        actions: [{ label: 'Undo', run: () => void useHistory.getState().undo(PROJECTS_SCOPE) }],
      });
    },
  };
});
