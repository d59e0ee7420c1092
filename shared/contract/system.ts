import { z } from 'zod';
import { EncoderSettingSchema, HwEncoderSchema } from '../output';
import { defineMethods } from './define';
import { ProjectId } from './ids';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'bridge', 'cli']),
  dataDir: z.string(),
  /** The folder of the log files (<data folder>/logs). */
  logDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const AppSettings = z.object({
  /** Applied to every export: auto picks a working hardware encoder, software forces libx264. */
  encoder: EncoderSettingSchema.default('auto'),
  /** Opt-in reports (errors and the KPIs measured here): off until the creator says yes once ('ask' = not asked yet). */
  reports: z.enum(['ask', 'on', 'off']).default('ask'),
  /** Which releases auto-update follows. */
  updateChannel: z.enum(['stable', 'beta']).default('stable'),
});
export type AppSettings = z.infer<typeof AppSettings>;

export const StorageUsage = z.object({
  dataDir: z.string(),
  /** The folder of the log files (Settings › Open log folder). */
  logDir: z.string(),
  totalBytes: z.number(),
  mediaBytes: z.number(),
  /** Deleted projects waiting in the trash (Empty trash removes them for good). */
  trashProjects: z.number().int(),
});
export type StorageUsage = z.infer<typeof StorageUsage>;

export const EncoderReport = z.object({
  ffmpeg: z.object({ path: z.string(), version: z.string() }).nullable(),
  /** Why FFmpeg is unusable, with what to do. */
  problem: z.string().nullable(),
  hardware: z.array(HwEncoderSchema),
});
export type EncoderReport = z.infer<typeof EncoderReport>;

/**
 * What the desktop shell's menus, dock and jump list ask the page to do (the `shell.command` event):
 * one direction, main to renderer; the page decides how (Undo in a text field undoes the typing,
 * elsewhere the studio's own edit history).
 */
export const ShellCommand = z.discriminatedUnion('command', [
  z.object({ command: z.enum(['settings', 'export', 'undo', 'redo']) }).strict(),
  z.object({ command: z.literal('open-project'), projectId: ProjectId }).strict(),
]);
export type ShellCommand = z.infer<typeof ShellCommand>;

export const systemMethods = defineMethods({
  'system.info': {
    input: z.object({}).strict(),
    output: AppInfo,
  },
  'system.storage': {
    input: z.object({}).strict(),
    output: StorageUsage,
  },
  /** Deletes temp files and media no clip uses. Safe: every project, in the trash or not, keeps all it needs. */
  'system.clearCache': {
    input: z.object({}).strict(),
    output: z.object({ freedBytes: z.number() }),
  },
  /** Permanently deletes the projects in the trash and the media only they used (the UI asks first). */
  'system.emptyTrash': {
    input: z.object({}).strict(),
    output: z.object({ deletedProjects: z.number().int(), freedBytes: z.number() }),
  },
  /** FFmpeg and the hardware encoders that passed a real test encode on this machine. */
  'system.encoders': {
    input: z.object({}).strict(),
    output: EncoderReport,
  },
  /** Opens the log folder in the system's file manager (desktop only: opened false elsewhere). */
  'system.openLogFolder': {
    input: z.object({}).strict(),
    output: z.object({ opened: z.boolean(), path: z.string() }),
  },
  'settings.get': {
    input: z.object({}).strict(),
    output: AppSettings,
  },
  'settings.update': {
    input: AppSettings.partial().strict(),
    output: AppSettings,
  },
});
