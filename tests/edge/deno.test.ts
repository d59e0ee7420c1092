// Every edge function started under real Deno (the deno npm package's binary), exactly as
// supabase/functions/<name>/index.ts is deployed, with SUPABASE_DB_URL pointing at the
// scratch PostgreSQL database and the other services at the local fakes, then called over
// HTTP. Also type-checks the functions with `deno check`.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithDatabase } from '../db/scratch';
import { startDenoFunction, type RunningFunction } from '../fakes/supabase/deno-functions';
import { startBackend, uploadPhoto, WEBHOOK_SECRET, type Backend } from './harness';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const deno = join(root, 'node_modules', '.bin', 'deno');
const FUNCTIONS = ['clip-generation', 'clip-status', 'clip-details', 'create-checkout', 'checkout-return', 'stripe-webhook', 'account', 'admin'] as const;
type FunctionName = (typeof FUNCTIONS)[number];
const ADMIN_PASSWORD = 'deno-admin-password';
/** Every function folder (each has an index.ts), so a new function is type-checked without being listed. */
const ALL_FUNCTIONS = readdirSync(join(root, 'supabase', 'functions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name);

it('every function folder is started here', () => {
  expect([...ALL_FUNCTIONS].sort()).toEqual([...FUNCTIONS].sort());
});

it('deno check passes for every function', () => {
  const result = spawnSync(deno, ['check', '--no-lock', ...ALL_FUNCTIONS.map((f) => join('supabase', 'functions', f, 'index.ts'))], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    timeout: 180_000,
  });
  expect(result.stderr + result.stdout).not.toMatch(/error/i);
  expect(result.status).toBe(0);
}, 200_000);

describeWithDatabase('edge functions under real Deno', (databaseUrl) => {
  let b: Backend;
  const running = new Map<FunctionName, RunningFunction>();

  beforeAll(async () => {
    b = await startBackend(databaseUrl, 'edge_deno');
    const env = {
      SUPABASE_DB_URL: b.scratch.url,
      SUPABASE_URL: b.supabase.url,
      SUPABASE_SERVICE_ROLE_KEY: b.supabase.serviceRoleKey,
      RUNWAYML_API_SECRET: b.runway.apiKey,
      RUNWAYML_BASE_URL: b.runway.url,
      STRIPE_SECRET_KEY: b.stripe.secretKey,
      STRIPE_API_BASE: b.stripe.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ADMIN_PASSWORD,
      PUBLIC_FUNCTIONS_URL: 'https://project-ref.supabase.co/functions/v1',
    };
    const started = await Promise.allSettled(FUNCTIONS.map(async (name) => running.set(name, await startDenoFunction(name, env))));
    const failed = started.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed.length) throw failed[0]!.reason;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([...running.values()].map((r) => r.stop()));
    await b?.close();
  });

  async function call(name: FunctionName, init: { method?: string; path?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${running.get(name)!.url}${init.path ?? '/'}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
  }

  it('clip-generation, clip-status and clip-details: a paid generation from request to stored video', async () => {
    const user = await b.newUser(2);
    const projectId = randomUUID();
    const clipId = randomUUID();
    const imagePath = uploadPhoto(b, user.id, projectId);

    const pre = await call('clip-generation', { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');

    const started = await call('clip-generation', {
      method: 'POST',
      token: user.token,
      body: { clipId, projectId, requestId: randomUUID(), imagePath, prompt: 'gentle zoom', duration: 5, ratio: '1104:832' },
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', balance: 1 });

    let state = started.body;
    // the task runs in real time at Runway
    for (let i = 0; i < 100 && state.status !== 'succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      state = (await call('clip-status', { path: `/?takeId=${started.body.takeId}`, token: user.token })).body;
    }
    expect(state.status).toBe('succeeded');
    expect(b.supabase.readObject('private-photos', `${user.id}/${projectId}/${clipId}/${started.body.takeId}.mp4`) !== undefined).toBe(true);

    const details = await call('clip-details', { method: 'POST', token: user.token, body: { clipIds: [clipId] } });
    expect(details.status).toBe(200);
    expect(details.body.clips[0]).toMatchObject({ id: clipId, status: 'ready' });
    expect((await fetch(details.body.clips[0].videoUrl)).status).toBe(200);
    expect(await b.balance(user.id)).toEqual({ balance: 1, ledger: 1 });
  });

  it('create-checkout, stripe-webhook and checkout-return: buying a pack', async () => {
    const user = await b.newUser(1);
    const checkout = await call('create-checkout', { method: 'POST', token: user.token, body: { packId: 'starter' } });
    expect(checkout.status).toBe(200);
    expect(checkout.body.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);

    const payload = JSON.stringify(b.stripe.event('checkout.session.completed', checkout.body.sessionId));
    const signature = b.stripeSdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const bad = await call('stripe-webhook', { method: 'POST', body: payload, headers: { 'stripe-signature': signature.replace(/v1=\w/, 'v1=0') } });
    expect(bad.status).toBe(400);
    const ok = await call('stripe-webhook', { method: 'POST', body: payload, headers: { 'stripe-signature': signature } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ action: 'granted' });
    const replay = await call('stripe-webhook', { method: 'POST', body: payload, headers: { 'stripe-signature': signature } });
    expect(replay.body).toMatchObject({ action: 'already_granted' });
    expect(await b.balance(user.id)).toEqual({ balance: 11, ledger: 11 });

    const page = await call('checkout-return', { path: `/?status=success&session_id=${checkout.body.sessionId}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`echoes://checkout/done?session_id=${checkout.body.sessionId}`);
  });

  it('account and admin', async () => {
    const user = await b.newUser(3);
    const me = await call('account', { token: user.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ balance: 3, userId: user.id });

    const denied = await call('admin', { headers: { 'x-admin-password': 'nope', 'x-forwarded-for': '192.0.2.10' } });
    expect(denied.status).toBe(401);
    const settings = await call('admin', { headers: { 'x-admin-password': ADMIN_PASSWORD, 'x-forwarded-for': '192.0.2.11' } });
    expect(settings.status).toBe(200);
    expect(settings.body.config.generation).toMatchObject({ provider: 'runway', model: 'gen4_turbo' });
  });

  it('logs nothing that looks like a crash', () => {
    for (const [name, r] of running) expect(r.output.join(''), name).not.toMatch(/Uncaught|panicked/);
  });
});
