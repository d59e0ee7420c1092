import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAuthRetryableFetchError, type Session, type SupabaseClient } from '@supabase/supabase-js';
import type { CloudUser } from '../../../shared/api/cloud';

/** The deep link Supabase sends the browser back to (a path is needed: a bare scheme can corrupt the code). */
export const DEEP_LINK_CALLBACK = 'echoes://auth/callback';

export interface CloudAuthOptions {
  client: SupabaseClient;
  /** Opens a URL in the system browser (allow-list checked); false when refused. */
  open: (url: string) => Promise<boolean>;
  /** deep-link: echoes://auth/callback (packaged app); loopback: http://127.0.0.1:<port>/auth/callback (dev, fallback). */
  redirect: 'deep-link' | 'loopback';
  /** Refresh this long before the access token expires. */
  refreshMarginMs?: number;
  /** Something visible changed (session, sign-in in progress, error). */
  onChange: () => void;
  /** The backend could (not) be reached. */
  onNetwork?: (online: boolean) => void;
  log?: (message: string, error?: unknown) => void;
}

export interface CloudAuth {
  /** Restores a saved session (refreshing it if needed). */
  init(): Promise<void>;
  user(): CloudUser | null;
  signingIn(): boolean;
  lastError(): string | null;
  /** Builds the PKCE authorize URL and opens it in the system browser. */
  signIn(): Promise<boolean>;
  /** True when `url` is a sign-in callback (handled, successfully or not). */
  isCallback(url: string): boolean;
  /** Exchanges the callback's code for a session; false (with lastError) when it failed. */
  handleCallback(url: string): Promise<boolean>;
  signOut(): Promise<void>;
  close(): void;
}

const SIGN_IN_WAIT_MS = 10 * 60_000;
const RETRY_REFRESH_MS = 30_000;

function isDeepLinkCallback(url: URL): boolean {
  return url.protocol === 'echoes:' && url.host === 'auth' && url.pathname === '/callback';
}

export function createCloudAuth(options: CloudAuthOptions): CloudAuth {
  const { client } = options;
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const log = options.log ?? ((message: string, error?: unknown) => console.warn(`[cloud] ${message}`, error ?? ''));
  let session: Session | null = null;
  let pending = false;
  let error: string | null = null;
  let refreshTimer: NodeJS.Timeout | null = null;
  let loopback: { server: Server; port: number; timer: NodeJS.Timeout } | null = null;
  let closed = false;

  const { data: subscription } = client.auth.onAuthStateChange((_event, next) => {
    session = next;
    schedule();
    options.onChange();
  });

  function schedule() {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = null;
    if (!session?.expires_at || closed) return;
    const delay = Math.max(1_000, session.expires_at * 1000 - Date.now() - margin);
    refreshTimer = setTimeout(() => void refresh(), delay);
    refreshTimer.unref();
  }

  async function refresh() {
    if (closed || !session) return;
    const { error: failed } = await client.auth.refreshSession();
    if (!failed) {
      options.onNetwork?.(true);
      return;
    }
    if (isAuthRetryableFetchError(failed)) {
      // offline: keep the session and try again; an expired access token is refreshed on the next call
      options.onNetwork?.(false);
      refreshTimer = setTimeout(() => void refresh(), RETRY_REFRESH_MS);
      refreshTimer.unref();
      return;
    }
    log('session refresh refused; signing out', failed);
    error = 'Your session ended. Sign in again.';
    await client.auth.signOut({ scope: 'local' });
    options.onChange();
  }

  function stopLoopback() {
    if (!loopback) return;
    clearTimeout(loopback.timer);
    loopback.server.closeAllConnections();
    loopback.server.close();
    loopback = null;
  }

  async function startLoopback(): Promise<string> {
    stopLoopback();
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', `http://127.0.0.1`);
      if (url.pathname !== '/auth/callback') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'" });
      res.end('<!doctype html><meta charset="utf-8"><title>Echoes Studio</title><p>Signed in. You can close this tab and go back to Echoes Studio.</p>');
      void handleCallback(`http://127.0.0.1:${port}${req.url ?? ''}`);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const port = (server.address() as AddressInfo).port;
    const timer = setTimeout(stopLoopback, SIGN_IN_WAIT_MS);
    timer.unref();
    loopback = { server, port, timer };
    return `http://127.0.0.1:${port}/auth/callback`;
  }

  function isCallback(raw: string): boolean {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (isDeepLinkCallback(url)) return true;
    return !!loopback && url.protocol === 'http:' && url.hostname === '127.0.0.1' && Number(url.port) === loopback.port && url.pathname === '/auth/callback';
  }

  async function handleCallback(raw: string): Promise<boolean> {
    if (!isCallback(raw)) return false;
    const url = new URL(raw);
    stopLoopback();
    pending = false;
    const code = url.searchParams.get('code');
    const denied = url.searchParams.get('error_description') ?? url.searchParams.get('error');
    if (!code) {
      error = denied ? `Sign-in did not complete: ${denied}` : 'Sign-in did not complete: the browser returned no code.';
      options.onChange();
      return false;
    }
    const { error: failed } = await client.auth.exchangeCodeForSession(code);
    if (failed) {
      if (isAuthRetryableFetchError(failed)) options.onNetwork?.(false);
      error = `Sign-in did not complete: ${failed.message}. Try again.`;
      options.onChange();
      return false;
    }
    options.onNetwork?.(true);
    error = null;
    options.onChange();
    return true;
  }

  return {
    async init() {
      const { data, error: failed } = await client.auth.getSession();
      if (failed && isAuthRetryableFetchError(failed)) options.onNetwork?.(false);
      session = data.session;
      schedule();
    },
    user: () => (session ? { id: session.user.id, email: session.user.email ?? null } : null),
    signingIn: () => pending,
    lastError: () => error,
    async signIn() {
      const redirectTo = options.redirect === 'loopback' ? await startLoopback() : DEEP_LINK_CALLBACK;
      const { data, error: failed } = await client.auth.signInWithOAuth({ provider: 'google', options: { redirectTo, skipBrowserRedirect: true } });
      if (failed || !data.url) {
        stopLoopback();
        error = `Sign-in could not start: ${failed?.message ?? 'no authorize URL'}`;
        options.onChange();
        return false;
      }
      const opened = await options.open(data.url);
      pending = opened;
      error = opened ? null : 'Sign-in could not open the browser: the sign-in address is not on the allowed list.';
      if (!opened) stopLoopback();
      options.onChange();
      return opened;
    },
    isCallback,
    handleCallback,
    async signOut() {
      pending = false;
      stopLoopback();
      const { error: failed } = await client.auth.signOut();
      // offline or already revoked: still forget the session on this machine
      if (failed) await client.auth.signOut({ scope: 'local' });
      session = null;
      error = null;
      schedule();
      options.onChange();
    },
    close() {
      closed = true;
      if (refreshTimer) clearTimeout(refreshTimer);
      stopLoopback();
      subscription.subscription.unsubscribe();
    },
  };
}
