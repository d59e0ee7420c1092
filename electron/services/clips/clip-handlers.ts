import type { clipMethods } from '../../../shared/contract/clips';
import type { EventBus } from '../rpc/event-bus';
import type { Handlers } from '../rpc/handlers';
import type { ClipRepository } from './clip-repository';
import type { ClipPoster } from '../../../shared/contract/clips';

/** Makes the clips' posters (the export's poster service; the handlers only pass the call on). */
export type PosterSource = (projectId: string) => Promise<Array<{ clipId: string; poster: ClipPoster | null }>>;


/**
 * Clip list, edits, trims, order and the trash. Deleting emits clips.changed at once: the generation
 * service cancels the jobs of trashed clips when it sees it. Trashed clips keep their media, which
 * is freed when the trash is purged (next start), so the collector is not run here.
 */
export function clipHandlers(clips: ClipRepository, events: EventBus, posters: PosterSource) {
  const changed = (projectId: string, countChanged = false) => {
    events.emit({ type: 'clips.changed', payload: { projectId } });
    if (countChanged) events.emit({ type: 'projects.changed', payload: { projectId } });
  };
  return {
    'clips.list': ({ projectId }) => clips.list(projectId),
    'clips.posters': ({ projectId }) => {
      clips.assertProject(projectId);
      return posters(projectId);
    },
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
    'clips.delete': ({ clipIds }) => {
      const projects = clips.delete(clipIds);
      for (const projectId of projects) changed(projectId, true);
      return { deleted: [...new Set(clipIds)] };
    },
    'clips.restore': ({ clipIds }) => {
      const restored = clips.restore(clipIds);
      for (const projectId of restored.projects) changed(projectId, true);
      return restored.clips;
    },
    'clips.trim': ({ clipId, inS, outS }) => {
      const { projectId, ...trimmed } = clips.trim(clipId, inS, outS);
      changed(projectId);
      return trimmed;
    },
    'clips.setFraming': ({ clipId, framing }) => {
      const clip = clips.setFraming(clipId, framing);
      changed(clip.projectId);
      return clip;
    },
    'clips.setCaption': ({ clipId, caption }) => {
      const saved = clips.setCaption(clipId, caption);
      changed(saved.projectId);
      return { clipId, caption: saved.caption };
    },
    'clips.setTransition': ({ clipId, transition }) => {
      const { projectId, transitionOut } = clips.setTransitionOut(clipId, transition);
      changed(projectId);
      return { clipId, transitionOut };
    },
  } satisfies Pick<Handlers, keyof typeof clipMethods>;
}
