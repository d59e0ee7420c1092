// The desktop side of the telemetry function's body: the same limits (wire.ts), checked with zod
// before a batch leaves the app, so a bad event is dropped here instead of failing the batch there.
import { z } from 'zod';
import { TELEMETRY_KPIS, TELEMETRY_LIMITS, type TelemetryBatchBody } from '../../../supabase/functions/_shared/wire';

export const TelemetryEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kpi'), name: z.enum(TELEMETRY_KPIS), value: z.number().finite().min(0).max(1e9), at: z.string() }).strict(),
  z
    .object({
      kind: z.literal('error'),
      name: z.string().min(1).max(TELEMETRY_LIMITS.nameMax),
      message: z.string().min(1).max(TELEMETRY_LIMITS.messageMax),
      stack: z.string().max(TELEMETRY_LIMITS.stackMax).optional(),
      at: z.string(),
    })
    .strict(),
]);
export type TelemetryEvent = z.infer<typeof TelemetryEvent>;

export const TelemetryBatch = z
  .object({
    appVersion: z.string().min(1).max(TELEMETRY_LIMITS.versionMax),
    os: z.string().min(1).max(TELEMETRY_LIMITS.osMax),
    events: z.array(TelemetryEvent).min(1).max(TELEMETRY_LIMITS.maxEvents),
  })
  .strict() satisfies z.ZodType<TelemetryBatchBody>;
export type TelemetryBatch = z.infer<typeof TelemetryBatch>;
