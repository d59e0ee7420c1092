import type { EventBus } from '../rpc/event-bus';
import type { projectMethods } from '../../../shared/contract';
import type { Handlers } from '../rpc/handlers';
import type { ProjectRepository } from './project-repository';

export function projectHandlers(projects: ProjectRepository, events: EventBus) {
  const changed = (projectId?: string) => events.emit({ type: 'projects.changed', payload: projectId ? { projectId } : {} });
  return {
    'projects.list': () => projects.list(),
    'projects.get': ({ id }) => projects.get(id),
    'projects.create': ({ name }) => {
      const project = projects.create(name);
      changed(project.id);
      return project;
    },
    'projects.rename': ({ id, name }) => {
      const project = projects.rename(id, name);
      changed(id);
      return project;
    },
    'projects.delete': ({ id }) => {
      projects.delete(id);
      changed(id);
      return { id };
    },
    'projects.restore': ({ id }) => {
      const project = projects.restore(id);
      changed(id);
      return project;
    },
    'projects.duplicate': ({ id, name }) => {
      const project = projects.duplicate(id, name);
      changed(project.id);
      return project;
    },
  } satisfies Pick<Handlers, keyof typeof projectMethods>;
}
