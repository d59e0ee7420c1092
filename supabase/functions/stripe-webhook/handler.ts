// stripe-webhook: the signature is checked on the raw body; paid checkout sessions grant
// their pack's credits once per session (grant_credits is idempotent per session id), so
// replays and out-of-order deliveries are harmless. Everything else is acknowledged.
import type { Db } from '../_shared/db.ts';
import { CreditErrors, sqlState } from '../_shared/db.ts';
import { ApiError, handler, json, readBody, type Handler } from '../_shared/http.ts';
import type { CheckoutSessionLike, StripeLike } from '../_shared/stripe.ts';
import { isUuid } from '../_shared/validate.ts';

export interface WebhookDeps {
  db: Db;
  stripe: StripeLike;
  webhookSecret: string;
  /** Stripe.createSubtleCryptoProvider() under Deno (no sync crypto there) */
  cryptoProvider?: unknown;
  log?: (message: string, error: unknown) => void;
}

const MAX_EVENT_BYTES = 512 * 1024;

type Outcome = { action: 'granted' | 'already_granted' | 'marked' | 'ignored'; detail?: string };

async function grant(deps: WebhookDeps, session: CheckoutSessionLike): Promise<Outcome> {
  const userId = session.metadata?.user_id ?? session.client_reference_id ?? undefined;
  if (!isUuid(userId)) return { action: 'ignored', detail: 'no user on the session' };
  const row = await deps.db.query<{ credits_purchased: number; user_id: string | null }>(
    'select credits_purchased, user_id from public.payments where stripe_session_id = $1',
    [session.id],
  );
  let credits = row.rows[0]?.credits_purchased;
  if (credits === undefined) {
    // no row (it failed to insert after the session was made): the metadata we set says it
    credits = Number(session.metadata?.credits);
    if (!Number.isInteger(credits) || credits <= 0) return { action: 'ignored', detail: 'no credits on the session' };
    await deps.db.query(
      `insert into public.payments (user_id, stripe_session_id, pack_id, amount_cents, currency, credits_purchased)
       values ($1, $2, $3, $4, $5, $6) on conflict (stripe_session_id) do nothing`,
      [userId, session.id, session.metadata?.pack_id ?? 'unknown', session.amount_total ?? 1, session.currency ?? 'usd', credits],
    );
  } else if (row.rows[0]?.user_id && row.rows[0].user_id !== userId) {
    return { action: 'ignored', detail: 'session user does not match the payment' };
  }
  try {
    const { rows } = await deps.db.query<{ already_processed: boolean }>('select * from public.grant_credits($1, $2, $3)', [userId, credits, session.id]);
    return { action: rows[0]!.already_processed ? 'already_granted' : 'granted' };
  } catch (error) {
    if (sqlState(error) === CreditErrors.noProfile) return { action: 'ignored', detail: 'the account no longer exists' };
    throw error;
  }
}

async function mark(deps: WebhookDeps, session: CheckoutSessionLike, status: 'failed' | 'expired'): Promise<Outcome> {
  // never downgrade a paid session, whatever order the events arrive in
  await deps.db.query(`update public.payments set status = $2 where stripe_session_id = $1 and status = 'pending'`, [session.id, status]);
  return { action: 'marked', detail: status };
}

export function createStripeWebhookHandler(deps: WebhookDeps): Handler {
  return handler({ methods: ['POST'], log: deps.log }, async (req) => {
    const signature = req.headers.get('stripe-signature');
    if (!signature) throw new ApiError(400, 'invalid_signature', 'Missing Stripe-Signature header.');
    const raw = new TextDecoder().decode(await readBody(req, MAX_EVENT_BYTES));
    let event;
    try {
      event = await deps.stripe.webhooks.constructEventAsync(raw, signature, deps.webhookSecret, undefined, deps.cryptoProvider);
    } catch {
      throw new ApiError(400, 'invalid_signature', 'The Stripe signature does not match this payload.');
    }
    const session = event.data.object as CheckoutSessionLike;
    let outcome: Outcome;
    switch (event.type) {
      case 'checkout.session.completed':
        outcome = session.payment_status === 'paid' || session.payment_status === 'no_payment_required'
          ? await grant(deps, session)
          : { action: 'ignored', detail: `payment ${session.payment_status ?? 'unknown'}: waiting for async_payment_succeeded` };
        break;
      case 'checkout.session.async_payment_succeeded':
        outcome = await grant(deps, session);
        break;
      case 'checkout.session.async_payment_failed':
        outcome = await mark(deps, session, 'failed');
        break;
      case 'checkout.session.expired':
        outcome = await mark(deps, session, 'expired');
        break;
      default:
        outcome = { action: 'ignored', detail: event.type };
    }
    return json({ received: true, eventId: event.id, ...outcome });
  });
}
