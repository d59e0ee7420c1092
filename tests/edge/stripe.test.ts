// create-checkout, checkout-return and stripe-webhook: the real stripe SDK against the local
// Stripe fake, webhook events signed by stripe.webhooks.generateTestHeaderString, and the
// credits granted through the real database.
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckoutReturnHandler } from '../../supabase/functions/checkout-return/handler';
import { createCheckoutHandler } from '../../supabase/functions/create-checkout/handler';
import { createStripeWebhookHandler } from '../../supabase/functions/stripe-webhook/handler';
import { describeWithDatabase } from '../db/scratch';
import { startBackend, WEBHOOK_SECRET, type Backend, type TestUser } from './harness';

const FUNCTIONS_URL = 'https://project-ref.supabase.co/functions/v1';

describeWithDatabase('Stripe checkout and webhook', (databaseUrl) => {
  let b: Backend;
  let checkout: ReturnType<typeof createCheckoutHandler>;
  let webhook: ReturnType<typeof createStripeWebhookHandler>;

  beforeAll(async () => {
    b = await startBackend(databaseUrl, 'edge_stripe');
    checkout = createCheckoutHandler({ db: b.db, verifyUser: b.generationDeps.verifyUser, stripe: b.stripeLike, functionsUrl: FUNCTIONS_URL });
    webhook = createStripeWebhookHandler({
      db: b.db,
      stripe: b.stripeLike,
      webhookSecret: WEBHOOK_SECRET,
      // the provider the Deno adapter uses
      cryptoProvider: Stripe.createSubtleCryptoProvider(),
    });
  });
  afterAll(async () => {
    await b?.close();
  });

  async function buy(user: TestUser, packId = 'starter', requestId?: string) {
    return b.call<{ url: string; sessionId: string; error?: { code: string } }>(checkout, {
      method: 'POST',
      token: user.token,
      body: { packId, ...(requestId ? { requestId } : {}) },
    });
  }

  function deliver(event: Record<string, unknown>, opts: { secret?: string; tamper?: (payload: string) => string } = {}) {
    const payload = JSON.stringify(event);
    const header = b.stripeSdk.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? WEBHOOK_SECRET });
    const body = opts.tamper ? opts.tamper(payload) : payload;
    return b.call<{ received?: boolean; action?: string; error?: { code: string } }>(webhook, {
      method: 'POST',
      body,
      headers: { 'stripe-signature': header, 'content-type': 'application/json' },
    });
  }

  async function payment(sessionId: string) {
    const { rows } = await b.pool.query('select status, credits_purchased, amount_cents, user_id from public.payments where stripe_session_id = $1', [sessionId]);
    return rows[0];
  }

  it('create-checkout opens a session for a pack from admin_config and records a pending payment', async () => {
    const user = await b.newUser(1);
    const res = await buy(user);
    expect(res.status).toBe(200);
    expect(res.body.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const session = b.stripe.sessions.get(res.body.sessionId)!;
    expect(session.metadata).toEqual({ user_id: user.id, pack_id: 'starter', credits: '10' });
    expect(session.client_reference_id).toBe(user.id);
    expect(session.amount_total).toBe(999);
    expect(session.success_url).toBe(`${FUNCTIONS_URL}/checkout-return?status=success&session_id={CHECKOUT_SESSION_ID}`);
    expect(await payment(res.body.sessionId)).toEqual({ status: 'pending', credits_purchased: 10, amount_cents: 999, user_id: user.id });
  });

  it('the same checkout request id opens the same session (Stripe idempotency key)', async () => {
    const user = await b.newUser(1);
    const requestId = randomUUID();
    const [a, c] = [await buy(user, 'creator', requestId), await buy(user, 'creator', requestId)];
    expect(a.body.sessionId).toBe(c.body.sessionId);
    const keys = b.stripe.requests.filter((r) => r.idempotencyKey === `checkout:${user.id}:${requestId}`);
    expect(keys).toHaveLength(2);

    // at the same time too (a double click that got through twice): one session, one pending payment
    const again = randomUUID();
    const both = await Promise.all([buy(user, 'creator', again), buy(user, 'creator', again)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both[0]!.body.url).toBe(both[1]!.body.url);
    const { rows } = await b.pool.query('select count(*)::int as n from public.payments where stripe_session_id = $1', [both[0]!.body.sessionId]);
    expect(rows[0]).toEqual({ n: 1 });
    // another id, or another user with the same id, is another purchase
    expect((await buy(user, 'creator', randomUUID())).body.sessionId).not.toBe(a.body.sessionId);
    expect((await buy(await b.newUser(1), 'creator', requestId)).body.sessionId).not.toBe(a.body.sessionId);
  });

  it('create-checkout asks Stripe for exactly the pack: its name, price and currency, the user, the metadata on the payment too, and the return URLs', async () => {
    const user = await b.newUser(1);
    const before = b.stripe.requests.length;
    const trailing = createCheckoutHandler({ db: b.db, verifyUser: b.generationDeps.verifyUser, stripe: b.stripeLike, functionsUrl: `${FUNCTIONS_URL}//` });
    const res = await b.call<{ url: string; sessionId: string; pack: Record<string, unknown> }>(trailing, { method: 'POST', token: user.token, body: { packId: 'creator' } });
    expect(res.status).toBe(200);
    const sent = b.stripe.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions' });
    // no request id: no idempotency key of ours (the SDK may add its own retry key)
    expect(sent[0]!.idempotencyKey ?? '').not.toMatch(/^checkout:/);
    const metadata = { user_id: user.id, pack_id: 'creator', credits: '50' };
    expect(sent[0]!.body).toEqual({
      mode: 'payment',
      line_items: [{ quantity: '1', price_data: { currency: 'usd', unit_amount: String(res.body.pack.price_cents), product_data: { name: `${res.body.pack.name}: 50 Echoes credits` } } }],
      client_reference_id: user.id,
      // the email Supabase Auth has for the user (the stand-in makes one up)
      customer_email: expect.stringContaining('@'),
      metadata,
      payment_intent_data: { metadata },
      success_url: `${FUNCTIONS_URL}/checkout-return?status=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${FUNCTIONS_URL}/checkout-return?status=cancelled`,
    });
    expect(res.body).toEqual({ url: b.stripe.sessions.get(res.body.sessionId)!.url, sessionId: res.body.sessionId, pack: expect.objectContaining({ id: 'creator', credits: 50, currency: 'usd' }) });
    expect(await payment(res.body.sessionId)).toEqual({ status: 'pending', credits_purchased: 50, amount_cents: res.body.pack.price_cents, user_id: user.id });
  });

  it('create-checkout sends the email of a user who has one, and none for a user without', async () => {
    const user = await b.newUser(1);
    const withEmail = (email?: string) =>
      createCheckoutHandler({ db: b.db, verifyUser: async (token) => ({ ...(await b.generationDeps.verifyUser(token))!, email }), stripe: b.stripeLike, functionsUrl: FUNCTIONS_URL });
    await b.call(withEmail('ana@example.com'), { method: 'POST', token: user.token, body: { packId: 'starter' } });
    expect(b.stripe.requests.at(-1)!.body.customer_email).toBe('ana@example.com');
    await b.call(withEmail(undefined), { method: 'POST', token: user.token, body: { packId: 'starter' } });
    expect(b.stripe.requests.at(-1)!.body).not.toHaveProperty('customer_email');
  });

  it('create-checkout: Stripe failing or answering without a payment page is a 502 the app can show, logged, and records no payment', async () => {
    const user = await b.newUser(1);
    const logs: Array<{ message: string; error: unknown }> = [];
    const failing = new Error('stripe is down');
    const stripeDown = { ...b.stripeLike, checkout: { sessions: { create: () => Promise.reject(failing) } } };
    const down = createCheckoutHandler({ db: b.db, verifyUser: b.generationDeps.verifyUser, stripe: stripeDown, functionsUrl: FUNCTIONS_URL, log: (message, error) => logs.push({ message, error }) });
    const res = await b.call<{ error: { code: string; message: string } }>(down, { method: 'POST', token: user.token, body: { packId: 'starter' } });
    expect(res).toMatchObject({ status: 502, body: { error: { code: 'payment_provider_unavailable', message: 'The payment page could not be opened. Try again.' } } });
    expect(logs).toEqual([{ message: 'stripe checkout create failed', error: failing }]);

    // a session that has no url (Stripe answers a session, but not one the browser can open)
    const noUrl = { ...b.stripeLike, checkout: { sessions: { create: () => Promise.resolve({ id: 'cs_test_no_url', url: null }) } } };
    const blank = createCheckoutHandler({ db: b.db, verifyUser: b.generationDeps.verifyUser, stripe: noUrl, functionsUrl: FUNCTIONS_URL });
    const none = await b.call<{ error: { code: string; message: string } }>(blank, { method: 'POST', token: user.token, body: { packId: 'starter' } });
    expect(none).toMatchObject({ status: 502, body: { error: { code: 'payment_provider_unavailable', message: 'The payment page could not be opened. Try again.' } } });
    expect(await payment('cs_test_no_url')).toBeUndefined();
  });

  it('create-checkout answers a CORS preflight, and Stripe failing is its 502 where no log is set too', async () => {
    // made here: a handler's options are read when it is made
    const fresh = createCheckoutHandler({ db: b.db, verifyUser: b.generationDeps.verifyUser, stripe: b.stripeLike, functionsUrl: FUNCTIONS_URL });
    const pre = await b.call(fresh, { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const user = await b.newUser(1);
    const stripeDown = { ...b.stripeLike, checkout: { sessions: { create: () => Promise.reject(new Error('stripe is down')) } } };
    const unlogged = createCheckoutHandler({ db: b.db, verifyUser: b.generationDeps.verifyUser, stripe: stripeDown, functionsUrl: FUNCTIONS_URL });
    const res = await b.call(unlogged, { method: 'POST', token: user.token, body: { packId: 'starter' } });
    expect(res).toMatchObject({ status: 502, body: { error: { code: 'payment_provider_unavailable' } } });
  });

  it('create-checkout refuses a pack id or request id that is not one, and names the packs there are', async () => {
    const user = await b.newUser(1);
    for (const body of [{}, { packId: '' }, { packId: 'x'.repeat(200) }, { packId: 7 }, { packId: 'starter', requestId: 'not-a-uuid' }]) {
      const res = await b.call<{ error: { code: string } }>(checkout, { method: 'POST', token: user.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const unknown = await b.call<{ error: { code: string; message: string } }>(checkout, { method: 'POST', token: user.token, body: { packId: 'mega' } });
    expect(unknown.body.error).toEqual({ code: 'unknown_pack', message: 'No credit pack "mega". Packs: starter, creator, studio.' });
    expect((await b.call(checkout, { method: 'POST', body: { packId: 'starter' } })).status).toBe(401);
  });

  it('an unknown pack is 404 and opens nothing', async () => {
    const user = await b.newUser(1);
    const before = b.stripe.sessions.size;
    const res = await buy(user, 'mega');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'unknown_pack' });
    expect(b.stripe.sessions.size).toBe(before);
  });

  it('a valid completed event credits once; a replay credits nothing more', async () => {
    const user = await b.newUser(1);
    const { body } = await buy(user);
    const event = b.stripe.event('checkout.session.completed', body.sessionId);

    const first = await deliver(event);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: true, action: 'granted' });
    expect(await b.balance(user.id)).toEqual({ balance: 11, ledger: 11 });
    expect((await payment(body.sessionId)).status).toBe('paid');

    const replay = await deliver(event);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ action: 'already_granted' });
    const racing = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    expect(racing.every((r) => r.status === 200)).toBe(true);
    expect(await b.balance(user.id)).toEqual({ balance: 11, ledger: 11 });
  });

  describe('only money received is credited (issue 17, fault 4)', () => {
    it('an unknown session with metadata credits "1000" and amount_total 50 grants nothing: 200, logged', async () => {
      const user = await b.newUser(1);
      const forged = {
        id: 'evt_forged',
        object: 'event',
        type: 'checkout.session.completed',
        data: {
          object: {
            id: 'cs_test_not_ours',
            object: 'checkout.session',
            payment_status: 'paid',
            client_reference_id: user.id,
            metadata: { user_id: user.id, pack_id: 'studio', credits: '1000' },
            amount_total: 50,
            currency: 'usd',
            payment_intent: 'pi_not_ours',
          },
        },
      };
      const res = await deliver(forged);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ action: 'ignored' });
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
      expect(await payment('cs_test_not_ours')).toBeUndefined();
    });

    it('a paid session whose amount or currency differs from the pack is marked for review and grants nothing', async () => {
      const user = await b.newUser(1);
      const cheap = (await buy(user)).body.sessionId;
      const res = await deliver(b.stripe.event('checkout.session.completed', cheap, { amount_total: 50 }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ action: 'review' });
      const euro = (await buy(user, 'starter', randomUUID())).body.sessionId;
      expect((await deliver(b.stripe.event('checkout.session.completed', euro, { currency: 'eur' }))).body).toMatchObject({ action: 'review' });
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
      const { rows } = await b.pool.query('select status, review_reason from public.payments where stripe_session_id = any($1) order by review_reason', [[cheap, euro]]);
      expect(rows.map((r) => r.status)).toEqual(['needs_review', 'needs_review']);
      expect(rows.map((r) => r.review_reason)).toEqual(['paid 50 usd, the pack costs 999 usd', 'paid 999 eur, the pack costs 999 usd']);
    });

    it('credits come from the payments row, not the metadata: a session with tampered metadata gets the pack it paid for', async () => {
      const user = await b.newUser(1);
      const { sessionId } = (await buy(user)).body;
      const res = await deliver(b.stripe.event('checkout.session.completed', sessionId, { metadata: { user_id: user.id, pack_id: 'studio', credits: '1000' } }));
      expect(res.body).toMatchObject({ action: 'granted' });
      expect(await b.balance(user.id)).toEqual({ balance: 11, ledger: 11 });
    });

    it('a paid session whose account was deleted is a 200 with a logged reason, never a 500 Stripe retries', async () => {
      const user = await b.newUser(1);
      const { sessionId } = (await buy(user)).body;
      await b.pool.query('delete from auth.users where id = $1', [user.id]);
      const res = await deliver(b.stripe.event('checkout.session.completed', sessionId));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ action: 'ignored' });
      expect((await payment(sessionId)).status).toBe('needs_review');
    });
  });

  describe('refunds and disputes take credits back (issue 17, fault 5)', () => {
    async function paidPack(user: TestUser) {
      const { sessionId } = (await buy(user, 'starter', randomUUID())).body;
      expect((await deliver(b.stripe.event('checkout.session.completed', sessionId))).body).toMatchObject({ action: 'granted' });
      return sessionId;
    }
    const owed = async (sessionId: string) =>
      (await b.pool.query('select status, credits_revoked, credits_owed from public.payments where stripe_session_id = $1', [sessionId])).rows[0];

    it('a full refund takes the pack back; a replay takes nothing more', async () => {
      const user = await b.newUser(1);
      const sessionId = await paidPack(user);
      expect(await b.balance(user.id)).toEqual({ balance: 11, ledger: 11 });
      const refund = b.stripe.refundEvent(sessionId);
      expect((await deliver(refund)).body).toMatchObject({ action: 'revoked' });
      expect(await deliver(refund)).toMatchObject({ status: 200 });
      expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
      expect(await owed(sessionId)).toEqual({ status: 'refunded', credits_revoked: 10, credits_owed: 0 });
    });

    it('a refund after the credits were spent takes the balance to zero, not below, and records the rest as owed', async () => {
      const user = await b.newUser(0);
      const sessionId = await paidPack(user);
      await b.pool.query('select * from public.spend_credits($1, 7, $2)', [user.id, `spent-${user.id}`]);
      expect((await deliver(b.stripe.refundEvent(sessionId))).status).toBe(200);
      expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
      expect(await owed(sessionId)).toEqual({ status: 'refunded', credits_revoked: 3, credits_owed: 7 });
    });

    it('partial refunds take back their share, cumulatively', async () => {
      const user = await b.newUser(0);
      const sessionId = await paidPack(user);
      await deliver(b.stripe.refundEvent(sessionId, 500));
      expect(await b.balance(user.id)).toEqual({ balance: 4, ledger: 4 });
      await deliver(b.stripe.refundEvent(sessionId));
      expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
      expect(await owed(sessionId)).toEqual({ status: 'refunded', credits_revoked: 10, credits_owed: 0 });
    });

    it('a dispute opened marks the payment; lost, it takes the credits back; won, nothing is taken', async () => {
      const user = await b.newUser(0);
      const lost = await paidPack(user);
      expect((await deliver(b.stripe.disputeEvent(lost, 'created'))).body).toMatchObject({ action: 'marked' });
      expect((await owed(lost)).status).toBe('disputed');
      expect(await b.balance(user.id)).toEqual({ balance: 10, ledger: 10 });
      expect((await deliver(b.stripe.disputeEvent(lost, 'lost'))).body).toMatchObject({ action: 'revoked' });
      expect(await owed(lost)).toEqual({ status: 'dispute_lost', credits_revoked: 10, credits_owed: 0 });
      expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });

      const won = await paidPack(user);
      await deliver(b.stripe.disputeEvent(won, 'created'));
      await deliver(b.stripe.disputeEvent(won, 'won'));
      expect((await owed(won)).status).toBe('paid');
      expect(await b.balance(user.id)).toEqual({ balance: 10, ledger: 10 });
    });
  });

  it('a bad signature is 400 and changes nothing', async () => {
    const user = await b.newUser(1);
    const { body } = await buy(user);
    const event = b.stripe.event('checkout.session.completed', body.sessionId);

    const wrongSecret = await deliver(event, { secret: 'whsec_someone_else' });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.body.error).toMatchObject({ code: 'invalid_signature' });
    const tampered = await deliver(event, { tamper: (p) => p.replace('"credits":"10"', '"credits":"1000"') });
    expect(tampered.status).toBe(400);
    const unsigned = await b.call(webhook, { method: 'POST', body: JSON.stringify(event) });
    expect(unsigned.status).toBe(400);

    expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
    expect((await payment(body.sessionId)).status).toBe('pending');
  });

  it('an unpaid completion waits for async_payment_succeeded, which credits once', async () => {
    const user = await b.newUser(1);
    const { body } = await buy(user);
    const unpaid = b.stripe.event('checkout.session.completed', body.sessionId, { payment_status: 'unpaid' });
    expect((await deliver(unpaid)).body).toMatchObject({ action: 'ignored' });
    expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });

    const succeeded = b.stripe.event('checkout.session.async_payment_succeeded', body.sessionId);
    expect((await deliver(succeeded)).body).toMatchObject({ action: 'granted' });
    expect(await b.balance(user.id)).toEqual({ balance: 11, ledger: 11 });
  });

  it('out of order: async success before completed, then expired, still one grant and a paid payment', async () => {
    const user = await b.newUser(1);
    const { body } = await buy(user, 'creator');
    const succeeded = b.stripe.event('checkout.session.async_payment_succeeded', body.sessionId);
    const completed = b.stripe.event('checkout.session.completed', body.sessionId);
    const expired = b.stripe.event('checkout.session.expired', body.sessionId, { payment_status: 'paid' });
    await deliver(succeeded);
    await deliver(completed);
    await deliver(expired);
    expect(await b.balance(user.id)).toEqual({ balance: 51, ledger: 51 });
    expect((await payment(body.sessionId)).status).toBe('paid');
  });

  it('an expired unpaid session marks the payment expired and grants nothing', async () => {
    const user = await b.newUser(1);
    const { body } = await buy(user);
    const res = await deliver(b.stripe.event('checkout.session.expired', body.sessionId));
    expect(res.body).toMatchObject({ action: 'marked' });
    expect((await payment(body.sessionId)).status).toBe('expired');
    expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
  });

  it('other events are acknowledged and ignored', async () => {
    const res = await deliver({ id: 'evt_1', object: 'event', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, action: 'ignored' });
  });

  describe('what the webhook answers and logs, case by case', () => {
    const logs: Array<{ message: string; error: unknown }> = [];
    let logged: ReturnType<typeof createStripeWebhookHandler>;
    beforeAll(() => {
      logged = createStripeWebhookHandler({
        db: b.db,
        stripe: b.stripeLike,
        webhookSecret: WEBHOOK_SECRET,
        cryptoProvider: Stripe.createSubtleCryptoProvider(),
        log: (message, error) => logs.push({ message, error }),
      });
    });
    /** Delivers to the handler with a log; answers the body and what it logged meanwhile. */
    async function answer(event: Record<string, unknown>) {
      logs.length = 0;
      const payload = JSON.stringify(event);
      const header = b.stripeSdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
      const res = await b.call<Record<string, unknown>>(logged, { method: 'POST', body: payload, headers: { 'stripe-signature': header, 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
      return { body: res.body, logs: logs.map((l) => l.message), errors: logs.map((l) => l.error) };
    }
    const sessionEvent = (type: string, object: Record<string, unknown>) => ({ id: `evt_${randomUUID().slice(0, 8)}`, object: 'event', type, data: { object: { object: 'checkout.session', ...object } } });
    async function paid(user: TestUser) {
      const { sessionId } = (await buy(user, 'starter', randomUUID())).body;
      const event = b.stripe.event('checkout.session.completed', sessionId);
      expect((await answer(event)).body).toEqual({ received: true, eventId: event.id, action: 'granted' });
      return sessionId;
    }

    it('a grant answers with the event id and logs nothing; a free (no_payment_required) session is granted too', async () => {
      const user = await b.newUser(0);
      await paid(user);
      const { sessionId } = (await buy(user, 'starter', randomUUID())).body;
      const free = b.stripe.event('checkout.session.completed', sessionId, { payment_status: 'no_payment_required' });
      expect(await answer(free)).toEqual({ body: { received: true, eventId: free.id, action: 'granted' }, logs: [], errors: [] });
      expect(await answer(free)).toEqual({ body: { received: true, eventId: free.id, action: 'already_granted' }, logs: [], errors: [] });
      expect(await b.balance(user.id)).toEqual({ balance: 20, ledger: 20 });
    });

    it('an unpaid or unknown payment status waits, naming the status', async () => {
      const user = await b.newUser(0);
      const { sessionId } = (await buy(user)).body;
      expect((await answer(b.stripe.event('checkout.session.completed', sessionId, { payment_status: 'unpaid' }))).body).toMatchObject({
        action: 'ignored',
        detail: 'payment unpaid: waiting for async_payment_succeeded',
      });
      expect((await answer(sessionEvent('checkout.session.completed', { id: sessionId }))).body).toMatchObject({
        action: 'ignored',
        detail: 'payment unknown: waiting for async_payment_succeeded',
      });
      expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
    });

    it.each([
      ['checkout.session.completed', { payment_status: 'paid' }],
      ['checkout.session.async_payment_succeeded', {}],
      ['checkout.session.expired', {}],
      ['checkout.session.async_payment_failed', {}],
    ])('%s without a valid session id is ignored and logged', async (type, extra) => {
      // not a string, though it reads as one: a list holding a well-formed id
      for (const id of [undefined, 42, ['cs_test_in_a_list'], 'sess_123', 'cs_', `cs_${'a'.repeat(201)}`, 'cs_test;drop', ' cs_test_a']) {
        const out = await answer(sessionEvent(type, { id, ...extra }));
        expect(out.body, String(id)).toMatchObject({ action: 'ignored', detail: 'a session event without a valid session id' });
        expect(out.logs).toEqual(['stripe webhook: a session event without a valid session id']);
      }
    });

    it('a session id at the longest allowed length is read', async () => {
      const id = `cs_${'a'.repeat(200)}`;
      expect((await answer(sessionEvent('checkout.session.completed', { id, payment_status: 'paid' }))).body).toMatchObject({
        action: 'ignored',
        detail: `no payment row for session ${id}: not credited`,
      });
    });

    it('a session nobody paid for here: ignored, naming it, logged', async () => {
      const out = await answer(sessionEvent('checkout.session.async_payment_succeeded', { id: 'cs_test_unknown_1', amount_total: 999, currency: 'usd' }));
      expect(out.body).toMatchObject({ action: 'ignored', detail: 'no payment row for session cs_test_unknown_1: not credited' });
      expect(out.logs).toEqual(['stripe webhook: no payment row for session cs_test_unknown_1: not credited']);
    });

    it('a mismatch is marked for review and logged as a PaymentMismatch naming the session', async () => {
      const user = await b.newUser(0);
      const { sessionId } = (await buy(user)).body;
      const out = await answer(b.stripe.event('checkout.session.completed', sessionId, { amount_total: 998 }));
      expect(out.body).toMatchObject({ action: 'review', detail: 'amount or currency differs from the pack: marked for review' });
      expect(out.logs).toEqual(['stripe webhook: amount or currency differs from the payment row; marked for review']);
      expect(out.errors).toEqual([{ name: 'PaymentMismatch', message: sessionId }]);
    });

    it.each([
      ['a fractional amount', { amount_total: 998.5 }, 'paid nothing usd, the pack costs 999 usd'],
      ['a negative amount', { amount_total: -999 }, 'paid nothing usd, the pack costs 999 usd'],
      ['an amount in a string', { amount_total: '999' }, 'paid nothing usd, the pack costs 999 usd'],
      ['a currency that is not three letters', { currency: 'usdt' }, 'paid 999 ?, the pack costs 999 usd'],
    ])('%s is not taken for the price: the payment goes to review', async (_name, overrides, reason) => {
      const user = await b.newUser(0);
      const { sessionId } = (await buy(user, 'starter', randomUUID())).body;
      expect((await answer(b.stripe.event('checkout.session.completed', sessionId, overrides as object))).body).toMatchObject({ action: 'review' });
      expect(await payment(sessionId)).toMatchObject({ status: 'needs_review' });
      const { rows } = await b.pool.query('select review_reason from public.payments where stripe_session_id = $1', [sessionId]);
      expect(rows[0].review_reason).toBe(reason);
      expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
    });

    it('an amount of 0 is read as 0, not refused: a mismatch against the pack, not a missing amount', async () => {
      const user = await b.newUser(0);
      const { sessionId } = (await buy(user, 'starter', randomUUID())).body;
      await answer(b.stripe.event('checkout.session.completed', sessionId, { amount_total: 0 }));
      const { rows } = await b.pool.query('select review_reason from public.payments where stripe_session_id = $1', [sessionId]);
      expect(rows[0].review_reason).toBe('paid 0 usd, the pack costs 999 usd');
    });

    it('the PaymentIntent is stored only when it looks like one', async () => {
      const user = await b.newUser(0);
      const good = (await buy(user, 'starter', randomUUID())).body.sessionId;
      await answer(b.stripe.event('checkout.session.completed', good, { payment_intent: 'pi_3Pgaf_good' }));
      const bad = (await buy(user, 'starter', randomUUID())).body.sessionId;
      await answer(b.stripe.event('checkout.session.completed', bad, { payment_intent: 'ch_3Pgaf_not_a_pi' }));
      const { rows } = await b.pool.query('select stripe_session_id, stripe_payment_intent_id from public.payments where stripe_session_id = any($1)', [[good, bad]]);
      expect(Object.fromEntries(rows.map((r) => [r.stripe_session_id, r.stripe_payment_intent_id]))).toEqual({ [good]: 'pi_3Pgaf_good', [bad]: null });
    });

    it('a paid session whose account is gone: ignored, naming the session, logged', async () => {
      const user = await b.newUser(0);
      const { sessionId } = (await buy(user)).body;
      await b.pool.query('delete from auth.users where id = $1', [user.id]);
      const out = await answer(b.stripe.event('checkout.session.completed', sessionId));
      const detail = `session ${sessionId} is paid but its account no longer exists: marked for review`;
      expect(out.body).toMatchObject({ action: 'ignored', detail });
      expect(out.logs).toEqual([`stripe webhook: ${detail}`]);
    });

    it('expired and failed async payments mark a pending payment, never a paid one', async () => {
      const user = await b.newUser(0);
      const expiring = (await buy(user, 'starter', randomUUID())).body.sessionId;
      expect((await answer(b.stripe.event('checkout.session.expired', expiring))).body).toMatchObject({ action: 'marked', detail: 'expired' });
      const failing = (await buy(user, 'starter', randomUUID())).body.sessionId;
      expect((await answer(b.stripe.event('checkout.session.async_payment_failed', failing))).body).toMatchObject({ action: 'marked', detail: 'failed' });
      const done = await paid(user);
      await answer(b.stripe.event('checkout.session.async_payment_failed', done));
      expect([(await payment(expiring)).status, (await payment(failing)).status, (await payment(done)).status]).toEqual(['expired', 'failed', 'paid']);
      expect(await b.balance(user.id)).toEqual({ balance: 10, ledger: 10 });
    });

    it('refunds: what was taken back and owed, a replay, spent credits logged as owed, and refunds the handler cannot place', async () => {
      const user = await b.newUser(0);
      const sessionId = await paid(user);
      await b.pool.query('select * from public.spend_credits($1, 7, $2)', [user.id, `spent-${randomUUID()}`]);
      const refund = b.stripe.refundEvent(sessionId);
      const out = await answer(refund);
      expect(out.body).toMatchObject({ action: 'revoked', detail: '3 credits taken back, 7 owed' });
      expect(out.logs).toEqual(['stripe webhook: refunded; 7 credits were already spent and are recorded as owed']);
      expect((await answer(refund)).body).toMatchObject({ action: 'revoked', detail: 'already taken back' });

      const other = await paid(user);
      const clean = await answer(b.stripe.refundEvent(other));
      expect(clean).toMatchObject({ body: { action: 'revoked', detail: '10 credits taken back, 0 owed' }, logs: [] });

      const charge = (object: Record<string, unknown>) => ({ id: 'evt_charge', object: 'event', type: 'charge.refunded', data: { object: { object: 'charge', ...object } } });
      for (const object of [{ amount_refunded: 999 }, { payment_intent: 'pi_x1', amount_refunded: 9.5 }, { payment_intent: 'pi_x1' }, { payment_intent: 'xx_1', amount_refunded: 999 }]) {
        const none = await answer(charge(object));
        expect(none.body, JSON.stringify(object)).toMatchObject({ action: 'ignored', detail: 'a refunded event without a PaymentIntent or amount' });
        expect(none.logs).toEqual(['stripe webhook: a refunded event without a PaymentIntent or amount']);
      }
      expect((await answer(charge({ payment_intent: 'pi_nobody_paid', amount_refunded: 999 }))).body).toMatchObject({ action: 'ignored', detail: 'refunded for pi_nobody_paid: unknown payment' });
      // a refund of 0 is a refund event like any other: read, not refused as missing
      expect((await answer(charge({ payment_intent: 'pi_nobody_paid', amount_refunded: 0 }))).body).toMatchObject({ detail: 'refunded for pi_nobody_paid: unknown payment' });
    });

    it('disputes: opened and won name their status; lost takes back; one without a PaymentIntent is ignored', async () => {
      const user = await b.newUser(0);
      const sessionId = await paid(user);
      expect((await answer(b.stripe.disputeEvent(sessionId, 'created'))).body).toMatchObject({ action: 'marked', detail: 'dispute needs_response' });
      expect((await payment(sessionId)).status).toBe('disputed');
      expect((await answer(b.stripe.disputeEvent(sessionId, 'won'))).body).toMatchObject({ action: 'marked', detail: 'dispute won' });
      expect((await payment(sessionId)).status).toBe('paid');
      // a dispute created again and closed as lost takes the pack back
      await answer(b.stripe.disputeEvent(sessionId, 'created'));
      expect((await answer(b.stripe.disputeEvent(sessionId, 'lost'))).body).toMatchObject({ action: 'revoked', detail: '10 credits taken back, 0 owed' });
      expect((await payment(sessionId)).status).toBe('dispute_lost');
      // 'lost' only counts on a closed dispute: a created event that says lost only marks
      const other = await paid(user);
      const odd = b.stripe.disputeEvent(other, 'created') as { data: { object: Record<string, unknown> } };
      odd.data.object.status = 'lost';
      expect((await answer(odd)).body).toMatchObject({ action: 'marked', detail: 'dispute lost' });
      expect(await b.balance(user.id)).toEqual({ balance: 10, ledger: 10 });
      const bare = await answer({ id: 'evt_dp', object: 'event', type: 'charge.dispute.closed', data: { object: { object: 'dispute', status: 'lost' } } });
      expect(bare).toMatchObject({ body: { action: 'ignored', detail: 'a dispute without a PaymentIntent' }, logs: ['stripe webhook: a dispute without a PaymentIntent'] });
    });

    it('an event whose object is missing, null or not an object is read as empty: ignored in our words, never a 500 that Stripe retries', async () => {
      const expected: Record<string, string> = {
        'checkout.session.completed': 'payment unknown: waiting for async_payment_succeeded',
        'checkout.session.async_payment_succeeded': 'a session event without a valid session id',
        'checkout.session.expired': 'a session event without a valid session id',
        'charge.refunded': 'a refunded event without a PaymentIntent or amount',
        'charge.dispute.created': 'a dispute without a PaymentIntent',
      };
      for (const data of [{}, { object: null }, { object: 'cs_test_a_string' }, { object: 7 }]) {
        for (const [type, detail] of Object.entries(expected)) {
          const out = await answer({ id: 'evt_odd', object: 'event', type, data });
          expect(out.body, `${type} ${JSON.stringify(data)}`).toEqual({ received: true, eventId: 'evt_odd', action: 'ignored', detail });
        }
      }
    });

    it('a refund of a payment that was never paid here (held for review) takes nothing back: ignored, naming it, logged', async () => {
      const user = await b.newUser(0);
      const { sessionId } = (await buy(user, 'starter', randomUUID())).body;
      const pi = `pi_review_${randomUUID().replace(/-/g, '')}`;
      expect((await answer(b.stripe.event('checkout.session.completed', sessionId, { amount_total: 998, payment_intent: pi }))).body).toMatchObject({ action: 'review' });
      const out = await answer({ id: 'evt_refund_review', object: 'event', type: 'charge.refunded', data: { object: { object: 'charge', payment_intent: pi, amount_refunded: 998 } } });
      expect(out.body).toMatchObject({ action: 'ignored', detail: `refunded for ${pi}: not paid` });
      expect(out.logs).toEqual([`stripe webhook: refunded for ${pi}: not paid`]);
      expect(await payment(sessionId)).toMatchObject({ status: 'needs_review' });
      expect(await b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
    });

    it('another event type is acknowledged under its own name', async () => {
      expect((await answer({ id: 'evt_other', object: 'event', type: 'invoice.paid', data: { object: { object: 'invoice' } } })).body).toEqual({
        received: true,
        eventId: 'evt_other',
        action: 'ignored',
        detail: 'invoice.paid',
      });
    });

    it('a delivery without a signature header, or with one that does not match, names the reason; an oversized one is refused', async () => {
      const missing = await b.call<{ error: { code: string; message: string } }>(logged, { method: 'POST', body: '{}' });
      expect(missing).toMatchObject({ status: 400, body: { error: { code: 'invalid_signature', message: 'Missing Stripe-Signature header.' } } });
      const wrong = await b.call<{ error: { code: string; message: string } }>(logged, { method: 'POST', body: '{}', headers: { 'stripe-signature': 't=1,v1=00' } });
      expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'invalid_signature', message: 'The Stripe signature does not match this payload.' } } });
      const payload = JSON.stringify({ id: 'evt_big', object: 'event', type: 'invoice.paid', data: { object: { pad: 'x'.repeat(512 * 1024) } } });
      const header = b.stripeSdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
      expect((await b.call(logged, { method: 'POST', body: payload, headers: { 'stripe-signature': header } })).status).toBe(413);
      const get = await b.call(logged, { method: 'GET' });
      expect(get.status).toBe(405);
    });
  });

  it('checkout-return serves a page that links back to the app', async () => {
    const handler = createCheckoutReturnHandler();
    const ok = await b.call<string>(handler, { method: 'GET', path: '/checkout-return?status=success&session_id=cs_test_abc123' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/html/);
    expect(ok.body).toContain('href="echoes://checkout/done?session_id=cs_test_abc123"');
    expect(ok.body).toContain('Payment received');
    const hostile = await b.call<string>(handler, { method: 'GET', path: '/checkout-return?status=success&session_id=%22%3E%3Cscript%3E' });
    expect(hostile.body).not.toContain('<script>');
    expect(hostile.body).toContain('href="echoes://checkout/done"');
    const cancelled = await b.call<string>(handler, { method: 'GET', path: '/checkout-return?status=cancelled' });
    expect(cancelled.body).toContain('echoes://checkout/cancelled');
  });
});
