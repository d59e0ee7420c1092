// account (balance, ledger, referral code, redeeming a code) and admin (settings behind
// ADMIN_PASSWORD with a constant-time compare and a lock-out on wrong passwords).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountHandler } from '../../supabase/functions/account/handler';
import { ADMIN_LIMITS, clientAddress, createAdminHandler, passwordMatches } from '../../supabase/functions/admin/handler';
import { createCheckoutHandler } from '../../supabase/functions/create-checkout/handler';
import { describeWithDatabase } from '../db/scratch';
import { startBackend, type Backend } from './harness';

const PASSWORD = 'correct horse battery staple';

describe('passwordMatches', () => {
  it('is true only for the same password', async () => {
    expect(await passwordMatches(PASSWORD, PASSWORD)).toBe(true);
    expect(await passwordMatches('correct horse battery stapler', PASSWORD)).toBe(false);
    expect(await passwordMatches('', PASSWORD)).toBe(false);
    expect(await passwordMatches(PASSWORD.toUpperCase(), PASSWORD)).toBe(false);
  });
});

describe('clientAddress', () => {
  const from = (xff?: string) => clientAddress(new Request('http://x/', { headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }));
  it('is the hop the gateway appended, never what the caller put in front of it', () => {
    expect(from('203.0.113.5')).toBe('203.0.113.5');
    expect(from('198.51.100.1, 203.0.113.5')).toBe('203.0.113.5');
    expect(from('anything, at all,203.0.113.5 ')).toBe('203.0.113.5');
    expect(from('')).toBe('unknown');
    expect(from()).toBe('unknown');
  });

  it('without X-Forwarded-For, is the address the connection came from, so callers do not share one key', () => {
    const bare = new Request('http://x/');
    expect(clientAddress(bare, 1, '192.0.2.1')).toBe('192.0.2.1');
    expect(clientAddress(bare, 1, '192.0.2.2')).toBe('192.0.2.2');
    expect(clientAddress(new Request('http://x/', { headers: { 'x-forwarded-for': '203.0.113.5' } }), 1, '10.0.0.1')).toBe('203.0.113.5');
  });

  it('skips the entries of each further trusted proxy (ADMIN_TRUSTED_PROXY_HOPS)', () => {
    const req = new Request('http://x/', { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.5, 10.0.0.7' } });
    expect(clientAddress(req, 2)).toBe('203.0.113.5');
    expect(clientAddress(req, 3)).toBe('198.51.100.1');
    expect(clientAddress(req, 4)).toBe('unknown');
  });

  it('takes a hop count below one as one and a fractional one whole; keeps at most 100 characters', () => {
    const req = new Request('http://x/', { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.5, 10.0.0.7' } });
    expect(clientAddress(req, 0)).toBe('10.0.0.7');
    expect(clientAddress(req, -3)).toBe('10.0.0.7');
    expect(clientAddress(req, 2.9)).toBe('203.0.113.5');
    const long = 'a'.repeat(150);
    expect(clientAddress(new Request('http://x/', { headers: { 'x-forwarded-for': long } }))).toBe('a'.repeat(100));
    expect(clientAddress(new Request('http://x/'), 1, long)).toBe('a'.repeat(100));
    expect(clientAddress(new Request('http://x/', { headers: { 'x-forwarded-for': ' , ,' } }), 1, '192.0.2.9')).toBe('192.0.2.9');
  });
});

describeWithDatabase('account and admin functions', (databaseUrl) => {
  let b: Backend;
  let account: ReturnType<typeof createAccountHandler>;
  let admin: ReturnType<typeof createAdminHandler>;

  beforeAll(async () => {
    b = await startBackend(databaseUrl, 'edge_account');
    account = createAccountHandler({ db: b.db, verifyUser: b.generationDeps.verifyUser });
    admin = createAdminHandler({ db: b.db, adminPassword: PASSWORD, now: () => new Date(b.clock.now) });
  });
  afterAll(async () => {
    await b?.close();
  });

  type AccountBody = {
    balance: number;
    referralCode: string;
    referred: boolean;
    transactions: Array<{ amount: number; type: string }>;
    error?: { code: string; message: string };
  };

  it('returns the balance, recent transactions and referral code in one call', async () => {
    const user = await b.newUser(4);
    const res = await b.call<AccountBody>(account, { method: 'GET', token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.balance).toBe(4);
    expect(res.body.referralCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(res.body.referred).toBe(false);
    expect(res.body.transactions.map((t) => [t.type, t.amount]).sort()).toEqual([
      ['purchase', 3],
      ['signup_bonus', 1],
    ]);
  });

  it('redeems a referral code once: both sides get a credit', async () => {
    const referrer = await b.newUser(1);
    const newcomer = await b.newUser(1);
    const code = (await b.call<AccountBody>(account, { method: 'GET', token: referrer.token })).body.referralCode;

    const res = await b.call<AccountBody>(account, { method: 'POST', token: newcomer.token, body: { action: 'redeem_referral', code: code.toLowerCase() } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ balance: 2, referred: true });
    expect(await b.balance(referrer.id)).toEqual({ balance: 2, ledger: 2 });

    const again = await b.call<AccountBody>(account, { method: 'POST', token: newcomer.token, body: { action: 'redeem_referral', code } });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 'referral_rejected' });
    const own = await b.call<AccountBody>(account, { method: 'POST', token: referrer.token, body: { action: 'redeem_referral', code } });
    expect(own.status).toBe(400);
    expect(own.body.error!.message).toMatch(/own referral code/);
    expect(await b.balance(newcomer.id)).toEqual({ balance: 2, ledger: 2 });
  });

  it('needs a session', async () => {
    expect((await b.call(account, { method: 'GET' })).status).toBe(401);
  });

  describe('admin', () => {
    const asAdmin = (init: { method?: string; body?: unknown; password?: string; ip?: string }) =>
      b.call<{ config?: Record<string, unknown>; error?: { code: string; message: string; field?: string; retryAfter?: number } }>(admin, {
        method: init.method ?? 'GET',
        body: init.body,
        headers: { 'x-admin-password': init.password ?? PASSWORD, 'x-forwarded-for': init.ip ?? '203.0.113.1' },
      });

    it('reads the settings with the right password', async () => {
      const res = await asAdmin({});
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.config!).sort()).toEqual(['credit_packs', 'generation', 'system_prompt']);
    });

    it('changes a credit pack, which the next checkout uses', async () => {
      const packs = [{ id: 'starter', name: 'Starter', credits: 12, price_cents: 1299, currency: 'usd' }];
      const res = await asAdmin({ method: 'POST', body: { key: 'credit_packs', value: packs } });
      expect(res.status).toBe(200);
      expect(res.body.config!.credit_packs).toEqual(packs);

      const user = await b.newUser(1);
      const checkout = createCheckoutHandler({ db: b.db, verifyUser: b.generationDeps.verifyUser, stripe: b.stripeLike, functionsUrl: 'https://x.test/functions/v1' });
      const bought = await b.call<{ sessionId: string }>(checkout, { method: 'POST', token: user.token, body: { packId: 'starter' } });
      expect(b.stripe.sessions.get(bought.body.sessionId)!.amount_total).toBe(1299);
    });

    it('refuses invalid settings and names the field', async () => {
      const res = await asAdmin({ method: 'POST', body: { key: 'credit_packs', value: [{ id: 'x', name: 'X', credits: 0, price_cents: 100 }] } });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_config' });
      expect(res.body.error!.message).toMatch(/credit_packs\[0\]\.credits/);
      const model = await asAdmin({ method: 'POST', body: { key: 'generation', value: { provider: 'runway', model: 'gen9', credits_per_5s: 1, credits_per_10s: 2 } } });
      expect(model.status).toBe(400);
      expect(model.body.error!.message).toMatch(/generation\.model/);
      const unknownKey = await asAdmin({ method: 'POST', body: { key: 'secrets', value: 1 } });
      expect(unknownKey.status).toBe(400);
    });

    const L = ADMIN_LIMITS;

    it('an address gets a few attempts, then waits with exponential back-off; the right password after the wait starts it afresh', async () => {
      const ip = '198.51.100.7';
      for (let i = 0; i <= L.freeAttempts; i++) expect((await asAdmin({ password: `guess-${i}`, ip })).status).toBe(401);
      const waiting = await asAdmin({ ip });
      expect(waiting.status).toBe(429);
      expect(waiting.body.error).toMatchObject({ code: 'too_many_attempts', retryAfter: L.baseDelayMs / 1000 });
      b.clock.now += L.baseDelayMs;
      expect((await asAdmin({ password: 'guess-again', ip })).status).toBe(401);
      // doubled
      expect((await asAdmin({ ip })).headers.get('retry-after')).toBe(String((2 * L.baseDelayMs) / 1000));
      // another address is not slowed by this one
      expect((await asAdmin({ ip: '198.51.100.8' })).status).toBe(200);
      b.clock.now += 2 * L.baseDelayMs;
      expect((await asAdmin({ ip })).status).toBe(200);
      for (let i = 0; i < L.freeAttempts; i++) expect((await asAdmin({ password: `after-${i}`, ip })).status).toBe(401);
      expect((await asAdmin({ ip })).status).toBe(200);
    });

    it('counts guesses before comparing them: of 30 parallel wrong passwords from one address only the free ones and one more are compared', async () => {
      const ip = '198.51.100.20';
      // each guess claims another address in front; the gateway's hop at the end is what counts
      const guesses = await Promise.all(Array.from({ length: 30 }, (_, i) => asAdmin({ password: `parallel-${i}`, ip: `10.0.${i}.1, ${ip}` })));
      const statuses = guesses.map((g) => g.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(L.freeAttempts + 1);
      expect(statuses.filter((s) => s === 429)).toHaveLength(30 - L.freeAttempts - 1);
    });

    it('50 wrong passwords spread over 10 addresses slow the guessers but never lock out the right password from a clean address (issue 17, fault 7)', async () => {
      b.clock.now += L.windowMs + 1000;
      const attackers = Array.from({ length: 10 }, (_, i) => `192.0.2.${100 + i}`);
      let wrong = 0;
      for (let round = 0; wrong < L.global; round++) {
        for (const ip of attackers) if ((await asAdmin({ password: `spread-${round}-${ip}`, ip })).status === 401) wrong++;
        b.clock.now += 60_000;
      }
      expect(wrong).toBe(L.global);
      // the right password from an address that has not failed gets in, at once
      expect((await asAdmin({ ip: '203.0.113.99' })).status).toBe(200);
      // past the ceiling an address that fails waits the longest back-off at its first miss
      expect((await asAdmin({ password: 'one guess', ip: '203.0.113.100' })).status).toBe(401);
      const slowed = await asAdmin({ ip: '203.0.113.100' });
      expect(slowed.status).toBe(429);
      expect(Number(slowed.headers.get('retry-after'))).toBe(L.maxDelayMs / 1000);
      // and so does every attacker after its next guess
      b.clock.now += 60_000;
      await asAdmin({ password: 'next', ip: attackers[0] });
      expect(Number((await asAdmin({ ip: attackers[0] })).headers.get('retry-after'))).toBe(L.maxDelayMs / 1000);
      // the window over, the ceiling lifts
      b.clock.now += L.windowMs + L.maxDelayMs;
      expect((await asAdmin({ ip: attackers[1] })).status).toBe(200);
    });

    it('answers a CORS preflight, takes a change by POST, and serves the telemetry summary only to GET ?view=telemetry', async () => {
      // made here: a handler's options are read when it is made
      const fresh = createAdminHandler({ db: b.db, adminPassword: PASSWORD, now: () => new Date(b.clock.now) });
      const call = (method: string, path: string, body?: unknown) =>
        b.call<Record<string, unknown>>(fresh, { method, path, body, headers: { 'x-admin-password': PASSWORD, 'x-forwarded-for': '198.51.100.80' } });
      const pre = await call('OPTIONS', '/');
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-headers')).toContain('x-admin-password');

      const user = await b.newUser(1);
      await b.pool.query(
        `insert into public.telemetry_events (user_id, recorded_at, app_version, os, kind, name, value) values ($1, $2, '9.9.9-admin-test', 'linux', 'kpi', 'calls_per_screen', 4)`,
        [user.id, new Date(b.clock.now - 60_000)],
      );
      const summary = await call('GET', '/?view=telemetry');
      expect(summary.status).toBe(200);
      expect(summary.body).toEqual({
        since: expect.any(String),
        versions: [{ appVersion: '9.9.9-admin-test', kpis: [{ name: 'calls_per_screen', count: 1, p50: 4, p95: 4 }], errors: { count: 0, top: [] } }],
      });
      for (const path of ['/', '/?view=other', '/?telemetry']) {
        const config = await call('GET', path);
        expect(Object.keys(config.body), path).toEqual(['config']);
      }
      // a POST is a change, whatever its query says
      const prompt = (await call('GET', '/')).body.config as Record<string, unknown>;
      const changed = await call('POST', '/?view=telemetry', { key: 'system_prompt', value: prompt.system_prompt });
      expect(changed.status).toBe(200);
      expect(Object.keys(changed.body)).toEqual(['config']);
    });

    it('is off when ADMIN_PASSWORD is not set', async () => {
      const off = createAdminHandler({ db: b.db, adminPassword: undefined, now: () => new Date() });
      const res = await b.call(off, { method: 'GET', headers: { 'x-admin-password': '' } });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: { code: 'admin_disabled', message: 'The admin function is not configured.' } });
      const empty = createAdminHandler({ db: b.db, adminPassword: '', now: () => new Date() });
      expect((await b.call(empty, { method: 'GET', headers: { 'x-admin-password': '' } })).status).toBe(503);
    });

    it('a wrong or missing password is a 401 that says so', async () => {
      const wrong = await asAdmin({ password: 'nope', ip: '198.51.100.60' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toMatchObject({ code: 'unauthorized', message: 'Wrong admin password.' });
      const none = await b.call<{ error: { code: string } }>(admin, { method: 'GET', headers: { 'x-forwarded-for': '198.51.100.61' } });
      expect(none).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    });

    it('a change needs a known key and a value, and a valid value names its field', async () => {
      const noValue = await asAdmin({ method: 'POST', body: { key: 'system_prompt' }, ip: '198.51.100.62' });
      expect(noValue.status).toBe(400);
      expect(noValue.body.error).toEqual({ code: 'invalid_request', message: 'value: is required', field: 'value' });
      const bad = await asAdmin({ method: 'POST', body: { key: 'credit_packs', value: 'not packs' }, ip: '198.51.100.62' });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid_config', field: 'credit_packs' });
      // a change answers with every setting, the changed one included
      const prompt = (await asAdmin({ ip: '198.51.100.62' })).body.config!.system_prompt;
      const same = await asAdmin({ method: 'POST', body: { key: 'system_prompt', value: prompt }, ip: '198.51.100.62' });
      expect(same.status).toBe(200);
      expect(Object.keys(same.body.config!).sort()).toEqual(['credit_packs', 'generation', 'system_prompt']);
      expect(same.body.config!.system_prompt).toEqual(prompt);
      const big = await asAdmin({ method: 'POST', body: { key: 'system_prompt', value: 'x'.repeat(70 * 1024) }, ip: '198.51.100.62' });
      expect(big.status).toBe(413);
    });

    it('says how long to wait: in seconds below two minutes, in whole minutes from two minutes on', async () => {
      const ip = '198.51.100.70';
      const waiting = async () => {
        const res = await asAdmin({ ip });
        expect(res.status).toBe(429);
        expect(res.headers.get('retry-after')).toBe(String(res.body.error!.retryAfter));
        return res.body.error!;
      };
      for (let i = 0; i <= L.freeAttempts; i++) await asAdmin({ password: `w-${i}`, ip });
      expect(await waiting()).toEqual({ code: 'too_many_attempts', message: 'Too many wrong passwords. Try again in 1 seconds.', retryAfter: 1 });
      // a wrong password after each wait doubles it: 2, 4, ... 128 s
      for (let wait = 1; wait < 128; wait *= 2) {
        b.clock.now += wait * 1000;
        expect((await asAdmin({ password: 'again', ip })).status).toBe(401);
      }
      expect(await waiting()).toMatchObject({ message: 'Too many wrong passwords. Try again in 3 minutes.', retryAfter: 128 });
      b.clock.now += 8_000;
      expect(await waiting()).toMatchObject({ message: 'Too many wrong passwords. Try again in 2 minutes.', retryAfter: 120 });
      b.clock.now += 1_000;
      expect(await waiting()).toMatchObject({ message: 'Too many wrong passwords. Try again in 119 seconds.', retryAfter: 119 });
      b.clock.now += 118_500;
      expect(await waiting()).toMatchObject({ message: 'Too many wrong passwords. Try again in 1 seconds.', retryAfter: 1 });
      b.clock.now += 500;
      expect((await asAdmin({ ip })).status).toBe(200);
    });
  });
});
