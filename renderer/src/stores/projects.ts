import { create } from 'zustand';
import type { ProjectSummary } from '../../../shared/api';
import { studio } from '../api/client';

interface ProjectsState {
  projects: ProjectSummary[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  load(): Promise<void>;
  create(name: string): Promise<ProjectSummary>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
}

function upsert(list: ProjectSummary[], project: ProjectSummary): ProjectSummary[] {
  const rest = list.filter((p) => p.id !== project.id);
  return [project, ...rest].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export const useProjects = create<ProjectsState>((set, get) => ({
  projects: [],
  status: 'idle',
  error: null,
  async load() {
    set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
    try {
      set({ projects: await studio.api['projects.list']({}), status: 'ready' });
    } catch (error) {
      set({ status: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  },
  async create(name) {
    const project = await studio.api['projects.create']({ name });
    set({ projects: upsert(get().projects, project) });
    return project;
  },
  async rename(id, name) {
    const project = await studio.api['projects.rename']({ id, name });
    set({ projects: upsert(get().projects, project) });
  },
  async remove(id) {
    await studio.api['projects.delete']({ id });
    set({ projects: get().projects.filter((p) => p.id !== id) });
  },
}));
