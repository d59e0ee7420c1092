// Issue 23, faults 9 and 10: the key Settings accepts, and the sign-in links the app accepts. No
// backend is needed: refusing happens before anything is sent, and signInWithOAuth only builds a URL.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../electron/services/cloud/secret-store';
import type { Studio } from '../../electron/services/studio';
import type { SupabaseStandIn } from '../fakes/supabase';
import { useTempDir } from '../support/temp-dir';
import { openCloudStudio } from './support';
import { ANON_KEY, jwtWithClaims } from '../support/supabase-keys';

const tempDir = useTempDir('echoes-cloud-keys-');
const jwt = jwtWithClaims;
const anonKey = ANON_KEY;
// Nothing listens on port 9 (discard): the studio never needs to reach it here.
const supabaseUrl = 'http://127.0.0.1:9';

const open: Studio[] = [];
afterEach(() => {
  for (const studio of open.splice(0)) studio.close();
});

/** The suite's own studio builder, with a project address nothing answers on (only url and anonKey are read). */
function studioAt(dataDir: string, buildConfig: { supabaseUrl: string; anonKey: string } | null) {
  const backend = { supabase: { url: supabaseUrl, anonKey } as SupabaseStandIn };
  const app = openCloudStudio(dataDir, backend, { buildConfig, secretStore: createMemorySecretStore() });
  open.push(app.studio);
  return app;
}

describe('Settings takes only a public key', () => {
  it.each([
    ['a service_role JWT', jwt({ iss: 'supabase', role: 'service_role' }), /service_role key/],
    ['an authenticated JWT', jwt({ iss: 'supabase', role: 'authenticated' }), /role "authenticated", not "anon"/],
    ['a JWT without a role', jwt({ iss: 'supabase' }), /names no role/],
    ['a new-style secret key', 'sb_secret_abcdefghijklmnopqrstuvwxyz', /secret key/],
    ['text that is no key', 'not-a-key-but-long-enough-0123456789', /not a Supabase anon key/],
  ])('refuses %s and stores nothing', async (_label, key, why) => {
    const dataDir = tempDir();
    const { studio } = studioAt(dataDir, null);
    await expect(studio.handlers['cloud.configure']({ supabaseUrl: 'https://abcd.supabase.co', anonKey: key })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(why),
    });
    expect(existsSync(join(dataDir, 'cloud.json'))).toBe(false);
    expect(studio.cloud.status().configured).toBe(false);
  });

  it('takes an anon JWT and a publishable key', async () => {
    const { studio } = studioAt(tempDir(), null);
    await expect(studio.handlers['cloud.configure']({ supabaseUrl, anonKey })).resolves.toMatchObject({ configured: true, source: 'settings' });
    await expect(studio.handlers['cloud.configure']({ supabaseUrl, anonKey: 'sb_publishable_abcdefghijklmnopqrstuvwx' })).resolves.toMatchObject({ configured: true });
  });
});

describe('sign-in callbacks', () => {
  const callback = (params: Record<string, string>) => `echoes://auth/callback?${new URLSearchParams(params)}`;

  it('ignores a callback when no sign-in was started here, and never shows the text a link carries', async () => {
    const { studio } = studioAt(tempDir(), { supabaseUrl, anonKey });
    await studio.cloud.ready;
    expect(await studio.cloud.handleDeepLink(callback({ error: 'server_error', error_description: 'Your account is locked, call +1 555 0100' }))).toBe(true);
    const { lastError, signingIn, signedIn } = studio.cloud.status();
    expect({ signingIn, signedIn }).toEqual({ signingIn: false, signedIn: false });
    expect(lastError).toMatch(/^A sign-in link was ignored: it does not belong to a sign-in started in this app/);
    expect(lastError).not.toMatch(/locked|555/);
  });

  it('takes only the state of the sign-in in progress; a refusal reads in our words', async () => {
    const { studio, opened } = studioAt(tempDir(), { supabaseUrl, anonKey });
    await studio.cloud.ready;
    expect(await studio.cloud.signIn()).toBe(true);
    const redirect = new URL(new URL(opened.at(-1)!).searchParams.get('redirect_to')!);
    const state = redirect.searchParams.get('state')!;
    expect(state).toMatch(/^[\w-]{22}$/);

    // another state (a forged or stale link) changes nothing: the sign-in is still waiting
    await studio.cloud.handleDeepLink(callback({ state: 'x'.repeat(22), error: 'access_denied', error_description: 'Visit evil.example' }));
    expect(studio.cloud.status()).toMatchObject({ signingIn: true, lastError: null });

    await studio.cloud.handleDeepLink(callback({ state, error: 'access_denied', error_description: 'Visit evil.example' }));
    expect(studio.cloud.status()).toMatchObject({ signingIn: false, lastError: 'Sign-in did not complete: it was cancelled or refused in the browser. Try again.' });

    // the same link again: that sign-in is over
    await studio.cloud.handleDeepLink(callback({ state, code: 'a-code' }));
    expect(studio.cloud.status().lastError).toMatch(/^A sign-in link was ignored/);
  });
});
