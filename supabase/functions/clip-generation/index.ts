import { createClipGenerationHandler } from './handler.ts';
import { database } from '../_shared/runtime/db.ts';
import { log } from '../_shared/runtime/env.ts';
import { runway } from '../_shared/runtime/runway.ts';
import { serve } from '../_shared/runtime/serve.ts';
import { storage, userVerifier } from '../_shared/runtime/supabase.ts';

serve(
  createClipGenerationHandler({
    db: database(),
    verifyUser: userVerifier(),
    storage: storage(),
    runway: runway(),
    now: () => new Date(),
    log,
  }),
);
