import { z } from 'zod';
import { EncoderSettingSchema, HwEncoderSchema } from '../compile';
import { defineMethods } from './define';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'bridge', 'cli']),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const AppSettings = z.object({
  /** Applied to every export: auto picks a working hardware encoder, software forces libx264. */
  encoder: EncoderSettingSchema.default('auto'),
});
export type AppSettings = z.infer<typeof AppSettings>;

export const StorageUsage = z.object({
  dataDir: z.string(),
  totalBytes: z.number(),
  mediaBytes: z.number(),
  /** What Clear cache can free: temp files, unused media and projects in the trash. */
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

export const systemMethods = defineMethods({
  'system.info': {
    input: z.object({}).strict(),
    output: AppInfo,
  },
  'system.storage': {
    input: z.object({}).strict(),
    output: StorageUsage,
  },
  /** Deletes temp files, media no clip uses and the trash; never touches a project that is not deleted. */
  'system.clearCache': {
    input: z.object({}).strict(),
    output: z.object({ freedBytes: z.number() }),
  },
  /** FFmpeg and the hardware encoders that passed a real test encode on this machine. */
  'system.encoders': {
    input: z.object({}).strict(),
    output: EncoderReport,
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
