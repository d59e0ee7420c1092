import { z } from 'zod';
import { defineMethods } from './define';
import { ClipDuration, Motion, Prompt } from './generate';
import { ClipId, MediaId, ProjectId } from './ids';
import { TransitionSchema } from './timeline';
import { ClipFramingSchema, FocusPointSchema } from './framing';
import { CaptionText } from './text';

export { ClipFramingSchema, FocusPointSchema, type ClipFraming } from './framing';

export const Clip = z.object({
  id: ClipId,
  projectId: ProjectId,
  /** 0-based place in the project's timeline. */
  position: z.number().int().nonnegative(),
  /** The imported file's name, for display. */
  sourceName: z.string().nullable(),
  /** Normalized image (sRGB JPEG, oriented, <= 4096 px) that generation sends. */
  workingMediaId: MediaId.nullable(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  thumbMediaId: MediaId.nullable(),
  /** Stored so the UI can reserve the thumbnail's box before it loads. */
  thumbWidth: z.number().int().positive().nullable(),
  thumbHeight: z.number().int().positive().nullable(),
  /** Where the photo's subject is (found at import); null: unknown, crops use the middle. */
  focus: FocusPointSchema.nullable(),
  /** The clip's own framing; null: the project's (subject-aware, automatic fit). */
  framing: ClipFramingSchema.nullable(),
  /** Words shown under the clip in the video; null: none. */
  caption: z.string().nullable(),
  prompt: z.string(),
  durationS: z.number(),
  /** null: the project's default motion. */
  motion: Motion.nullable(),
  approved: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Clip = z.infer<typeof Clip>;

/** A card thumbnail that shows what the video shows: the clip's first frame at the project's shape. */
export const ClipPoster = z.object({ mediaId: MediaId, width: z.number().int().positive(), height: z.number().int().positive() });
export type ClipPoster = z.infer<typeof ClipPoster>;

const TrimSeconds = z.number({ error: 'trim points are seconds' }).min(0, 'trim points cannot be negative').max(3600);

export const clipMethods = defineMethods({
  'clips.list': {
    input: z.object({ projectId: ProjectId }).strict(),
    output: z.array(Clip),
  },
  'clips.update': {
    input: z
      .object({ clipId: ClipId, prompt: Prompt.optional(), durationS: ClipDuration.optional(), motion: Motion.nullable().optional() })
      .strict(),
    output: Clip,
  },
  /** clipIds must list every clip of the project exactly once, in the new order. */
  'clips.reorder': {
    input: z.object({ projectId: ProjectId, clipIds: z.array(ClipId).max(10_000) }).strict(),
    output: z.array(Clip),
  },
  /**
   * Moves the clips to the trash (all or nothing): they leave every list, the timeline and the
   * export, and their queued or running generation jobs are cancelled. They keep their media and
   * takes until the trash is purged (the next start), so `clips.restore` can undo this.
   */
  'clips.delete': {
    input: z.object({ clipIds: z.array(ClipId).min(1, 'choose at least one clip').max(10_000) }).strict(),
    output: z.object({ deleted: z.array(ClipId) }),
  },
  /**
   * Undoes `clips.delete`: brings trashed clips back at their old places, with their takes and
   * approved take (all or nothing; NOT_FOUND for a clip not in the trash). Returns them in timeline order.
   */
  'clips.restore': {
    input: z.object({ clipIds: z.array(ClipId).min(1, 'choose at least one clip').max(10_000) }).strict(),
    output: z.array(Clip),
  },
  /** outS null: play to the end of the approved take. */
  'clips.trim': {
    input: z
      .object({ clipId: ClipId, inS: TrimSeconds, outS: TrimSeconds.nullable() })
      .strict()
      .refine((t) => t.outS === null || t.outS > t.inS, { message: 'the out point must come after the in point', path: ['outS'] }),
    output: z.object({ clipId: ClipId, trimInS: z.number(), trimOutS: z.number().nullable() }),
  },
  /**
   * Each clip's first frame at the project's shape, framed as the preview and the export frame it
   * (the approved take through the export's own chain; the framed photo before there is one).
   */
  'clips.posters': {
    input: z.object({ projectId: ProjectId }).strict(),
    output: z.array(z.object({ clipId: ClipId, poster: ClipPoster.nullable() })),
  },
  /**
   * The clip's framing (fit mode, pad colour, crop box); null goes back to the project's. A device
   * take is made with it, the export and the preview fit the take with it.
   */
  'clips.setFraming': {
    input: z.object({ clipId: ClipId, framing: ClipFramingSchema.nullable() }).strict(),
    output: Clip,
  },
  /**
   * The transition from this clip into the next one on the timeline; null goes back to the
   * project's transition. It moves with the clip when the timeline is reordered.
   */
  /**
   * The clip's caption (cleaned and cut to 200 characters by the shared rule: control characters
   * removed, white space made single spaces); null or only spaces removes it.
   */
  'clips.setCaption': {
    input: z.object({ clipId: ClipId, caption: CaptionText }).strict(),
    output: z.object({ clipId: ClipId, caption: z.string().nullable() }),
  },
  'clips.setTransition': {
    input: z.object({ clipId: ClipId, transition: TransitionSchema.nullable() }).strict(),
    output: z.object({ clipId: ClipId, transitionOut: TransitionSchema.nullable() }),
  },
});
