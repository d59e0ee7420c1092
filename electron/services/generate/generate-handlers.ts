import type { generateMethods } from '../../../shared/contract/generate';
import type { EventBus } from '../rpc/event-bus';
import type { Handlers } from '../rpc/handlers';
import type { GenerationService } from './generation-service';
import { toJob } from './job-repository';

export function generateHandlers(generation: GenerationService, events: EventBus) {
  const { registry, queue, jobs, takes, settings } = generation;
  const approvalChanged = (projectId: string) => {
    events.emit({ type: 'clips.changed', payload: { projectId } });
    events.emit({ type: 'projects.changed', payload: { projectId } });
  };
  return {
    'generate.providers': () =>
      registry.list().map((p) => ({ name: p.name, label: p.label, kind: p.kind, concurrency: generation.concurrencyOf(p) })),
    'generate.clips': (input) => ({ jobs: generation.enqueue(input) }),
    'generate.remake': ({ clipIds }) => ({ jobs: generation.remake(clipIds) }),
    'jobs.list': ({ projectId, activeOnly }) => {
      settings.defaults(projectId);
      return jobs.listByProject(projectId, activeOnly).map(toJob);
    },
    'jobs.cancel': ({ jobId }) => queue.cancel(jobId),
    'takes.list': ({ clipId }) => takes.list(clipId),
    'takes.approve': ({ clipId, takeId }) => {
      const { take, projectId } = takes.approve(clipId, takeId);
      approvalChanged(projectId);
      return take;
    },
    'takes.unapprove': ({ clipId }) => {
      const { takes: list, projectId } = takes.unapprove(clipId);
      approvalChanged(projectId);
      return list;
    },
    'generate.defaults': ({ projectId }) => settings.defaults(projectId),
    'generate.setDefaults': ({ projectId, defaultMotion, aspect }) => {
      const defaults = settings.setDefaults(projectId, defaultMotion, aspect);
      events.emit({ type: 'projects.changed', payload: { projectId } });
      return defaults;
    },
  } satisfies Pick<Handlers, keyof typeof generateMethods>;
}
