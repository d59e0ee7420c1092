// Issue 17: money stays exact when the network misbehaves. Every case runs the edge functions
// under real Deno (as deployed) against real PostgreSQL, the Runway stand-in (which creates,
// bills and runs tasks like the real API, and drops connections or fails after creating when
// told to) and Stripe events signed by the real stripe library.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROVIDER_BUSY } from '../../supabase/functions/_shared/runway';
import { describeWithDatabase } from '../db/scratch';
import { DENO_ADMIN_PASSWORD, FAULT_CREATE_TIMEOUT_MS, faultFunctions, startDenoBackend, type DenoBackend } from './deno-backend';
import { auditMoney } from './money-audit';
import { uploadPhoto, type TestUser } from './harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CREATE_TIMEOUT_MS = FAULT_CREATE_TIMEOUT_MS;

describeWithDatabase('money under network faults (edge functions under Deno)', (databaseUrl) => {
  let d: DenoBackend;

  beforeAll(async () => {
    d = await startDenoBackend(databaseUrl, 'edge_faults', faultFunctions());
  }, 180_000);
  afterAll(async () => {
    await d?.close();
  });

  function request(user: TestUser) {
    const projectId = randomUUID();
    return { clipId: randomUUID(), projectId, requestId: randomUUID(), imagePath: uploadPhoto(d.b, user.id, projectId), duration: 5, ratio: '1280:720' };
  }
  const generate = (user: TestUser, body: unknown, fn = 'clip-generation') => d.call(fn, { method: 'POST', token: user.token, body });
  const poll = (user: TestUser, takeId: string, fn = 'clip-status') => d.call(fn, { path: `/?takeId=${takeId}`, token: user.token });
  async function pollUntil(user: TestUser, takeId: string, done: (body: { status: string; stage: string }) => boolean, fn = 'clip-status') {
    let res = await poll(user, takeId, fn);
    for (let i = 0; i < 200 && !done(res.body); i++) {
      await sleep(50);
      res = await poll(user, takeId, fn);
    }
    return res;
  }
  /** The tasks Runway created (and billed) for a take, found by the request id the create carried. */
  async function tasksOf(takeId: string) {
    const { rows } = await d.b.pool.query<{ create_request_id: string }>('select create_request_id from public.clip_takes where id = $1', [takeId]);
    return [...d.b.runway.tasks.values()].filter((t) => t.requestId === rows[0]!.create_request_id);
  }
  const events = async (takeId: string) =>
    (await d.b.pool.query<{ event: string }>('select event from public.take_events where take_id = $1 order by created_at', [takeId])).rows.map((r) => r.event);
  const creates = () => d.b.runway.requests.filter((r) => r.method === 'POST' && r.path === '/v1/image_to_video');

  it('1. a connection dropped after Runway created the task: one paid task, not a resent second one; refunded once unconfirmed', async () => {
    const user = await d.b.newUser(3);
    // a first generation, so a pooled connection to Runway would exist for the next call to reuse
    const warm = await generate(user, request(user));
    expect(warm.status).toBe(202);
    expect((await pollUntil(user, warm.body.takeId, (b) => b.status === 'succeeded')).body.status).toBe('succeeded');

    d.b.runway.script({ drop: 'after-create' });
    const body = request(user);
    const before = creates().length;
    const res = await generate(user, body);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', stage: 'unknown', taskId: null });
    expect(creates().length - before).toBe(1);
    expect(await tasksOf(res.body.takeId)).toHaveLength(1);
    // every create went out on a connection of its own
    for (const c of creates()) expect(c.headers.connection).toBe('close');
    expect(new Set(creates().map((c) => c.remotePort)).size).toBe(creates().length);

    const settled = await pollUntil(user, res.body.takeId, (b) => b.status !== 'queued');
    expect(settled.body).toMatchObject({ status: 'failed', failure: { code: 'PROVIDER_UNCONFIRMED', retryable: true } });
    expect(await events(res.body.takeId)).toEqual(['create_unknown', 'refunded_unconfirmed']);
    expect(await tasksOf(res.body.takeId)).toHaveLength(1);
    expect(await d.b.balance(user.id)).toEqual({ balance: 2, ledger: 2 });
  });

  it('2a. a 5xx after the task exists: the take waits unknown and charged, the app\'s retry starts no second task, then it is refunded', async () => {
    const user = await d.b.newUser(1);
    d.b.runway.script({ httpStatus: 502, afterCreate: true, error: 'upstream connect error' });
    const body = request(user);
    const res = await generate(user, body);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', stage: 'unknown' });
    expect(await d.b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
    const retry = await generate(user, { ...body, requestId: randomUUID() });
    expect(retry.status).toBe(409);
    const settled = await pollUntil(user, res.body.takeId, (b) => b.status !== 'queued');
    expect(settled.body.failure).toMatchObject({ code: 'PROVIDER_UNCONFIRMED' });
    expect(await tasksOf(res.body.takeId)).toHaveLength(1);
    expect(await d.b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
  });

  it('2b. a create that times out is not resent and waits unknown; no refund while its answer could still come', async () => {
    const user = await d.b.newUser(1);
    d.b.runway.script({ delayMs: CREATE_TIMEOUT_MS + 1000 });
    const before = creates().length;
    const res = await generate(user, request(user));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ stage: 'unknown' });
    expect((await poll(user, res.body.takeId)).body).toMatchObject({ status: 'queued', stage: 'unknown' });
    expect(await d.b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
    await sleep(1200);
    expect(creates().length - before).toBe(1);
    expect(await tasksOf(res.body.takeId)).toHaveLength(1);
    expect((await pollUntil(user, res.body.takeId, (b) => b.status !== 'queued')).body.failure).toMatchObject({ code: 'PROVIDER_UNCONFIRMED' });
    expect(await d.b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
  });

  it('2c. a task that turns up after its take was refunded is cancelled at Runway, and the decision is logged', async () => {
    const user = await d.b.newUser(1);
    d.b.runway.script({ delayMs: 4000 });
    const pending = generate(user, request(user), 'clip-generation@slow');
    // the create is under way (its start recorded), then the eager status check finds it past its window
    let takeId = '';
    for (let i = 0; i < 200 && !takeId; i++) {
      const { rows } = await d.b.pool.query<{ id: string }>('select id from public.clip_takes where user_id = $1 and create_started_at is not null', [user.id]);
      takeId = rows[0]?.id ?? '';
      if (!takeId) await sleep(25);
    }
    await sleep(600);
    expect((await poll(user, takeId, 'clip-status@eager')).body.failure).toMatchObject({ code: 'PROVIDER_UNCONFIRMED' });
    expect(await d.b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
    const late = await pending;
    expect(late.body).toMatchObject({ status: 'failed' });
    const [task] = await tasksOf(takeId);
    expect(d.b.runway.statusOf(task!.id)).toBe('CANCELLED');
    expect(await events(takeId)).toEqual(['refunded_unconfirmed', 'cancelled_after_refund']);
    expect(await d.b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
  });

  it('3. an expired output link is recovered by reading the task again: the clip is ready, not refunded', async () => {
    const user = await d.b.newUser(1);
    d.b.runway.expireOutputLinks(1);
    const res = await generate(user, request(user));
    const done = await pollUntil(user, res.body.takeId, (b) => !['queued', 'running'].includes(b.status));
    expect(done.body.status).toBe('succeeded');
    expect(await events(res.body.takeId)).toEqual(['output_refreshed']);
    expect(await tasksOf(res.body.takeId)).toHaveLength(1);
    expect(await d.b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
  });

  it('4. a signed event for an unknown session with metadata credits "1000" and amount_total 50 grants nothing; a deleted account is a 200', async () => {
    const user = await d.b.newUser(1);
    const deliver = (event: unknown) => {
      const payload = JSON.stringify(event);
      const signature = d.b.stripeSdk.webhooks.generateTestHeaderString({ payload, secret: 'whsec_test_echoes' });
      return d.call('stripe-webhook', { method: 'POST', body: payload, headers: { 'stripe-signature': signature } });
    };
    const forged = await deliver({
      id: 'evt_forged',
      object: 'event',
      type: 'checkout.session.completed',
      data: { object: { id: 'cs_test_forged', payment_status: 'paid', client_reference_id: user.id, metadata: { user_id: user.id, credits: '1000' }, amount_total: 50, currency: 'usd' } },
    });
    expect(forged.status).toBe(200);
    expect(forged.body).toMatchObject({ action: 'ignored' });
    expect(await d.b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });

    const gone = await d.b.newUser(1);
    const checkout = await d.call('create-checkout', { method: 'POST', token: gone.token, body: { packId: 'starter' } });
    await d.b.pool.query('delete from auth.users where id = $1', [gone.id]);
    const paid = await deliver(d.b.stripe.event('checkout.session.completed', checkout.body.sessionId));
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ action: 'ignored' });
  });

  it('5. a refund takes back the credits still unspent and records the rest as owed', async () => {
    const user = await d.b.newUser(0);
    const checkout = await d.call('create-checkout', { method: 'POST', token: user.token, body: { packId: 'starter' } });
    const deliver = (event: unknown) => {
      const payload = JSON.stringify(event);
      const signature = d.b.stripeSdk.webhooks.generateTestHeaderString({ payload, secret: 'whsec_test_echoes' });
      return d.call('stripe-webhook', { method: 'POST', body: payload, headers: { 'stripe-signature': signature } });
    };
    expect((await deliver(d.b.stripe.event('checkout.session.completed', checkout.body.sessionId))).body).toMatchObject({ action: 'granted' });
    await d.b.pool.query('select * from public.spend_credits($1, 4, $2)', [user.id, `spent-${user.id}`]);
    expect((await deliver(d.b.stripe.refundEvent(checkout.body.sessionId))).body).toMatchObject({ action: 'revoked' });
    expect(await d.b.balance(user.id)).toEqual({ balance: 0, ledger: 0 });
    const { rows } = await d.b.pool.query('select status, credits_revoked, credits_owed from public.payments where stripe_session_id = $1', [checkout.body.sessionId]);
    expect(rows[0]).toEqual({ status: 'refunded', credits_revoked: 6, credits_owed: 4 });
  });

  it('6. the operator\'s Runway account out of credits: the creator reads our words, Runway\'s text and balance go to the log only', async () => {
    const user = await d.b.newUser(1);
    const saved = d.b.runway.organizationCredits();
    d.b.runway.setOrganizationCredits(0);
    try {
      const res = await generate(user, request(user));
      expect(res.status).toBe(503);
      expect(res.body.error).toEqual({ code: 'provider_busy', message: PROVIDER_BUSY });
      expect(JSON.stringify(res.body)).not.toMatch(/organi[sz]ation|25 credits|has 0/);
    } finally {
      d.b.runway.setOrganizationCredits(saved);
    }
    expect(await d.b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
    expect(d.output('clip-generation')).toMatch(/It needs 25 credits and the organization has 0/);
  });

  it('7. guessing from 10 addresses is slowed per address, and the right password from a clean address still gets in', async () => {
    const admin = (ip: string, password: string) => d.call('admin', { headers: { 'x-admin-password': password, 'x-forwarded-for': ip } });
    const attackers = Array.from({ length: 10 }, (_, i) => `198.18.0.${i + 1}`);
    // each address guesses 5 times at once: counted before the compare, so only the free attempts and one more are answered
    const answers = (await Promise.all(attackers.map((ip) => Promise.all(Array.from({ length: 5 }, (_, i) => admin(ip, `guess-${i}`)))))).flat();
    expect(answers.filter((a) => a.status === 401)).toHaveLength(40);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(10);
    expect((await admin('198.18.1.1', DENO_ADMIN_PASSWORD)).status).toBe(200);
  });

  it('after all of the above: at most one paid task per clip, every paid task accounted for, no credit without a payment', async () => {
    const audit = await auditMoney(d.b.pool, d.b.runway);
    expect(audit).toMatchObject({ paidTasksPerClipMax: 1, unreconciledTasks: 0, creditsWithoutPayment: 0, ledgerMismatches: 0 });
  });
});

describeWithDatabase('50 generations at once on 10 credits while Runway drops one create connection in five (under Deno)', (databaseUrl) => {
  let d: DenoBackend;
  beforeAll(async () => {
    const { 'clip-generation': generation, 'clip-status': status } = faultFunctions();
    d = await startDenoBackend(databaseUrl, 'edge_faults_load', { 'clip-generation': generation!, 'clip-status': status! }, { dropAfterCreateEvery: 5, concurrency: 4 });
  }, 180_000);
  afterAll(async () => {
    await d?.close();
  });

  it('charges 10, pays Runway for 10 tasks, one per clip: every task ends ready or is refunded as unconfirmed and logged; the ledger sums to the balance', async () => {
    const user = await d.b.newUser(10);
    const bodies = Array.from({ length: 50 }, () => {
      const projectId = randomUUID();
      return { clipId: randomUUID(), projectId, requestId: randomUUID(), imagePath: uploadPhoto(d.b, user.id, projectId), duration: 5, ratio: '960:960' };
    });
    const answers = await Promise.all(bodies.map((body) => d.call('clip-generation', { method: 'POST', token: user.token, body })));
    const accepted = answers.filter((a) => a.status === 202);
    expect(accepted).toHaveLength(10);
    expect(answers.filter((a) => a.status === 402)).toHaveLength(40);
    expect(accepted.filter((a) => a.body.stage === 'unknown')).toHaveLength(2);

    const settled = await Promise.all(
      accepted.map(async (a) => {
        let res = await d.call('clip-status', { path: `/?takeId=${a.body.takeId}`, token: user.token });
        for (let i = 0; i < 200 && ['queued', 'running'].includes(res.body.status); i++) {
          await sleep(50);
          res = await d.call('clip-status', { path: `/?takeId=${a.body.takeId}`, token: user.token });
        }
        return res.body;
      }),
    );
    const ready = settled.filter((t) => t.status === 'succeeded');
    const unconfirmed = settled.filter((t) => t.failure?.code === 'PROVIDER_UNCONFIRMED');
    expect(ready).toHaveLength(8);
    expect(unconfirmed).toHaveLength(2);

    const audit = await auditMoney(d.b.pool, d.b.runway);
    // the paid tasks at the stand-in are the ready takes plus the two whose answer was lost (refunded, logged)
    expect(audit.paidTasks).toBe(ready.length + unconfirmed.length);
    expect(audit).toMatchObject({ paidTasksPerClipMax: 1, unreconciledTasks: 0, spends: 10, refunds: 2, readyTakes: 8, ledgerMismatches: 0 });
    expect(await d.b.balance(user.id)).toEqual({ balance: 2, ledger: 2 });
  }, 120_000);
});
