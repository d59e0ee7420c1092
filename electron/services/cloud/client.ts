import { createClient, type SupabaseClient } from '@supabase/supabase-js';
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

/**
 * The real supabase-js client for the main process: PKCE sign-in, the session persisted in the
 * secret store (keyed by project, so switching projects never mixes sessions), refresh driven
 * by the auth service's own timer, and no realtime use (ws only because Node 20 lacks WebSocket).
 */
export function createCloudClient(config: CloudConfig, store: SecretStore, fetchImpl?: typeof fetch): SupabaseClient {
  const project = new URL(config.supabaseUrl).host;
  return createClient(config.supabaseUrl, config.anonKey, {
    auth: {
      flowType: 'pkce',
      persistSession: true,
      autoRefreshToken: false,
      detectSessionInUrl: false,
      storage: authStorage(store, `supabase:${project}:`),
    },
    realtime: { transport: ws as never },
    global: { ...(fetchImpl ? { fetch: fetchImpl } : {}), headers: { 'x-client-info': 'echoes-studio-desktop' } },
  });
}
