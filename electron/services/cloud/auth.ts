import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAuthApiError, isAuthRetryableFetchError, isAuthSessionMissingError, type GoTrueClient, type Session } from '@supabase/supabase-js';
import type { CloudUser } from '../../../shared/contract/cloud';
import { CloudCallError } from './functions';
import type { SecretStore } from './secret-store';

/** The deep link Supabase sends the browser back to (a path is needed: a bare scheme can corrupt the code). */
export const DEEP_LINK_CALLBACK = 'echoes://auth/callback';

export interface CloudAuthOptions {
  /** supabase-js' Auth client (its session persisted in the secret store), refreshed only from here. */
  client: GoTrueClient;
  /** The secret store and the key the saved session is under (read directly when Auth cannot be reached). */
  store: SecretStore;
  sessionKey: string;
  /** Whether Auth answers at all; asked before every refresh. */
  reachable: () => Promise<boolean>;
  /** Opens a URL in the system browser (allow-list checked); false when refused. */
  open: (url: string) => Promise<boolean>;
  /** deep-link: echoes://auth/callback (packaged app); loopback: http://127.0.0.1:<port>/auth/callback (dev, fallback). */
  redirect: 'deep-link' | 'loopback';
  /** Refresh this long before the access token expires. */
  refreshMarginMs?: number;
  /** Waits between refresh tries while Auth cannot be reached (doubling up to max; default 5 s to 30 s). */
  offlineRetry?: { baseMs: number; maxMs: number };
  /** Something visible changed (session, sign-in in progress, error). */
  onChange: () => void;
  /** The backend could (not) be reached. */
  onNetwork?: (online: boolean) => void;
  log?: (message: string, error?: unknown) => void;
}

export interface CloudAuth {
  /** Restores the saved session (refreshing it if it is about to expire; offline, it is kept as it is). */
  init(): Promise<void>;
  user(): CloudUser | null;
  signingIn(): boolean;
  lastError(): string | null;
  /**
   * The access token for a call to Functions or Storage, refreshed first when it is about to
   * expire. Null when signed out; throws an offline CloudCallError when the token has to be
   * refreshed and Auth cannot be reached (the caller waits and tries again).
   */
  accessToken(): Promise<string | null>;
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
/** A token closer than this to its expiry is refreshed before it is used (at most the refresh margin). */
const MIN_TOKEN_LIFE_MS = 30_000;
/** supabase-js refreshes a session this close to its expiry whenever it loads it (EXPIRY_MARGIN_MS). */
const LIBRARY_EXPIRY_MARGIN_MS = 90_000;
const DEFAULT_OFFLINE_RETRY = { baseMs: 5_000, maxMs: 30_000 };

type RefreshOutcome = 'ok' | 'offline' | 'signed-out';

function isDeepLinkCallback(url: URL): boolean {
  return url.protocol === 'echoes:' && url.host === 'auth' && url.pathname === '/callback';
}

/** The session as supabase-js saved it, if it looks like one (the checks supabase-js makes). */
export function parseStoredSession(raw: string | null): Session | null {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Partial<Session> | null;
    if (!s || typeof s !== 'object') return null;
    if (typeof s.access_token !== 'string' || typeof s.refresh_token !== 'string' || typeof s.expires_at !== 'number') return null;
    if (!s.user || typeof s.user.id !== 'string') return null;
    return s as Session;
  } catch {
    return null;
  }
}

/**
 * Auth itself refused the refresh token (revoked, unknown, already used: a 4xx answer from
 * Auth). Anything else (no network, a gateway error, a rate limit, a captive portal's page)
 * says nothing about the session, which is kept.
 */
function isRejection(error: unknown): boolean {
  if (isAuthSessionMissingError(error)) return true;
  if (isAuthRetryableFetchError(error) || !isAuthApiError(error)) return false;
  return error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

const expiresInMs = (s: Session) => (s.expires_at ?? 0) * 1000 - Date.now();

function tokensEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function createCloudAuth(options: CloudAuthOptions): CloudAuth {
  const { client } = options;
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const retry = options.offlineRetry ?? DEFAULT_OFFLINE_RETRY;
  const minTokenLife = Math.min(MIN_TOKEN_LIFE_MS, Math.max(margin, 500));
  const log = options.log ?? ((message: string, error?: unknown) => console.warn(`[cloud] ${message}`, error ?? ''));
  let session: Session | null = null;
  let pending = false;
  /** The state of the sign-in this app started (in its redirect URL); a callback must bring it back. */
  let pendingState: string | null = null;
  let error: string | null = null;
  let refreshTimer: NodeJS.Timeout | null = null;
  let refreshing: Promise<RefreshOutcome> | null = null;
  let offlineTries = 0;
  let loopback: { server: Server; port: number; timer: NodeJS.Timeout } | null = null;
  let closed = false;
  let initialized: Promise<void> | null = null;

  function clearTimer() {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = null;
  }

  /** The next refresh: `margin` before the access token expires. */
  function schedule() {
    clearTimer();
    if (!session?.expires_at || closed) return;
    const delay = Math.max(1_000, expiresInMs(session) - margin);
    refreshTimer = setTimeout(() => void refresh(), delay);
    refreshTimer.unref();
  }

  /** Auth could not be reached: keep the session, say so, and try again with backoff. */
  function offline(): RefreshOutcome {
    options.onNetwork?.(false);
    clearTimer();
    if (!closed && session) {
      offlineTries += 1;
      refreshTimer = setTimeout(() => void refresh(), Math.min(retry.maxMs, retry.baseMs * 2 ** (offlineTries - 1)));
      refreshTimer.unref();
    }
    return 'offline';
  }

  /** supabase-js drops the saved session when a refresh of an expired token fails with anything but a network error: put it back. */
  async function keepSaved(saved: Session) {
    if (parseStoredSession(await options.store.get(options.sessionKey))) return;
    await options.store.set(options.sessionKey, JSON.stringify(saved));
  }

  async function forget(message: string, cause: unknown) {
    log('session refresh refused; signing out', cause);
    error = message;
    session = null;
    clearTimer();
    await client.signOut({ scope: 'local' }).catch(() => undefined);
    options.onChange();
  }

  /**
   * A session close to its expiry is refreshed by supabase-js as soon as it is loaded, so
   * refreshSession would refresh it twice: getSession refreshes it once. When that refresh was
   * refused while the access token still works, getSession hands back the old session without
   * the error; refreshSession then returns that error (cached by supabase-js, no request).
   */
  async function refreshOnce(before: Session) {
    if (expiresInMs(before) > LIBRARY_EXPIRY_MARGIN_MS) return client.refreshSession();
    const loaded = await client.getSession();
    if (loaded.error || !loaded.data.session || loaded.data.session.access_token !== before.access_token) return loaded;
    return client.refreshSession();
  }

  async function doRefresh(): Promise<RefreshOutcome> {
    const before = session;
    if (closed || !before) return 'signed-out';
    if (!(await options.reachable())) return closed ? 'offline' : offline();
    if (closed) return 'offline';
    const { data, error: failed } = await refreshOnce(before);
    if (closed) return 'offline';
    // signed out or in again meanwhile: that session wins
    if (session !== before) return session ? 'ok' : 'signed-out';
    if (!failed && data.session) {
      session = data.session;
      offlineTries = 0;
      options.onNetwork?.(true);
      schedule();
      options.onChange();
      return 'ok';
    }
    if (failed && !isRejection(failed)) {
      await keepSaved(before);
      return offline();
    }
    options.onNetwork?.(true);
    await forget('Your session ended. Sign in again.', failed ?? 'no saved session');
    return 'signed-out';
  }

  /** One refresh at a time; every caller waits for the same one. */
  function refresh(): Promise<RefreshOutcome> {
    refreshing ??= doRefresh()
      .catch((cause: unknown) => {
        log('session refresh failed', cause);
        return offline();
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
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
    // Only the sign-in this app started, and only with its own state: any other link (a forged one,
    // an old one, one for another window) is ignored and leaves a sign-in in progress as it is.
    const state = url.searchParams.get('state');
    if (!pending || !pendingState || !state || !tokensEqual(state, pendingState)) {
      log('ignored a sign-in link that does not belong to a sign-in started here');
      if (!pending) {
        error = 'A sign-in link was ignored: it does not belong to a sign-in started in this app. Choose Sign in to start one.';
        options.onChange();
      }
      return false;
    }
    stopLoopback();
    pending = false;
    pendingState = null;
    const code = url.searchParams.get('code');
    if (!code) {
      // The link's own text (error_description) is not shown: anyone can write it.
      const reason = url.searchParams.get('error');
      if (reason) log(`sign-in refused: ${reason}: ${url.searchParams.get('error_description') ?? ''}`);
      error = reason === 'access_denied'
        ? 'Sign-in did not complete: it was cancelled or refused in the browser. Try again.'
        : 'Sign-in did not complete: the browser came back without a sign-in. Try again.';
      options.onChange();
      return false;
    }
    const { data, error: failed } = await client.exchangeCodeForSession(code);
    if (failed || !data.session) {
      if (isAuthRetryableFetchError(failed)) options.onNetwork?.(false);
      error = `Sign-in did not complete: ${failed?.message ?? 'no session'}. Try again.`;
      options.onChange();
      return false;
    }
    session = data.session;
    offlineTries = 0;
    schedule();
    options.onNetwork?.(true);
    error = null;
    options.onChange();
    return true;
  }

  return {
    init() {
      initialized ??= (async () => {
        // straight from the secret store: supabase-js' getSession would try to refresh an expired
        // token and, offline, answer "no session"
        const saved = parseStoredSession(await options.store.get(options.sessionKey));
        if (closed || !saved) return;
        session = saved;
        if (expiresInMs(saved) <= margin) await refresh();
        else schedule();
      })();
      return initialized;
    },
    user: () => (session ? { id: session.user.id, email: session.user.email ?? null } : null),
    signingIn: () => pending,
    lastError: () => error,
    async accessToken() {
      await initialized;
      const current = session;
      if (!current) return null;
      if (expiresInMs(current) > minTokenLife) return current.access_token;
      const outcome = await refresh();
      if (outcome === 'ok' && session) return session.access_token;
      if (outcome === 'offline') throw new CloudCallError('offline', 0, 'offline', 'The Echoes cloud cannot be reached. Check your internet connection.');
      return null;
    },
    async signIn() {
      const state = randomBytes(16).toString('base64url');
      const redirectTo = `${options.redirect === 'loopback' ? await startLoopback() : DEEP_LINK_CALLBACK}?state=${state}`;
      const { data, error: failed } = await client.signInWithOAuth({ provider: 'google', options: { redirectTo, skipBrowserRedirect: true } });
      if (failed || !data.url) {
        stopLoopback();
        error = `Sign-in could not start: ${failed?.message ?? 'no authorize URL'}`;
        options.onChange();
        return false;
      }
      const opened = await options.open(data.url);
      pending = opened;
      pendingState = opened ? state : null;
      error = opened ? null : 'Sign-in could not open the browser: the sign-in address is not on the allowed list.';
      if (!opened) stopLoopback();
      options.onChange();
      return opened;
    },
    isCallback,
    handleCallback,
    async signOut() {
      pending = false;
      pendingState = null;
      stopLoopback();
      const current = session;
      session = null;
      error = null;
      offlineTries = 0;
      clearTimer();
      // revoke it at Auth when Auth answers; offline or already revoked: still forget it here
      const { error: failed } = current && (await options.reachable()) ? await client.signOut() : { error: true };
      if (failed) await client.signOut({ scope: 'local' });
      options.onChange();
    },
    close() {
      closed = true;
      clearTimer();
      stopLoopback();
    },
  };
}
