import { AuthClient, createClient, type GoTrueClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import type { CloudConfig } from './config';
import type { SecretStore } from './secret-store';

/** supabase-js' storage adapter on top of the injected secret store (session + PKCE verifier). */
export function authStorage(store: SecretStore, prefix: string) {
  return {
    getItem: (key: string) => store.get(`${prefix}${key}`),
    setItem: (key: string, value: string) => store.set(`${prefix}${key}`, value),
    removeItem: (key: string) => store.delete(`${prefix}${key}`),
  };
}

/** The key supabase-js keeps the session under (its own default, spelled out so both sides agree). */
export function sessionStorageKey(config: CloudConfig): string {
  return `sb-${new URL(config.supabaseUrl).hostname.split('.')[0]}-auth-token`;
}

/** Secret-store keys of one project (switching projects never mixes sessions). */
export function secretPrefix(config: CloudConfig): string {
  return `supabase:${new URL(config.supabaseUrl).host}:`;
}

/** Where the saved session of a project lives in the secret store. */
export function sessionSecretKey(config: CloudConfig): string {
  return `${secretPrefix(config)}${sessionStorageKey(config)}`;
}

const CLIENT_INFO = { 'x-client-info': 'echoes-studio-desktop' };

/**
 * supabase-js' Auth client for the main process: PKCE sign-in and the session persisted in the
 * secret store. It is used on its own, not through createClient: a full client subscribes to its
 * own auth events at once, and that first event refreshes an expired saved session behind the
 * auth service's back (offline: 25 s of retries, then a failure cached for a minute). Here only
 * the auth service refreshes, so being offline can be told from a refused session.
 */
export function createCloudAuthClient(config: CloudConfig, store: SecretStore, fetchImpl?: typeof fetch): GoTrueClient {
  return new AuthClient({
    url: `${config.supabaseUrl}/auth/v1`,
    headers: { Authorization: `Bearer ${config.anonKey}`, apikey: config.anonKey, ...CLIENT_INFO },
    flowType: 'pkce',
    persistSession: true,
    autoRefreshToken: false,
    detectSessionInUrl: false,
    storageKey: sessionStorageKey(config),
    storage: authStorage(store, secretPrefix(config)),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

/**
 * The client for Functions and Storage: every request asks the auth service for the access
 * token (refreshed first when it is about to expire; an offline error when it cannot be), so a
 * request never silently goes out with the anon key because a refresh failed for lack of network.
 */
export function createCloudDataClient(config: CloudConfig, accessToken: () => Promise<string | null>, fetchImpl?: typeof fetch): SupabaseClient {
  // supabase-js asks once while it is built, for realtime (never used here): no token then
  let built = false;
  const client = createClient(config.supabaseUrl, config.anonKey, {
    accessToken: async () => (built ? accessToken() : null),
    realtime: { transport: ws as never },
    global: { ...(fetchImpl ? { fetch: fetchImpl } : {}), headers: CLIENT_INFO },
  });
  built = true;
  return client;
}

/**
 * Whether Auth answers at all (any HTTP status counts): asked before a refresh, so an offline
 * refresh fails at once instead of going through supabase-js' own retries and failure cooldown.
 */
export function authReachability(config: CloudConfig, fetchImpl: typeof fetch = globalThis.fetch, timeoutMs = 5_000): () => Promise<boolean> {
  const url = `${config.supabaseUrl}/auth/v1/health`;
  return async () => {
    try {
      const res = await fetchImpl(url, { headers: { apikey: config.anonKey, ...CLIENT_INFO }, signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel().catch(() => undefined);
      return true;
    } catch {
      return false;
    }
  };
}
