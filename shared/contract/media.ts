import { z } from 'zod';
import { importErrorCodes, importStatuses, MAX_IMPORT_FILES } from '../values';
import { Clip } from './clips';
import { defineMethods } from './define';
import { BatchId, ClipId, ProjectId } from './ids';

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

export const ImportBatchResult = z.object({ batchId: BatchId, results: z.array(ImportFileResult) });
export type ImportBatchResult = z.infer<typeof ImportBatchResult>;

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

