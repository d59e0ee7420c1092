import { createLibraryHandler } from './handler.ts';
import { database } from '../_shared/runtime/db.ts';
import { log } from '../_shared/runtime/env.ts';
import { serve } from '../_shared/runtime/serve.ts';
import { storage, userVerifier } from '../_shared/runtime/supabase.ts';

serve(
  createLibraryHandler({
    db: database(),
    verifyUser: userVerifier(),
    storage: storage(),
    log,
  }),
);
