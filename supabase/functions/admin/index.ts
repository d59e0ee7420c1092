import { createAdminHandler } from './handler.ts';
import { database } from '../_shared/runtime/db.ts';
import { log, optionalEnv } from '../_shared/runtime/env.ts';
import { serve } from '../_shared/runtime/serve.ts';
import { storage } from '../_shared/runtime/supabase.ts';

serve(
  createAdminHandler({
    db: database(),
    adminPassword: optionalEnv('ADMIN_PASSWORD'),
    trustedProxyHops: Number(optionalEnv('ADMIN_TRUSTED_PROXY_HOPS') ?? 1),
    storage: storage(),
    now: () => new Date(),
    log,
  }),
);
