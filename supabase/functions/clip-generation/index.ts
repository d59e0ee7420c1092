import { createClipGenerationHandler } from './handler.ts';
import { database } from '../_shared/runtime/db.ts';
import { log, optionalEnv } from '../_shared/runtime/env.ts';
import { runway } from '../_shared/runtime/runway.ts';
import { serve } from '../_shared/runtime/serve.ts';
import { storage, userVerifier } from '../_shared/runtime/supabase.ts';

// how long a sent create that never answered waits before it is refunded (milliseconds; default 10 min)
const reconcileMs = Number(optionalEnv('RUNWAY_RECONCILE_MS') ?? NaN);

serve(
  createClipGenerationHandler({
    db: database(),
    verifyUser: userVerifier(),
    storage: storage(),
    runway: runway(),
    fetch: globalThis.fetch,
    ...(reconcileMs > 0 ? { reconcileMs } : {}),
    now: () => new Date(),
    log,
  }),
);
