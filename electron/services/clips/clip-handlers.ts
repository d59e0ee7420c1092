import type { mediaMethods } from '../../../shared/api';
import type { EventBus } from '../api/event-bus';
import type { Handlers } from '../api/handlers';
import type { ClipRepository } from './clip-repository';

type ClipMethod = Extract<keyof typeof mediaMethods, `clips.${string}`>;

export function clipHandlers(clips: ClipRepository, events: EventBus, collectGarbage: () => Promise<string[]>) {
  const changed = (projectId: string, countChanged = false) => {
    events.emit({ type: 'clips.changed', payload: { projectId } });
    if (countChanged) events.emit({ type: 'projects.changed', payload: { projectId } });
  };
  return {
    'clips.list': ({ projectId }) => clips.list(projectId),
    'clips.update': ({ clipId, ...patch }) => {
      const clip = clips.update(clipId, patch);
      changed(clip.projectId);
      return clip;
    },
    'clips.reorder': ({ projectId, clipIds }) => {
      const list = clips.reorder(projectId, clipIds);
      changed(projectId);
      return list;
    },
    'clips.delete': async ({ clipIds }) => {
      const projects = clips.delete(clipIds);
      const freed = await collectGarbage();
      for (const projectId of projects) changed(projectId, true);
      return { deleted: [...new Set(clipIds)], freedMedia: freed.length };
    },
  } satisfies Pick<Handlers, ClipMethod>;
}
