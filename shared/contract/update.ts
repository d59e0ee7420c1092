import { z } from 'zod';
import { RENDERER_ERROR_NAMES, TELEMETRY_LIMITS } from '../values';
import { defineMethods } from './define';

/** Auto-update as the renderer sees it (electron/services/update/updater.ts). */
export const UpdateStatus = z.object({
  /** false on the bridge and the CLI, and in a build without an update host */
  enabled: z.boolean(),
  phase: z.enum(['idle', 'checking', 'up-to-date', 'downloading', 'ready', 'error']),
  currentVersion: z.string(),
  channel: z.enum(['stable', 'beta']),
  version: z.string().nullable(),
  releaseNotes: z.string().nullable(),
  /** "Restart to update" may be offered now */
  canRestart: z.boolean(),
  /** why not now: an export or a generation runs */
  blockedBy: z.string().nullable(),
  message: z.string().nullable(),
  checkedAt: z.string().nullable(),
  /** the version this run was updated to, with its notes, until dismissed */
  updatedTo: z.object({ version: z.string(), releaseNotes: z.string().nullable() }).nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const KpiReport = z
  .object({
    name: z.enum(['dashboard_first_card_ms', 'calls_per_screen', 'preview_first_frame_ms']),
    value: z.number().finite().min(0).max(1e7),
  })
  .strict();

/** An unhandled error of the page, as the renderer reports it (renderer/src/error-reports.ts cuts it to these lengths). */
export const RendererErrorReport = z
  .object({
    name: z.enum(RENDERER_ERROR_NAMES),
    message: z.string().min(1).max(TELEMETRY_LIMITS.messageMax),
    stack: z.string().max(TELEMETRY_LIMITS.stackMax).optional(),
  })
  .strict();

export const updateMethods = defineMethods({
  'update.status': { input: z.object({}).strict(), output: UpdateStatus },
  'update.check': { input: z.object({}).strict(), output: UpdateStatus },
  /** Quits and installs the downloaded update; refused (CONFLICT) while an export or a generation runs. */
  'update.restart': { input: z.object({}).strict(), output: z.object({ restarting: z.literal(true) }) },
  /** The release notes shown after an update were read. */
  'update.dismissNotes': { input: z.object({}).strict(), output: UpdateStatus },
  /** KPIs the renderer measures (time to first card, calls per screen), for the opt-in reports. */
  'reports.kpi': { input: z.object({ reports: z.array(KpiReport).min(1).max(20) }).strict(), output: z.object({ recorded: z.number().int() }) },
  /** An unhandled error of the page, for the opt-in reports (kept only when the creator said yes; redacted when sent). */
  'reports.error': { input: RendererErrorReport, output: z.object({ recorded: z.number().int() }) },
});

export const updateEvents = {
  'update.status': UpdateStatus,
};
