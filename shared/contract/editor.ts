import { z } from 'zod';
import { Clip } from './clips';
import { defineMethods } from './define';
import { Export } from './export';
import { GenerationDefaults, Job, Take } from './generate';
import { ProjectId } from './ids';
import { ProjectSummary } from './projects';
import { MusicBeats, TimelineSettings, TransitionSchema } from './timeline';

export const EditorClip = Clip.extend({
  trimInS: z.number(),
  trimOutS: z.number().nullable(),
  /** The transition into the next timeline clip; null = the project's. */
  transitionOut: TransitionSchema.nullable(),
  takes: z.array(Take),
  /** The clip's newest generation job, if any. */
  job: Job.nullable(),
});
export type EditorClip = z.infer<typeof EditorClip>;

/** Everything the project editor shows, in one call. */
export const EditorView = z.object({
  project: ProjectSummary,
  defaults: GenerationDefaults,
  settings: TimelineSettings,
  clips: z.array(EditorClip),
  exports: z.array(Export),
  /** The music's beats if this device has found them already (music.beats finds them); null otherwise. */
  beats: MusicBeats.nullable(),
});
export type EditorView = z.infer<typeof EditorView>;

export const editorMethods = defineMethods({
  'editor.open': {
    input: z.object({ projectId: ProjectId }).strict(),
    output: EditorView,
  },
});
