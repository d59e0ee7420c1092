import { z } from 'zod';
import { defineMethods } from './define';
import { ClipDuration, ClipId, Motion, Prompt } from './generate';
import { ProjectId } from './projects';

/** A media-store id: the sha256 of the content and an extension. The renderer names media only by these. */
export const MEDIA_ID_PATTERN = /^[0-9a-f]{64}\.[a-z0-9]{2,5}$/;
export const MediaId = z.string().regex(MEDIA_ID_PATTERN, 'must be a media id');

/** The Electron media protocol: echoes-media://media/<id>. The bridge serves the same ids at /media/<id>. */
export const MEDIA_SCHEME = 'echoes-media';
export const MEDIA_HOST = 'media';
export const MEDIA_ORIGIN = `${MEDIA_SCHEME}://${MEDIA_HOST}`;

/** What the importer accepts; beyond these a file is refused with a message naming the limit. */
export const MAX_IMPORT_PIXELS = 100_000_000;
/** A photo's shorter side must have at least this many pixels: motion crops and zooms need room (a 1 px photo cannot be cropped at all). */
export const MIN_PHOTO_SIDE_PX = 64;
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
export const MAX_IMPORT_FILES = 1000;

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
  prompt: z.string(),
  durationS: z.number(),
  /** null: the project's default motion. */
  motion: Motion.nullable(),
  approved: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Clip = z.infer<typeof Clip>;

export const importErrorCodes = ['EMPTY', 'TOO_LARGE', 'NOT_AN_IMAGE', 'UNSUPPORTED', 'DAMAGED', 'UNREADABLE', 'FAILED'] as const;
export const ImportErrorCode = z.enum(importErrorCodes);
export type ImportErrorCode = z.infer<typeof ImportErrorCode>;

export const ImportFileResult = z.discriminatedUnion('ok', [
  z.object({
    index: z.number().int().nonnegative(),
    file: z.string(),
    ok: z.literal(true),
    clip: Clip,
    /** Set when the project already had a clip of the same photo (stored once, shown twice). */
    duplicateOf: ClipId.optional(),
  }),
  z.object({
    index: z.number().int().nonnegative(),
    file: z.string(),
    ok: z.literal(false),
    /** `message` names the file and the reason. */
    error: z.object({ code: ImportErrorCode, message: z.string() }),
  }),
]);
export type ImportFileResult = z.infer<typeof ImportFileResult>;

export const BatchId = z.string().regex(/^[0-9a-f-]{36}$/i, 'must be a batch id');

export const ImportBatchResult = z.object({ batchId: BatchId, results: z.array(ImportFileResult) });
export type ImportBatchResult = z.infer<typeof ImportBatchResult>;

export const importStatuses = ['importing', 'imported', 'failed'] as const;

/** Payload of the `import.progress` push event: one per file as it starts and as it ends. */
export const ImportProgress = z.object({
  projectId: ProjectId,
  batchId: BatchId,
  /** 0-based place of the file in its batch. */
  index: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  file: z.string(),
  status: z.enum(importStatuses),
  /** Files of the batch finished so far (imported or failed). */
  completed: z.number().int().nonnegative(),
  clipId: ClipId.optional(),
  error: z.string().optional(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

const FilePath = z
  .string({ error: 'a path must be text' })
  .min(1, 'a path must not be empty')
  .max(4096, 'a path must be at most 4096 characters');

export const mediaMethods = defineMethods({
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
  /** Imports files named by path (Electron file dialog, drag and drop); one result per file, in order. */
  'media.importPaths': {
    input: z
      .object({
        projectId: ProjectId,
        paths: z
          .array(FilePath)
          .min(1, 'choose at least one file')
          .max(MAX_IMPORT_FILES, `at most ${MAX_IMPORT_FILES} files at once`),
        /** Chosen by the caller so it can follow this batch's progress events while the call runs. */
        batchId: BatchId.optional(),
      })
      .strict(),
    output: ImportBatchResult,
  },
});

