// A local fake of the Stripe API host for the calls Echoes makes: Checkout Sessions
// (create, retrieve) with Stripe's form-encoded bodies, Bearer secret keys and
// Idempotency-Key replays. Driven in the tests by the real stripe SDK (host/port/protocol).
// A session carries the fields of Stripe's Checkout Session object and no others (line_items, for
// one, comes only when expanded); tests/fakes/conformance.test.ts holds it to the recorded answers.
// It also builds the events Stripe would send to the webhook: checkout.session.* (a paid
// session gets a PaymentIntent), charge.refunded (a Charge with its cumulative amount_refunded)
// and charge.dispute.created / closed (a Dispute naming its charge and PaymentIntent).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCheckoutSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  url: string | null;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  amount_total: number;
  currency: string;
  success_url: string;
  cancel_url: string;
  payment_intent: string | null;
  created: number;
  livemode: false;
}

export interface StripeFake {
  url: string;
  host: string;
  port: number;
  secretKey: string;
  sessions: Map<string, FakeCheckoutSession>;
  requests: Array<{ method: string; path: string; idempotencyKey?: string; body: Record<string, unknown> }>;
  /** the event Stripe sends for a session (marking it paid / expired as the event says) */
  event(type: string, sessionId: string, overrides?: Partial<FakeCheckoutSession>): Record<string, unknown>;
  /** charge.refunded for a paid session's charge, refunding `amount` more (default: the rest) */
  refundEvent(sessionId: string, amount?: number): Record<string, unknown>;
  /** charge.dispute.created, or charge.dispute.closed with its outcome, for a paid session's charge */
  disputeEvent(sessionId: string, outcome: 'created' | 'won' | 'lost'): Record<string, unknown>;
  close(): Promise<void>;
}

/** Stripe's form encoding (a[b][0][c]=v) back into an object. */
export function parseStripeForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.split(/\[|\]\[|\]/).filter((p) => p !== '');
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      node[part] ??= /^\d+$/.test(parts[i + 1]!) ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return root;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') }).end(JSON.stringify(body));
}

function stripeError(res: ServerResponse, status: number, message: string, type = 'invalid_request_error'): void {
  send(res, status, { error: { type, message } });
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startStripeFake(options: { secretKey?: string } = {}): Promise<StripeFake> {
  const secretKey = options.secretKey ?? 'sk_test_fake';
  const sessions = new Map<string, FakeCheckoutSession>();
  const requests: StripeFake['requests'] = [];
  const idempotent = new Map<string, unknown>();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = parseStripeForm(await readText(req));
    const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? undefined;
    requests.push({ method: req.method ?? '', path: url.pathname, idempotencyKey, body });

    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return stripeError(res, 401, 'Invalid API Key provided', 'authentication_error');
    }
    if (url.pathname === '/v1/checkout/sessions' && req.method === 'POST') {
      if (idempotencyKey && idempotent.has(idempotencyKey)) return send(res, 200, idempotent.get(idempotencyKey));
      const items = body.line_items as Array<{ quantity?: string; price_data?: { currency?: string; unit_amount?: string } }> | undefined;
      if (body.mode !== 'payment') return stripeError(res, 400, 'mode: must be payment');
      if (!items?.length) return stripeError(res, 400, 'line_items: required in payment mode');
      for (const key of ['success_url', 'cancel_url'] as const) {
        if (typeof body[key] !== 'string' || !/^https?:\/\//.test(body[key] as string)) return stripeError(res, 400, `${key}: Not a valid URL`);
      }
      const amount = items.reduce((sum, i) => sum + Number(i.price_data?.unit_amount ?? 0) * Number(i.quantity ?? 1), 0);
      const sessionId = id('cs_test');
      const session: FakeCheckoutSession = {
        id: sessionId,
        object: 'checkout.session',
        mode: 'payment',
        url: `https://checkout.stripe.com/c/pay/${sessionId}`,
        status: 'open',
        payment_status: 'unpaid',
        client_reference_id: (body.client_reference_id as string) ?? null,
        customer_email: (body.customer_email as string) ?? null,
        metadata: (body.metadata as Record<string, string>) ?? {},
        amount_total: amount,
        currency: items[0]?.price_data?.currency ?? 'usd',
        success_url: body.success_url as string,
        cancel_url: body.cancel_url as string,
        payment_intent: null,
        created: Math.floor(Date.now() / 1000),
        livemode: false,
      };
      sessions.set(sessionId, session);
      if (idempotencyKey) idempotent.set(idempotencyKey, session);
      return send(res, 200, session);
    }
    const one = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(url.pathname);
    if (one && req.method === 'GET') {
      const session = sessions.get(one[1]!);
      return session ? send(res, 200, session) : stripeError(res, 404, `No such checkout.session: '${one[1]}'`);
    }
    return stripeError(res, 404, `Unrecognized request URL (${req.method}: ${url.pathname})`);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const envelope = (type: string, object: unknown) => ({
    id: id('evt'),
    object: 'event',
    api_version: '2025-01-27.acacia',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
  /** The Charge of a paid session's PaymentIntent (one per session). */
  const charges = new Map<string, { id: string; object: 'charge'; amount: number; amount_refunded: number; currency: string; payment_intent: string; refunded: boolean; paid: true; status: 'succeeded' }>();
  const chargeOf = (sessionId: string) => {
    const session = sessions.get(sessionId);
    if (!session?.payment_intent) throw new Error(`fake stripe: session ${sessionId} was never paid`);
    let charge = charges.get(sessionId);
    if (!charge) {
      charge = { id: id('ch'), object: 'charge', amount: session.amount_total, amount_refunded: 0, currency: session.currency, payment_intent: session.payment_intent, refunded: false, paid: true, status: 'succeeded' };
      charges.set(sessionId, charge);
    }
    return charge;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    secretKey,
    sessions,
    requests,
    event(type, sessionId, overrides = {}) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`fake stripe: no session ${sessionId}`);
      const paid = { status: 'complete', payment_status: 'paid', payment_intent: session.payment_intent ?? id('pi') } as const;
      if (type === 'checkout.session.completed') Object.assign(session, paid);
      if (type === 'checkout.session.async_payment_succeeded') Object.assign(session, paid);
      if (type === 'checkout.session.expired') Object.assign(session, { status: 'expired', url: null });
      Object.assign(session, overrides);
      return envelope(type, { ...session });
    },
    refundEvent(sessionId, amount) {
      const charge = chargeOf(sessionId);
      charge.amount_refunded = Math.min(charge.amount, charge.amount_refunded + (amount ?? charge.amount - charge.amount_refunded));
      charge.refunded = charge.amount_refunded === charge.amount;
      return envelope('charge.refunded', { ...charge });
    },
    disputeEvent(sessionId, outcome) {
      const charge = chargeOf(sessionId);
      const dispute = {
        id: id('du'),
        object: 'dispute',
        amount: charge.amount,
        charge: charge.id,
        currency: charge.currency,
        payment_intent: charge.payment_intent,
        reason: 'fraudulent',
        status: outcome === 'created' ? 'needs_response' : outcome,
        created: Math.floor(Date.now() / 1000),
        livemode: false,
      };
      return envelope(outcome === 'created' ? 'charge.dispute.created' : 'charge.dispute.closed', dispute);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
