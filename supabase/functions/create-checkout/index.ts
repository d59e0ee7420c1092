import { createCheckoutHandler } from './handler.ts';
import { database } from '../_shared/runtime/db.ts';
import { log, optionalEnv, requireEnv } from '../_shared/runtime/env.ts';
import { serve } from '../_shared/runtime/serve.ts';
import { stripe } from '../_shared/runtime/stripe.ts';
import { userVerifier } from '../_shared/runtime/supabase.ts';

serve(
  createCheckoutHandler({
    db: database(),
    verifyUser: userVerifier(),
    stripe: stripe(),
    // PUBLIC_FUNCTIONS_URL when the functions are served from a custom domain
    functionsUrl: optionalEnv('PUBLIC_FUNCTIONS_URL') ?? `${requireEnv('SUPABASE_URL')}/functions/v1`,
    log,
  }),
);
