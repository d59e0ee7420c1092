import { z } from 'zod';
import { defineEvents } from './define';
import { Export } from './export';
import { cloudEvents } from './cloud';
import { JobUpdated } from './generate';
import { ImportProgress } from './media';
import { PreviewPieceUpdate } from './preview';
import { ShellCommand } from './system';
import { updateEvents } from './update';

/** Server-to-renderer push events. Features add their payload schemas here. */
export const studioEvents = defineEvents({
  'job.updated': JobUpdated,
  'projects.changed': z.object({ projectId: z.string().optional() }),
  'import.progress': ImportProgress,
  'export.progress': Export,
  'clips.changed': z.object({ projectId: z.string() }),
  'preview.piece': PreviewPieceUpdate,
  /** The desktop shell's menus and dock: what the page should do (shared/contract/system.ts). */
  'shell.command': ShellCommand,
  ...cloudEvents,
  ...updateEvents,
});
