import { createTelemetryHandler } from './handler.ts';
import { database } from '../_shared/runtime/db.ts';
import { log, optionalEnv } from '../_shared/runtime/env.ts';
import { serve } from '../_shared/runtime/serve.ts';
import { userVerifier } from '../_shared/runtime/supabase.ts';

const limit = (name: string) => (optionalEnv(name) ? Number(optionalEnv(name)) : undefined);

serve(
  createTelemetryHandler({
    db: database(),
    verifyUser: userVerifier(),
    now: () => new Date(),
    limits: { maxBatchesPerWindow: limit('TELEMETRY_MAX_BATCHES'), maxEventsPerWindow: limit('TELEMETRY_MAX_EVENTS') },
    log,
  }),
);
