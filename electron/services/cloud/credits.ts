import type { AccountBody } from '../../../supabase/functions/_shared/wire';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { CreditsSummary } from '../../../shared/contract/cloud';
import { invokeFunction } from './functions';


export function toSummary(body: AccountBody): CreditsSummary {
  return {
    balance: body.balance,
    referralCode: body.referralCode ?? null,
    transactions: body.transactions.map((t) => ({ ...t, createdAt: new Date(t.createdAt).toISOString() })),
    packs: (body.packs ?? []).map((p) => ({ id: p.id, name: p.name, credits: p.credits, priceCents: p.price_cents, currency: p.currency })),
  };
}

/** Balance, history and packs in one call to the account function. */
export async function fetchCredits(client: SupabaseClient): Promise<CreditsSummary> {
  return toSummary(await invokeFunction<AccountBody>(client, 'account', { method: 'GET' }));
}

export async function redeemReferral(client: SupabaseClient, code: string): Promise<CreditsSummary> {
  return toSummary(await invokeFunction<AccountBody>(client, 'account', { body: { action: 'redeem_referral', code } }));
}

/**
 * A Stripe Checkout URL for a pack, to open in the system browser. The same requestId gets the
 * same Checkout session back (create-checkout passes it to Stripe as the idempotency key).
 */
export async function checkoutUrl(client: SupabaseClient, packId: string, requestId: string): Promise<string> {
  const body = await invokeFunction<{ url: string }>(client, 'create-checkout', { body: { packId, requestId } });
  return body.url;
}

/** echoes://checkout/done?session_id=... or echoes://checkout/cancelled */
export function checkoutReturn(raw: string): 'done' | 'cancelled' | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'echoes:' || url.host !== 'checkout') return null;
    return url.pathname === '/done' ? 'done' : 'cancelled';
  } catch {
    return null;
  }
}
