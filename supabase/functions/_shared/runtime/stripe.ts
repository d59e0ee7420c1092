// The Stripe client on fetch (Deno), and the SubtleCrypto provider webhooks need under Deno.
// STRIPE_API_BASE points the client at another host (tests).
import Stripe from 'npm:stripe@19';
import { stripeFromSdk, type StripeLike } from '../stripe.ts';
import { optionalEnv, requireEnv } from './env.ts';

export function stripe(): StripeLike {
  const base = optionalEnv('STRIPE_API_BASE');
  const url = base ? new URL(base) : undefined;
  return stripeFromSdk(
    new Stripe(requireEnv('STRIPE_SECRET_KEY'), {
      httpClient: Stripe.createFetchHttpClient(),
      maxNetworkRetries: 1,
      ...(url ? { host: url.hostname, port: Number(url.port), protocol: url.protocol.replace(':', '') as 'http' | 'https' } : {}),
    }),
  );
}

export const subtleCryptoProvider = () => Stripe.createSubtleCryptoProvider();
