// Contract checks against the real services, only where a real key is given. Without one
// each reports itself skipped with that reason. Both calls cost nothing.
import { randomUUID } from 'node:crypto';
import RunwayML, { NotFoundError } from '@runwayml/sdk';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { runwayFromSdk } from '../../supabase/functions/_shared/runway';

const runwayKey = process.env.RUNWAYML_API_SECRET;
const stripeKey = process.env.STRIPE_SECRET_KEY;

describe('real Runway API', () => {
  it.skipIf(!runwayKey)('(skipped: RUNWAYML_API_SECRET not set) accepts our key and version header; unknown tasks are 404', async () => {
    const runway = runwayFromSdk(new RunwayML({ apiKey: runwayKey!, maxRetries: 0 }));
    await expect(runway.tasks.retrieve(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('real Stripe API', () => {
  it.skipIf(!stripeKey?.startsWith('sk_test_'))('(skipped: STRIPE_SECRET_KEY with a test key not set) creates a Checkout Session as create-checkout does', async () => {
    const stripe = new Stripe(stripeKey!);
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 999, product_data: { name: 'Starter: 10 Echoes credits' } } }],
      metadata: { user_id: randomUUID(), pack_id: 'starter', credits: '10' },
      success_url: 'https://example.com/functions/v1/checkout-return?status=success&session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://example.com/functions/v1/checkout-return?status=cancelled',
    });
    expect(session.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    await stripe.checkout.sessions.expire(session.id);
  });
});
