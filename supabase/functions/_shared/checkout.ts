// create-checkout and checkout-return: buying a credit pack through Stripe Checkout in the
// system browser. The pack (price, credits) comes from admin_config; the payments row is
// 'pending' until the webhook grants the credits.
import { requireUser, type VerifyUser } from './auth.ts';
import { creditPacks } from './config.ts';
import type { Db } from './db.ts';
import { ApiError, handler, json, readJson, type Handler } from './http.ts';
import type { StripeLike } from './stripe.ts';
import * as v from './validate.ts';

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
    const packId = v.string(body, 'packId', { min: 1, max: 40 })!;
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
    return json({ url: session.url, sessionId: session.id, pack });
  });
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The https page Stripe sends the browser back to; it points the creator back to the app. */
export function createCheckoutReturnHandler(): Handler {
  return handler({ methods: ['GET'] }, (req) => Promise.resolve(returnPage(req)));
}

function returnPage(req: Request): Response {
  const params = new URL(req.url).searchParams;
  const success = params.get('status') === 'success';
  const sessionId = params.get('session_id') ?? '';
  const validSession = /^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId);
  const appLink = success
    ? `echoes://checkout/done${validSession ? `?session_id=${encodeURIComponent(sessionId)}` : ''}`
    : 'echoes://checkout/cancelled';
  const title = success ? 'Payment received' : 'Payment cancelled';
  const message = success
    ? 'Thank you! Your credits are being added to your account. You can close this tab and go back to Echoes Studio.'
    : 'No payment was taken. You can close this tab and go back to Echoes Studio.';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Echoes Studio</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1d1d1f}a{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;border-radius:.5rem;background:#5b4bff;color:#fff;text-decoration:none}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>
<a href="${escapeHtml(appLink)}">Back to Echoes Studio</a></main></body></html>`;
  return new Response(html, {
    status: 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Referrer-Policy': 'no-referrer',
    },
  });
}
