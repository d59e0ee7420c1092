import { createClipStatusHandler } from './handler.ts';
import { database } from '../_shared/runtime/db.ts';
import { log, optionalEnv } from '../_shared/runtime/env.ts';
import { runway } from '../_shared/runtime/runway.ts';
import { serve } from '../_shared/runtime/serve.ts';
import { storage, userVerifier } from '../_shared/runtime/supabase.ts';

// how long copying Runway's finished video may take (milliseconds; default 60 s)
const outputTimeoutMs = Number(optionalEnv('RUNWAY_OUTPUT_TIMEOUT_MS') ?? NaN);
// how long a sent create that never answered waits before it is refunded (milliseconds; default 10 min)
const reconcileMs = Number(optionalEnv('RUNWAY_RECONCILE_MS') ?? NaN);

serve(
  createClipStatusHandler({
    db: database(),
    verifyUser: userVerifier(),
    storage: storage(),
    runway: runway(),
    fetch: globalThis.fetch,
    ...(outputTimeoutMs > 0 ? { outputTimeoutMs } : {}),
    ...(reconcileMs > 0 ? { reconcileMs } : {}),
    now: () => new Date(),
    log,
  }),
);
