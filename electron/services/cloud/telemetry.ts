// The opt-in reports through the Echoes cloud: a batch to the telemetry function (signed in),
// with the function's answers turned into what the recorder needs to know (wait, retry, drop).
import type { SupabaseClient } from '@supabase/supabase-js';
import { SendRefused } from '../telemetry/recorder';
import type { TelemetryBatch } from '../telemetry/telemetry-batch';
import { CloudCallError, invokeFunction } from './functions';

export async function sendTelemetryBatch(client: SupabaseClient | null, batch: TelemetryBatch): Promise<void> {
  if (!client) throw new SendRefused('not signed in', undefined, true);
  try {
    await invokeFunction(client, 'telemetry', { body: batch as unknown as Record<string, unknown>, timeoutMs: 30_000 });
  } catch (error) {
    if (error instanceof CloudCallError) {
      // a batch the function refuses as malformed or too large will never pass: dropped
      const bad = error.status === 400 || error.status === 413;
      throw new SendRefused(error.message, error.retryAfterMs, !bad);
    }
    throw error;
  }
}
