import { database } from '../_shared/runtime/db.ts';
import { log, requireEnv } from '../_shared/runtime/env.ts';
import { serve } from '../_shared/runtime/serve.ts';
import { stripe, subtleCryptoProvider } from '../_shared/runtime/stripe.ts';
import { createStripeWebhookHandler } from './handler.ts';

serve(
  createStripeWebhookHandler({
    db: database(),
    stripe: stripe(),
    webhookSecret: requireEnv('STRIPE_WEBHOOK_SECRET'),
    cryptoProvider: subtleCryptoProvider(),
    log,
  }),
);
