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
import { DENO_ADMIN_PASSWORD as ADMIN_PASSWORD, startDenoBackend, type DenoBackend } from './deno-backend';
import { uploadPhoto, WEBHOOK_SECRET, type Backend } from './harness';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const deno = join(root, 'node_modules', '.bin', 'deno');
const FUNCTIONS = ['clip-generation', 'clip-status', 'clip-details', 'create-checkout', 'checkout-return', 'stripe-webhook', 'account', 'admin', 'telemetry', 'library'] as const;
type FunctionName = (typeof FUNCTIONS)[number];
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
  let d: DenoBackend;
  let b: Backend;

  beforeAll(async () => {
    d = await startDenoBackend(databaseUrl, 'edge_deno', Object.fromEntries(FUNCTIONS.map((name) => [name, {}])));
    b = d.b;
  }, 180_000);

  afterAll(async () => {
    await d?.close();
  });

  const call = (name: FunctionName, init: Parameters<DenoBackend['call']>[1] = {}) => d.call(name, init);

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
    const bad = await call('stripe-webhook', { method: 'POST', body: payload, headers: { 'stripe-signature': signature.replace(/v1=(\w)/, (_, c: string) => `v1=${c === '0' ? '1' : '0'}`) } });
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

  it('library: the projects of the caller (newest first) and the music catalogue', async () => {
    const user = await b.newUser(1);
    const other = await b.newUser(1);
    const older = randomUUID();
    const newer = randomUUID();
    await b.pool.query(
      `insert into public.projects (id, user_id, title, created_at) values ($1, $3, 'Older', now() - interval '1 hour'), ($2, $3, 'Newer', now()), ($4, $5, 'Not mine', now())`,
      [older, newer, user.id, randomUUID(), other.id],
    );
    const list = await call('library', { method: 'POST', token: user.token, body: { action: 'list' } });
    expect(list.status).toBe(200);
    expect(list.body.projects.map((p: { title: string }) => p.title)).toEqual(['Newer', 'Older']);
    expect(list.body).toMatchObject({ videos: [], nextCursor: null });
    const music = await call('library', { method: 'POST', token: user.token, body: { action: 'music' } });
    expect(music.body).toEqual({ tracks: [] });
    expect((await call('library', { method: 'POST', body: { action: 'list' } })).status).toBe(401);
  });

  it('logs nothing that looks like a crash', () => {
    for (const name of FUNCTIONS) expect(d.output(name), name).not.toMatch(/Uncaught|panicked/);
  });
});
