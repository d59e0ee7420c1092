/**
 * Money under network faults (issue 17): the edge functions under real Deno against real
 * PostgreSQL, the Runway stand-in and Stripe events signed by the real library, through every
 * fault the issue lists, then the money audited from the stand-in's log and the database:
 *   - paid_tasks_per_clip_max: the most tasks Runway created (and billed) for any one clip
 *   - unreconciled_tasks: paid tasks no take or logged decision accounts for, plus takes left
 *     unresolved
 *   - credits_without_payment: purchased credits with no paid payments row behind them
 * Every figure is counted from this run. Last line: that JSON.
 *
 * Run: npm run bench:cloud-faults   (needs DATABASE_URL: eval "$(bash tests/db/start-postgres.sh)")
 */
import { randomUUID } from 'node:crypto';
import { databaseUrl } from '../db/scratch';
import { DENO_ADMIN_PASSWORD, FAULT_CREATE_TIMEOUT_MS, faultFunctions, startDenoBackend, type DenoBackend } from '../edge/deno-backend';
import { uploadPhoto, WEBHOOK_SECRET, type TestUser } from '../edge/harness';
import { auditMoney } from '../edge/money-audit';

const CREATE_TIMEOUT_MS = FAULT_CREATE_TIMEOUT_MS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: eval "$(bash tests/db/start-postgres.sh)" first');
  const started = Date.now();
  const d = await startDenoBackend(databaseUrl, 'bench_cloud_faults', faultFunctions(), { concurrency: 4 });
  console.log(`functions up under Deno in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  try {
    await run(d);
    const audit = await auditMoney(d.b.pool, d.b.runway);
    console.log(
      `audit: ${audit.paidTasks} paid tasks at the stand-in, ${audit.readyTakes} ready takes, ${audit.spends} charges, ${audit.refunds} refunds, ` +
        `${audit.ledgerMismatches} ledgers not summing to their balance`,
    );
    console.log(JSON.stringify({ paid_tasks_per_clip_max: audit.paidTasksPerClipMax, unreconciled_tasks: audit.unreconciledTasks, credits_without_payment: audit.creditsWithoutPayment }));
  } finally {
    await d.close();
  }
}

async function run(d: DenoBackend): Promise<void> {
  const takes: Array<{ user: TestUser; takeId: string }> = [];
  const request = (user: TestUser) => {
    const projectId = randomUUID();
    return { clipId: randomUUID(), projectId, requestId: randomUUID(), imagePath: uploadPhoto(d.b, user.id, projectId), duration: 5, ratio: '1280:720' };
  };
  const generate = async (user: TestUser, fn = 'clip-generation') => {
    const res = await d.call(fn, { method: 'POST', token: user.token, body: request(user) });
    if (res.status === 202) takes.push({ user, takeId: res.body.takeId });
    return res;
  };
  const settle = async (user: TestUser, takeId: string, fn = 'clip-status') => {
    let res = await d.call(fn, { path: `/?takeId=${takeId}`, token: user.token });
    for (let i = 0; i < 400 && ['queued', 'running'].includes(res.body.status); i++) {
      await sleep(50);
      res = await d.call(fn, { path: `/?takeId=${takeId}`, token: user.token });
    }
    return res.body;
  };
  const deliver = (event: unknown) => {
    const payload = JSON.stringify(event);
    return d.call('stripe-webhook', { method: 'POST', body: payload, headers: { 'stripe-signature': d.b.stripeSdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) } });
  };
  const user = await d.b.newUser(100);

  // 1. a create connection dropped after Runway made the task, on a warm (pooled) client
  for (let i = 0; i < 3; i++) {
    await settle(user, (await generate(user)).body.takeId);
    d.b.runway.script({ drop: 'after-create' });
    await generate(user);
  }
  // 2. a 5xx after the task exists; a create that times out; a task that turns up after its refund
  d.b.runway.script({ httpStatus: 502, afterCreate: true }, { httpStatus: 500, afterCreate: true });
  await generate(user);
  await generate(user);
  d.b.runway.script({ delayMs: CREATE_TIMEOUT_MS + 800 });
  await generate(user);
  d.b.runway.script({ delayMs: 2000 });
  const slow = generate(user, 'clip-generation@slow');
  await sleep(1000);
  const { rows } = await d.b.pool.query<{ id: string }>(`select id from public.clip_takes where status = 'submitting' order by created_at desc limit 1`);
  if (rows[0]) await d.call('clip-status@eager', { path: `/?takeId=${rows[0].id}`, token: user.token });
  await slow;
  // 3. expired output links
  d.b.runway.expireOutputLinks(2);
  await generate(user);
  // 6. the operator's Runway account out of credits
  const credits = d.b.runway.organizationCredits();
  d.b.runway.setOrganizationCredits(0);
  const broke = await generate(user);
  d.b.runway.setOrganizationCredits(credits);
  console.log(`out of Runway credits: ${broke.status} ${broke.body.error?.code}: "${broke.body.error?.message}"`);

  // the load: 50 at once on 10 credits, one create connection in five dropped
  const ten = await d.b.newUser(10);
  d.b.runway.script(...Array.from({ length: 10 }, (_, i) => ((i + 1) % 5 === 0 ? { drop: 'after-create' as const } : {})));
  const burst = await Promise.all(Array.from({ length: 50 }, () => generate(ten)));
  console.log(`50 at once on 10 credits: ${burst.filter((r) => r.status === 202).length} accepted, ${burst.filter((r) => r.status === 402).length} refused for credits`);

  const outcomes = await Promise.all(takes.map((t) => settle(t.user, t.takeId)));
  const count = (f: (o: { status: string; failure?: { code: string } }) => boolean) => outcomes.filter(f).length;
  console.log(
    `takes: ${takes.length}; ready ${count((o) => o.status === 'succeeded')}, refunded unconfirmed ${count((o) => o.failure?.code === 'PROVIDER_UNCONFIRMED')}, ` +
      `other failures ${count((o) => o.status === 'failed' && o.failure?.code !== 'PROVIDER_UNCONFIRMED')}, unresolved ${count((o) => ['queued', 'running'].includes(o.status))}`,
  );
  const { rows: ev } = await d.b.pool.query<{ event: string; n: number }>('select event, count(*)::int as n from public.take_events group by event order by event');
  console.log(`logged decisions: ${ev.map((e) => `${e.event} ${e.n}`).join(', ')}`);

  // 4. and 5. Stripe: a forged unknown session, a price mismatch, a deleted account, a refund, a lost dispute
  const buyer = await d.b.newUser(0);
  const buy = async (u: TestUser) => (await d.call('create-checkout', { method: 'POST', token: u.token, body: { packId: 'starter', requestId: randomUUID() } })).body.sessionId as string;
  const forged = await deliver({
    id: 'evt_forged',
    object: 'event',
    type: 'checkout.session.completed',
    data: { object: { id: 'cs_test_forged', payment_status: 'paid', client_reference_id: buyer.id, metadata: { user_id: buyer.id, credits: '1000' }, amount_total: 50, currency: 'usd' } },
  });
  const cheap = await deliver(d.b.stripe.event('checkout.session.completed', await buy(buyer), { amount_total: 50 }));
  const refunded = await buy(buyer);
  await deliver(d.b.stripe.event('checkout.session.completed', refunded));
  await deliver(d.b.stripe.refundEvent(refunded));
  const disputed = await buy(buyer);
  await deliver(d.b.stripe.event('checkout.session.completed', disputed));
  await deliver(d.b.stripe.disputeEvent(disputed, 'created'));
  await deliver(d.b.stripe.disputeEvent(disputed, 'lost'));
  const kept = await buy(buyer);
  await deliver(d.b.stripe.event('checkout.session.completed', kept));
  const gone = await d.b.newUser(0);
  const goneSession = await buy(gone);
  await d.b.pool.query('delete from auth.users where id = $1', [gone.id]);
  const orphan = await deliver(d.b.stripe.event('checkout.session.completed', goneSession));
  const balance = await d.b.balance(buyer.id);
  console.log(
    `stripe: forged ${forged.status} ${forged.body.action}, underpaid ${cheap.status} ${cheap.body.action}, deleted account ${orphan.status} ${orphan.body.action}; ` +
      `buyer of 4 packs (1 refunded, 1 lost dispute, 1 underpaid) holds ${balance.balance} credits (ledger ${balance.ledger})`,
  );

  // 7. admin guessing from 10 addresses, then the right password from a clean one
  const guesses = await Promise.all(
    Array.from({ length: 50 }, (_, k) => d.call('admin', { headers: { 'x-admin-password': `guess-${k}`, 'x-forwarded-for': `198.18.0.${(k % 10) + 1}` } })),
  );
  const wrong = guesses.filter((g) => g.status === 401).length;
  const admin = await d.call('admin', { headers: { 'x-admin-password': DENO_ADMIN_PASSWORD, 'x-forwarded-for': '198.18.1.1' } });
  console.log(`admin: ${wrong} wrong passwords answered from 10 addresses, the rest slowed; the right one from a clean address: ${admin.status}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
