// stripe-webhook: the signature is checked on the raw body, then:
// - a paid Checkout Session grants credits only from its payments row (written by
//   create-checkout: user, pack, credits, price and currency fixed there), once, after comparing
//   the session's amount_total and currency with that row (grant_payment). A mismatch is marked
//   for review and grants nothing; an unknown session or a deleted account is acknowledged (200)
//   and logged, never credited, never answered with an error Stripe would retry for days.
// - charge.refunded and a lost dispute take back the credits that money paid for, as far as the
//   balance goes; the rest is recorded as owed (revoke_payment). A dispute opened marks the
//   payment; one won marks it paid again.
// Replays and out-of-order deliveries are harmless: every step is idempotent in the database.
import type { Db } from '../_shared/db.ts';
import { ApiError, handler, json, readBody, type Handler } from '../_shared/http.ts';
import type { StripeLike } from '../_shared/stripe.ts';

export interface WebhookDeps {
  db: Db;
  stripe: StripeLike;
  webhookSecret: string;
  /** Stripe.createSubtleCryptoProvider() under Deno (no sync crypto there) */
  cryptoProvider?: unknown;
  log?: (message: string, error: unknown) => void;
}

const MAX_EVENT_BYTES = 512 * 1024;
/** A lost dispute takes the whole payment back (revoke_payment caps it at the amount paid). */
const LOST_IN_FULL = 2 ** 31 - 1;

type Outcome = { action: 'granted' | 'already_granted' | 'review' | 'revoked' | 'marked' | 'ignored'; detail?: string };

// What the handler reads of Stripe's objects, checked field by field (the signature proves who
// sent them, not that they have the shape we expect).
const SESSION_ID = /^cs_[A-Za-z0-9_]{1,200}$/;
const PAYMENT_INTENT = /^pi_[A-Za-z0-9_]{1,200}$/;
const CURRENCY = /^[a-z]{3}$/i;

function field(o: unknown, key: string): unknown {
  return typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined;
}
const text = (o: unknown, key: string, pattern: RegExp): string | undefined => {
  const v = field(o, key);
  return typeof v === 'string' && pattern.test(v) ? v : undefined;
};
const count = (o: unknown, key: string): number | undefined => {
  const v = field(o, key);
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
};

async function grant(deps: WebhookDeps, session: unknown): Promise<Outcome> {
  const id = text(session, 'id', SESSION_ID);
  if (!id) return ignored(deps, 'a session event without a valid session id');
  const { rows } = await deps.db.query<{ outcome: string; credits: number }>('select outcome, credits from public.grant_payment($1, $2, $3, $4)', [
    id,
    count(session, 'amount_total') ?? null,
    text(session, 'currency', CURRENCY) ?? null,
    text(session, 'payment_intent', PAYMENT_INTENT) ?? null,
  ]);
  const outcome = rows[0]!.outcome;
  switch (outcome) {
    case 'granted':
    case 'already_granted':
      return { action: outcome };
    case 'mismatch':
      deps.log?.('stripe webhook: amount or currency differs from the payment row; marked for review', { name: 'PaymentMismatch', message: id });
      return { action: 'review', detail: 'amount or currency differs from the pack: marked for review' };
    case 'no_user':
      return ignored(deps, `session ${id} is paid but its account no longer exists: marked for review`);
    default:
      return ignored(deps, `no payment row for session ${id}: not credited`);
  }
}

function ignored(deps: WebhookDeps, detail: string): Outcome {
  deps.log?.(`stripe webhook: ${detail}`, null);
  return { action: 'ignored', detail };
}

async function mark(deps: WebhookDeps, session: unknown, status: 'failed' | 'expired'): Promise<Outcome> {
  const id = text(session, 'id', SESSION_ID);
  if (!id) return ignored(deps, 'a session event without a valid session id');
  // never downgrade a paid session, whatever order the events arrive in
  await deps.db.query(`update public.payments set status = $2 where stripe_session_id = $1 and status = 'pending'`, [id, status]);
  return { action: 'marked', detail: status };
}

async function revoke(deps: WebhookDeps, paymentIntent: string | undefined, amountRefunded: number | undefined, status: 'refunded' | 'dispute_lost'): Promise<Outcome> {
  if (!paymentIntent || amountRefunded === undefined) return ignored(deps, `a ${status} event without a PaymentIntent or amount`);
  const { rows } = await deps.db.query<{ outcome: string; revoked: number; owed: number }>(
    'select outcome, revoked, owed from public.revoke_payment($1, $2, $3)',
    [paymentIntent, amountRefunded, status],
  );
  const r = rows[0]!;
  if (r.outcome === 'unknown_payment' || r.outcome === 'not_paid') return ignored(deps, `${status} for ${paymentIntent}: ${r.outcome.replace('_', ' ')}`);
  if (r.outcome === 'already_revoked') return { action: 'revoked', detail: 'already taken back' };
  if (r.owed > 0) deps.log?.(`stripe webhook: ${status}; ${r.owed} credits were already spent and are recorded as owed`, null);
  return { action: 'revoked', detail: `${r.revoked} credits taken back, ${r.owed} owed` };
}

async function dispute(deps: WebhookDeps, object: unknown, closed: boolean): Promise<Outcome> {
  const paymentIntent = text(object, 'payment_intent', PAYMENT_INTENT);
  const status = field(object, 'status');
  if (!paymentIntent) return ignored(deps, 'a dispute without a PaymentIntent');
  if (closed && status === 'lost') return revoke(deps, paymentIntent, LOST_IN_FULL, 'dispute_lost');
  const [from, to] = closed ? ['disputed', 'paid'] : ['paid', 'disputed'];
  await deps.db.query('update public.payments set status = $3 where stripe_payment_intent_id = $1 and status = $2', [paymentIntent, from, to]);
  return { action: 'marked', detail: `dispute ${String(status)}` };
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
    const object = event.data.object;
    let outcome: Outcome;
    switch (event.type) {
      case 'checkout.session.completed': {
        const paid = field(object, 'payment_status');
        outcome = paid === 'paid' || paid === 'no_payment_required'
          ? await grant(deps, object)
          : { action: 'ignored', detail: `payment ${String(paid ?? 'unknown')}: waiting for async_payment_succeeded` };
        break;
      }
      case 'checkout.session.async_payment_succeeded':
        outcome = await grant(deps, object);
        break;
      case 'checkout.session.async_payment_failed':
        outcome = await mark(deps, object, 'failed');
        break;
      case 'checkout.session.expired':
        outcome = await mark(deps, object, 'expired');
        break;
      case 'charge.refunded':
        outcome = await revoke(deps, text(object, 'payment_intent', PAYMENT_INTENT), count(object, 'amount_refunded'), 'refunded');
        break;
      case 'charge.dispute.created':
        outcome = await dispute(deps, object, false);
        break;
      case 'charge.dispute.closed':
        outcome = await dispute(deps, object, true);
        break;
      default:
        outcome = { action: 'ignored', detail: event.type };
    }
    return json({ received: true, eventId: event.id, ...outcome });
  });
}
