// Sign-in, session, credits plumbing, signed URLs and admin against the Supabase stand-in
// (real supabase-js, real edge functions under Deno, real PostgreSQL).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import ws from 'ws';
import { createCloudAuthClient } from '../../electron/services/cloud/client';
import { createMemorySecretStore } from '../../electron/services/cloud/secret-store';
import { createSignedUrlCache } from '../../electron/services/cloud/signed-url-cache';
import type { Studio } from '../../electron/services/studio';
import { describeWithDatabase } from '../db/scratch';
import { call, projectWithClips, watchJobs } from '../generate/support/studio';
import { useTempDir } from '../support/temp-dir';
import { ADMIN_PASSWORD, completeSignInInBrowser, openCloudStudio, startCloudBackend, untilStatus, type CloudBackend } from './support';

describeWithDatabase('cloud account: sign-in, session, signed URLs, admin', (databaseUrl) => {
  let backend: CloudBackend;
  const tempDir = useTempDir('echoes-cloud-account-');
  const open: Studio[] = [];

  beforeAll(async () => {
    backend = await startCloudBackend(databaseUrl, 'cloud_account', { functions: ['account', 'admin', 'clip-generation', 'clip-status', 'create-checkout'] });
  }, 180_000);
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(async () => backend?.close());

  function studioAt(dir: string, cloud: Parameters<typeof openCloudStudio>[2] = {}) {
    const app = openCloudStudio(dir, backend, cloud);
    open.push(app.studio);
    return app;
  }

  async function signedIn(dir: string, cloud: Parameters<typeof openCloudStudio>[2] = {}) {
    const app = studioAt(dir, cloud);
    await app.studio.cloud.ready;
    await call(app.studio, 'auth.signIn', {});
    await completeSignInInBrowser(app.studio, app.opened.at(-1)!);
    await untilStatus(app.studio, (s) => s.signedIn && s.balance !== null);
    return app;
  }

  const savedRefreshToken = (dir: string) => {
    const secrets = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;
    const key = Object.keys(secrets).find((k) => k.endsWith('-auth-token'));
    return key ? (JSON.parse(secrets[key]!) as { refresh_token: string }).refresh_token : null;
  };

  it('restores the saved session after a restart and refreshes it before it expires', async () => {
    const dir = tempDir();
    const first = await signedIn(dir);
    const userId = first.studio.cloud.status().user!.id;
    first.studio.close();
    open.splice(0);
    const token = savedRefreshToken(dir);
    expect(token).toBeTruthy();

    // tokens live an hour; a margin of an hour minus 1.5 s makes the refresh due almost at once
    const second = studioAt(dir, { refreshMarginMs: 3_600_000 - 1_500 });
    await second.studio.cloud.ready;
    expect(second.studio.cloud.status()).toMatchObject({ signedIn: true, user: { id: userId } });
    expect(second.opened).toEqual([]);
    const started = Date.now();
    while (savedRefreshToken(dir) === token && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 100));
    expect(savedRefreshToken(dir)).not.toBe(token);

    // the rotated-out refresh token is dead; the new session works
    const stale = await fetch(`${backend.supabase.url}/auth/v1/token?grant_type=refresh_token`, {
      method: 'POST',
      headers: { apikey: backend.supabase.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: token }),
    });
    expect(stale.status).toBe(400);
    expect((await call(second.studio, 'credits.get', { refresh: true })).balance).toBe(1);
  });

  it('signs out: the session is revoked at Auth and forgotten on this machine', async () => {
    const dir = tempDir();
    const app = await signedIn(dir);
    const secrets = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;
    const session = JSON.parse(Object.entries(secrets).find(([k]) => k.endsWith('-auth-token'))![1]) as { access_token: string };

    const after = await call(app.studio, 'auth.signOut', {});
    expect(after).toMatchObject({ signedIn: false, user: null, balance: null });
    expect(savedRefreshToken(dir)).toBeNull();
    const user = await fetch(`${backend.supabase.url}/auth/v1/user`, { headers: { apikey: backend.supabase.anonKey, authorization: `Bearer ${session.access_token}` } });
    expect(user.status).toBe(403);
    await expect(call(app.studio, 'credits.get', { refresh: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refreshes the balance when the window gets focus', async () => {
    const app = await signedIn(tempDir());
    const userId = app.studio.cloud.status().user!.id;
    const client = await backend.scratch.connect();
    await client.query('select * from public.grant_credits($1, 4, $2)', [userId, `focus-${userId}`]);
    await client.end();
    expect(app.studio.cloud.status().balance).toBe(1);
    const updates: number[] = [];
    const off = app.studio.events.subscribe((e) => e.type === 'credits.updated' && updates.push(e.payload.balance));
    await app.studio.cloud.onFocus();
    off();
    expect(updates).toEqual([5]);
    expect(app.studio.cloud.status().balance).toBe(5);
  });

  it('a double click on buy opens one Checkout session; the same pack keeps it until the browser comes back', async () => {
    const app = await signedIn(tempDir());
    const userId = app.studio.cloud.status().user!.id;
    const creates = () => backend.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions');
    const checkoutsOpened = () => app.opened.filter((u) => u.startsWith('https://checkout.stripe.com/'));
    const payments = async () => {
      const client = await backend.scratch.connect();
      try {
        return (await client.query<{ stripe_session_id: string }>('select stripe_session_id from public.payments where user_id = $1', [userId])).rows;
      } finally {
        await client.end();
      }
    };
    const sessionsBefore = backend.stripe.sessions.size;
    const createsBefore = creates().length;

    // the double click: one request, one tab
    const clicks = await Promise.all([call(app.studio, 'credits.buy', { packId: 'starter' }), call(app.studio, 'credits.buy', { packId: 'starter' })]);
    expect(clicks).toEqual([{ opened: true }, { opened: true }]);
    expect(checkoutsOpened()).toHaveLength(1);
    expect(creates()).toHaveLength(createsBefore + 1);
    const first = checkoutsOpened()[0]!;
    const key = creates().at(-1)!.idempotencyKey!;
    expect(key).toMatch(new RegExp(`^checkout:${userId}:[0-9a-f-]{36}$`));

    // clicked again before paying: the same request id, so create-checkout answers with the same session
    await call(app.studio, 'credits.buy', { packId: 'starter' });
    expect(checkoutsOpened()).toEqual([first, first]);
    expect(creates().at(-1)!.idempotencyKey).toBe(key);
    expect(backend.stripe.sessions.size).toBe(sessionsBefore + 1);
    // another pack is another purchase
    await call(app.studio, 'credits.buy', { packId: 'creator' });
    expect(creates().at(-1)!.idempotencyKey).not.toBe(key);
    expect(backend.stripe.sessions.size).toBe(sessionsBefore + 2);

    // back from Checkout: the next purchase is a new session
    expect(await app.studio.cloud.handleDeepLink('echoes://checkout/cancelled')).toBe(true);
    await call(app.studio, 'credits.buy', { packId: 'starter' });
    expect(creates().at(-1)!.idempotencyKey).not.toBe(key);
    expect(checkoutsOpened().at(-1)).not.toBe(first);
    expect(backend.stripe.sessions.size).toBe(sessionsBefore + 3);
    expect(await payments()).toHaveLength(3);
  });

  it('signs in through the loopback redirect when deep links are not available', async () => {
    const app = studioAt(tempDir(), { redirect: 'loopback' });
    await app.studio.cloud.ready;
    await call(app.studio, 'auth.signIn', {});
    const redirect = new URL(app.opened.at(-1)!).searchParams.get('redirect_to')!;
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/callback\?state=[\w-]{22}$/);
    await completeSignInInBrowser(app.studio, app.opened.at(-1)!);
    await untilStatus(app.studio, (s) => s.signedIn && s.balance === 1);
  });

  it('refuses callbacks it did not start and a code issued for another sign-in', async () => {
    const app = studioAt(tempDir());
    await app.studio.cloud.ready;
    expect(await app.studio.cloud.handleDeepLink('echoes://auth/callback?error=access_denied&error_description=Call+this+number')).toBe(true);
    expect(app.studio.cloud.status()).toMatchObject({ signedIn: false, lastError: expect.stringMatching(/^A sign-in link was ignored/) });
    expect(app.studio.cloud.status().lastError).not.toContain('number');

    // a code issued for another client's PKCE challenge cannot be redeemed here, even with this sign-in's state
    const other = createCloudAuthClient({ supabaseUrl: backend.supabase.url, anonKey: backend.supabase.anonKey }, createMemorySecretStore());
    await call(app.studio, 'auth.signIn', {});
    const state = new URL(new URL(app.opened.at(-1)!).searchParams.get('redirect_to')!).searchParams.get('state')!;
    const { data } = await other.signInWithOAuth({ provider: 'google', options: { redirectTo: `echoes://auth/callback?state=${state}`, skipBrowserRedirect: true } });
    const location = (await fetch(data.url!, { redirect: 'manual' })).headers.get('location')!;
    await app.studio.cloud.handleDeepLink(location);
    expect(app.studio.cloud.status().signedIn).toBe(false);
    expect(app.studio.cloud.status().lastError).toMatch(/^Sign-in did not complete/);
    expect(await app.studio.cloud.handleDeepLink('echoes://elsewhere/x')).toBe(false);
  });

  it('without a configured project the studio is local-only and says what needs an account', async () => {
    const app = studioAt(tempDir(), { buildConfig: null });
    await app.studio.cloud.ready;
    const status = await call(app.studio, 'cloud.status', {});
    expect(status).toMatchObject({ configured: false, signedIn: false, source: null });
    expect(status.localOnlyMessage).toMatch(/local-only.*Runway AI clips, credits and credit packs/);
    await expect(call(app.studio, 'auth.signIn', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    const { clipIds } = await projectWithClips(app.studio, tempDir(), 1);
    const jobs = watchJobs(app.studio);
    const { jobs: [job] } = await call(app.studio, 'generate.clips', { clipIds, provider: 'runway' });
    await jobs.until(() => jobs.finished('failed').has(job!.id), 10_000);
    expect(jobs.events.at(-1)!.message).toMatch(/^Runway clips need an Echoes account, and this copy of the app has no cloud project configured/);

    // Settings can configure one
    const configured = await call(app.studio, 'cloud.configure', { supabaseUrl: backend.supabase.url, anonKey: backend.supabase.anonKey });
    expect(configured).toMatchObject({ configured: true, source: 'settings', localOnlyMessage: null });
    await call(app.studio, 'auth.signIn', {});
    await completeSignInInBrowser(app.studio, app.opened.at(-1)!);
    await untilStatus(app.studio, (s) => s.signedIn);
    await expect(call(app.studio, 'cloud.configure', { supabaseUrl: 'ftp://x', anonKey: 'k'.repeat(30) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  describe('signed URLs', () => {
    it('signs many paths in one call, serves repeats from the cache, and never signs other users\' paths', async () => {
      const dir = tempDir();
      const app = await signedIn(dir);
      const user = app.studio.cloud.status().user!.id;
      const client = createClient(backend.supabase.url, backend.supabase.anonKey, {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
        realtime: { transport: ws as never },
      });
      // the same account in a second client, to put files where the app would
      const paths = ['a.jpg', 'b.jpg', 'c.jpg'].map((n) => `${user}/project-1/${n}`);
      const secrets = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;
      const session = JSON.parse(Object.entries(secrets).find(([k]) => k.endsWith('-auth-token'))![1]) as { access_token: string; refresh_token: string };
      await client.auth.setSession({ access_token: session.access_token, refresh_token: session.refresh_token });
      for (const p of paths) {
        const { error } = await client.storage.from('private-photos').upload(p, Buffer.from(`photo ${p}`), { contentType: 'image/jpeg' });
        expect(error).toBeNull();
      }
      const foreign = await client.storage.from('private-photos').upload('someone-else/x.jpg', Buffer.from('x'), { contentType: 'image/jpeg' });
      expect(foreign.error).not.toBeNull();

      const signs = () => backend.supabase.requests.filter((r) => r.method === 'POST' && r.path === '/storage/v1/object/sign/private-photos').length;
      const before = signs();
      const { urls } = await call(app.studio, 'cloud.mediaUrls', { paths: [...paths, 'someone-else/x.jpg', `${user}/missing.jpg`] });
      expect(signs()).toBe(before + 1);
      expect(urls['someone-else/x.jpg']).toBeNull();
      expect(urls[`${user}/missing.jpg`]).toBeNull();
      expect(await (await fetch(urls[paths[1]!]!)).text()).toBe(`photo ${paths[1]}`);
      const again = await call(app.studio, 'cloud.mediaUrls', { paths });
      expect(signs()).toBe(before + 1);
      expect(again.urls).toEqual(Object.fromEntries(paths.map((p) => [p, urls[p]])));

      // expiry: a URL is dropped 5 minutes before Storage's expiry, and swept by cleanup
      let now = Date.now();
      const cache = createSignedUrlCache({ source: () => client, expiresInSeconds: 3600, now: () => now });
      await cache.get('private-photos', paths);
      expect(cache.size()).toBe(3);
      now += 55 * 60_000 - 1;
      await cache.get('private-photos', paths.slice(0, 1));
      expect(signs()).toBe(before + 2);
      now += 2;
      expect(cache.cleanup()).toBe(3);
      await cache.get('private-photos', paths);
      expect(signs()).toBe(before + 3);
      cache.close();
    });
  });

  it('admin: reads and changes packs, system prompt and model with the admin password', async () => {
    const app = await signedIn(tempDir());
    await expect(call(app.studio, 'admin.get', { password: 'wrong' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Wrong admin password.' });
    const config = await call(app.studio, 'admin.get', { password: ADMIN_PASSWORD });
    expect(config.generation).toMatchObject({ provider: 'runway', model: 'gen4_turbo' });
    expect(config.credit_packs?.map((p) => p.id)).toEqual(['starter', 'creator', 'studio']);

    const prompt = await call(app.studio, 'admin.update', { password: ADMIN_PASSWORD, key: 'system_prompt', value: 'Slow, gentle motion.' });
    expect(prompt.system_prompt).toBe('Slow, gentle motion.');
    await call(app.studio, 'admin.update', {
      password: ADMIN_PASSWORD,
      key: 'credit_packs',
      value: [{ id: 'trial', name: 'Trial', credits: 3, price_cents: 299, currency: 'usd' }],
    });
    expect((await call(app.studio, 'credits.get', { refresh: true })).packs).toEqual([{ id: 'trial', name: 'Trial', credits: 3, priceCents: 299, currency: 'usd' }]);
    await expect(
      call(app.studio, 'admin.update', { password: ADMIN_PASSWORD, key: 'credit_packs', value: [{ id: 'x', name: 'X', credits: 1, price_cents: 10, currency: 'usd' }] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
