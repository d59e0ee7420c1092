// create-checkout: buying a credit pack through Stripe Checkout in the system browser. The pack (price, credits) comes from admin_config; the payments row is
// 'pending' until the webhook grants the credits.
import { requireUser, type VerifyUser } from '../_shared/auth.ts';
import { creditPacks } from '../_shared/config.ts';
import type { Db } from '../_shared/db.ts';
import { ApiError, handler, json, readJson, type Handler } from '../_shared/http.ts';
import type { StripeLike } from '../_shared/stripe.ts';
import * as v from '../_shared/validate.ts';
import { CREDIT_PACK_LIMITS, type CheckoutBody } from '../_shared/wire.ts';

export interface CheckoutDeps {
  db: Db;
  verifyUser: VerifyUser;
  stripe: StripeLike;
  /** Public https base of the functions, e.g. https://<ref>.supabase.co/functions/v1 */
  functionsUrl: string;
  log?: (message: string, error: unknown) => void;
}

export function createCheckoutHandler(deps: CheckoutDeps): Handler {
  return handler({ methods: ['POST'], cors: true, log: deps.log }, async (req) => {
    const user = await requireUser(req, deps.verifyUser);
    const body = await readJson(req);
    const packId = v.string(body, 'packId', { min: 1, max: CREDIT_PACK_LIMITS.idMaxLength })!;
    const requestId = body.requestId === undefined ? undefined : v.uuid(body, 'requestId');
    const packs = await creditPacks(deps.db);
    const pack = packs.find((p) => p.id === packId);
    if (!pack) throw new ApiError(404, 'unknown_pack', `No credit pack "${packId}". Packs: ${packs.map((p) => p.id).join(', ')}.`);

    const base = deps.functionsUrl.replace(/\/+$/, '');
    const metadata = { user_id: user.id, pack_id: pack.id, credits: String(pack.credits) };
    let session;
    try {
      session = await deps.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: pack.currency,
                unit_amount: pack.price_cents,
                product_data: { name: `${pack.name}: ${pack.credits} Echoes credits` },
              },
            },
          ],
          client_reference_id: user.id,
          ...(user.email ? { customer_email: user.email } : {}),
          metadata,
          payment_intent_data: { metadata },
          success_url: `${base}/checkout-return?status=success&session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: `${base}/checkout-return?status=cancelled`,
        },
        // the same requestId (a double click, a retry) gets the same session back
        requestId ? { idempotencyKey: `checkout:${user.id}:${requestId}` } : undefined,
      );
    } catch (error) {
      deps.log?.('stripe checkout create failed', error);
      throw new ApiError(502, 'payment_provider_unavailable', 'The payment page could not be opened. Try again.');
    }
    if (!session.url) throw new ApiError(502, 'payment_provider_unavailable', 'The payment page could not be opened. Try again.');

    await deps.db.query(
      `insert into public.payments (user_id, stripe_session_id, pack_id, amount_cents, currency, credits_purchased)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (stripe_session_id) do nothing`,
      [user.id, session.id, pack.id, pack.price_cents, pack.currency, pack.credits],
    );
    const answer: CheckoutBody = { url: session.url, sessionId: session.id, pack };
    return json(answer);
  });
}
