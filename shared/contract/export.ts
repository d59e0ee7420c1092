import { z } from 'zod';
import { OutputSettingsSchema } from '../output';
import { exportStates } from '../values';
import { defineMethods } from './define';
import { ExportId, MediaId, ProjectId } from './ids';

export const Export = z.object({
  id: ExportId,
  projectId: ProjectId,
  state: z.enum(exportStates),
  /** 0-100. */
  progress: z.number(),
  etaS: z.number().nullable(),
  message: z.string(),
  settings: OutputSettingsSchema,
  /** The finished video in the media store (play it by this id). */
  mediaId: MediaId.nullable(),
  durationS: z.number().nullable(),
  sizeBytes: z.number().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Export = z.infer<typeof Export>;

export const exportMethods = defineMethods({
  /** Compiles the approved clips in order with the project's settings; progress comes as `export.progress` events. */
  'exports.start': {
    input: z.object({ projectId: ProjectId }).strict(),
    output: Export,
  },
  'exports.cancel': {
    input: z.object({ exportId: ExportId }).strict(),
    output: Export,
  },
  /** Electron: asks where to save a copy. Returns null when the creator cancels the dialog. */
  'exports.saveAs': {
    input: z.object({ exportId: ExportId }).strict(),
    output: z.object({ path: z.string() }).nullable(),
  },
  /** Electron: reveals the exported video, the file saved with Save As or else a copy named after the project (never the media store's hash-named file). */
  'exports.showInFolder': {
    input: z.object({ exportId: ExportId }).strict(),
    output: z.object({ shown: z.boolean() }),
  },
  /** Electron: drags that same file out of the app (webContents.startDrag); call from the page's dragstart. */
  'exports.startDrag': {
    input: z.object({ exportId: ExportId }).strict(),
    output: z.object({ started: z.boolean() }),
  },
});
