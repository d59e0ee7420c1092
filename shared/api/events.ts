import { z } from 'zod';
import { defineEvents } from './define';

/** Server-to-renderer push events. Features add their payload schemas here. */
export const studioEvents = defineEvents({
  'projects.changed': z.object({ projectId: z.string().optional() }),
});
