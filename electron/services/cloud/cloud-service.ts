import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { CLOUD_FEATURES } from '../../../shared/values';
import type { AdminConfig, CloudStatus, CreditsSummary } from '../../../shared/contract/cloud';
import { StudioError } from '../../../shared/contract/errors';
import type { EventBus } from '../rpc/event-bus';
import type { ClipRepository } from '../clips/clip-repository';
import type { GenerationProvider } from '../generate/provider';
import { adminGet, adminTelemetry, adminUpdate, type AdminKey } from './admin';
import { sendTelemetryBatch } from './telemetry';
import type { TelemetryBatch } from '../telemetry/telemetry-batch';
import type { TelemetrySummaryBody } from '../../../supabase/functions/_shared/wire';
import { createCloudAuth, type CloudAuth } from './auth';
import { loggedFetch } from './call-log';
import { processLog, registerLogSecret } from '../log/logger';
import { authReachability, createCloudAuthClient, createCloudDataClient, sessionSecretKey } from './client';
import { anonKeyProblem, createCloudSettingsFile, LOCAL_ONLY_MESSAGE, normalizeUrl, resolveCloudConfig, type CloudConfig, type ResolvedCloudConfig } from './config';
import { checkoutReturn, checkoutUrl, fetchCredits, redeemReferral } from './credits';
import { guardedOpener } from './external';
import { CloudCallError } from './functions';
import { PHOTOS_BUCKET } from '../../../supabase/functions/_shared/wire';
import { createRunwayProvider } from '../generate/providers/runway/runway-provider';
import type { SecretStore } from './secret-store';
import { createSignedUrlCache, type SignedUrlCache } from './signed-url-cache';

/** What the shell injects (Electron: safeStorage store, shell.openExternal, the deep link). */
export interface CloudOptions {
  /** Supabase URL + anon key baked in at build time (null: only Settings can configure one). */
  buildConfig?: CloudConfig | null;
  secretStore: SecretStore;
  /** The network (default: global fetch); every request through it is logged (call-log.ts). */
  fetch?: typeof fetch;
  /** The system browser. Only called for allow-listed URLs. */
  openExternal: (url: string) => Promise<void>;
  /**
   * Asked before Settings points the app at another Supabase project (whose host the sign-in opener
   * then trusts): Electron shows a native dialog from the main process naming the host (https only),
   * so the page alone cannot change it. Resolves false when the creator declines.
   */
  confirmProject: (supabaseUrl: string) => Promise<boolean>;
  /** deep-link (packaged app, default) or loopback (dev, and where the scheme is not registered). */
  redirect?: 'deep-link' | 'loopback';
  refreshMarginMs?: number;
  pollIntervalMs?: number;
  /** Waits between tries while offline, doubling up to max: the jobs' calls (default 2 s to 60 s) and the session refresh (5 s to 30 s). */
  offlineRetry?: { baseMs: number; maxMs: number };
  /** Delays of the balance re-checks after a checkout returns (the webhook may land a little later). */
  checkoutRecheckMs?: number[];
  log?: (message: string, error?: unknown) => void;
}

export interface CloudServiceDeps {
  clips: Pick<ClipRepository, 'get'>;
  /** Which try of its job a generation is (the Runway provider makes each try its own request). */
  jobAttempt: (jobId: string) => number;
  events: EventBus;
  dataDir: string;
  /** A local project's name (sent with a generation, so the cloud library shows it elsewhere). */
  projectName?: (projectId: string) => string | null;
  /** Records a KPI for the opt-in reports (the signed-URL cache's hit rate, in %). */
  kpi?: (name: 'signed_url_cache_hit_rate', value: number) => void;
}

export interface CloudService {
  /** Resolves once a saved session was restored. */
  ready: Promise<void>;
  /** The `runway` generation provider (registered when the shell provides cloud options). */
  provider: GenerationProvider;
  status(): CloudStatus;
  configure(config: CloudConfig | null): Promise<CloudStatus>;
  signIn(): Promise<boolean>;
  signOut(): Promise<CloudStatus>;
  /** A deep link (echoes://auth/callback, echoes://checkout/...) or loopback callback; true when it was ours. */
  handleDeepLink(url: string): Promise<boolean>;
  /** The window got focus: refresh the balance. */
  onFocus(): Promise<void>;
  credits(refresh: boolean): Promise<CreditsSummary>;
  buyCredits(packId: string): Promise<boolean>;
  redeemReferral(code: string): Promise<CreditsSummary>;
  mediaUrls(paths: string[]): Promise<Record<string, string | null>>;
  adminGet(password: string): Promise<AdminConfig>;
  adminTelemetry(password: string): Promise<TelemetrySummaryBody>;
  /** One batch of opt-in reports (refused with SendRefused while signed out or rate limited). */
  sendTelemetry(batch: TelemetryBatch): Promise<void>;
  adminUpdate(password: string, key: AdminKey, value: unknown): Promise<AdminConfig>;
  /** What the cloud library (library.ts) builds on. */
  access: CloudAccess;
  close(): void;
}

/** The signed-in session as the cloud library uses it: calls that keep `online` true to the network, and the signed-URL cache. */
export interface CloudAccess {
  /** The signed-in user (null: signed out or local-only). */
  userId(): string | null;
  online(): boolean;
  /** Runs fn with the signed-in data client; a network failure marks the studio offline and throws UNAVAILABLE. */
  call<T>(fn: (client: SupabaseClient) => Promise<T>): Promise<T>;
  /** The same without a user (the admin function goes by its password). */
  callAnonymous<T>(fn: (client: SupabaseClient) => Promise<T>): Promise<T>;
  /** Many paths of one bucket in one createSignedUrls call, through the bounded cache. */
  signedUrls(bucket: string, paths: readonly string[]): Promise<Map<string, string | null>>;
  /** The logged network, for downloads and uploads of signed URLs. */
  fetch: typeof fetch;
  /** A download or upload could not reach the backend: the studio is offline until a call succeeds. */
  markOffline(): void;
  /** Told when the signed-in user changes (sign-in, sign-out, another account). */
  onUserChange(listener: (userId: string | null) => void): () => void;
}

/** A request that never reached the backend (supabase-js' storage wraps the fetch failure in StorageUnknownError). */
export function isNetworkFailure(error: unknown): boolean {
  const e = error as { name?: string; message?: string; originalError?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'StorageUnknownError') return isNetworkFailure(e.originalError) || /fetch failed|network|ECONN|ENOTFOUND|socket/i.test(e.message ?? '');
  if (e.name === 'TypeError' && /fetch failed|network/i.test(e.message ?? '')) return true;
  return /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|UND_ERR_SOCKET/.test(`${e.message ?? ''} ${String((e.cause as { code?: string } | undefined)?.code ?? '')}`);
}

interface Connection {
  config: CloudConfig;
  /** Functions and Storage, with the access token the auth service hands out. */
  client: SupabaseClient;
  auth: CloudAuth;
}

export function toStudioError(error: unknown): Error {
  if (error instanceof StudioError) return error;
  if (error instanceof CloudCallError) {
    if (error.kind === 'offline') return new StudioError('UNAVAILABLE', error.message);
    if (error.status === 401) return new StudioError('FORBIDDEN', 'Your Echoes session has expired. Sign in again.');
    if (error.status === 402) return new StudioError('FORBIDDEN', error.message);
    if (error.status >= 400 && error.status < 500) return new StudioError('INVALID_INPUT', error.message);
    return new StudioError('UNAVAILABLE', error.message);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** How long a pack's purchase keeps its request id (and so its Checkout session) when it never comes back. */
const CHECKOUT_REUSE_MS = 30 * 60_000;

interface Checkout {
  requestId: string;
  startedAt: number;
  /** The create-checkout call and the browser opening, while they run. */
  opening: Promise<boolean> | null;
}

const cloudLog = processLog('cloud');

export function createCloudService(deps: CloudServiceDeps, options: CloudOptions | undefined): CloudService {
  const { events } = deps;
  const log = options?.log ?? ((message: string, error?: unknown) => cloudLog.warn(message, error));
  const settingsFile = createCloudSettingsFile(join(deps.dataDir, 'cloud.json'));
  const buildConfig = options?.buildConfig ? { ...options.buildConfig, supabaseUrl: normalizeUrl(options.buildConfig.supabaseUrl) } : null;
  let resolved: ResolvedCloudConfig = options ? resolveCloudConfig(buildConfig, settingsFile.get()) : { configured: false, source: null, message: LOCAL_ONLY_MESSAGE };
  let connection: Connection | null = null;
  let online = true;
  let balance: number | null = null;
  let summary: CreditsSummary | null = null;
  let closed = false;
  const timers = new Set<NodeJS.Timeout>();
  // purchases in flight, per pack: a double click (or a second click before paying) gets the same Checkout session
  const checkouts = new Map<string, Checkout>();

  const open = guardedOpener(async (url) => options!.openExternal(url), () => (resolved.configured ? resolved.config.supabaseUrl : null));
  const urlCache: SignedUrlCache = createSignedUrlCache({
    source: () => connection?.client ?? null,
    onLookup: (hits, paths) => deps.kpi?.('signed_url_cache_hit_rate', Math.round((hits / paths) * 100)),
  });


  function status(): CloudStatus {
    const user = connection?.auth.user() ?? null;
    return {
      configured: resolved.configured,
      source: resolved.source,
      projectUrl: resolved.configured ? resolved.config.supabaseUrl : null,
      localOnlyMessage: resolved.configured ? null : resolved.message,
      needsAccount: [...CLOUD_FEATURES],
      signedIn: user !== null,
      user,
      signingIn: connection?.auth.signingIn() ?? false,
      online,
      balance: user ? balance : null,
      lastError: connection?.auth.lastError() ?? null,
    };
  }

  let lastSent = '';
  function emitStatus() {
    if (closed) return;
    const next = status();
    const key = JSON.stringify(next);
    if (key === lastSent) return;
    lastSent = key;
    events.emit({ type: 'cloud.status', payload: next });
  }

  function setOnline(value: boolean) {
    if (online === value) return;
    online = value;
    emitStatus();
  }

  function setBalance(value: number) {
    // credits arrived: whatever was being bought is done, the next purchase is a new one
    if (balance !== null && value > balance) checkouts.clear();
    const changed = balance !== value;
    balance = value;
    if (summary) summary = { ...summary, balance: value };
    if (changed) {
      events.emit({ type: 'credits.updated', payload: { balance: value } });
      emitStatus();
    }
  }

  let userSeen: string | null = null;
  function onAuthChange() {
    const user = connection?.auth.user()?.id ?? null;
    if (user !== userSeen) {
      userSeen = user;
      for (const listener of userListeners) listener(user);
      balance = null;
      summary = null;
      checkouts.clear();
      urlCache.clear();
      if (user) void refreshCredits().catch((error: unknown) => log('could not load the balance after sign-in', error));
    }
    emitStatus();
  }

  function connect(): Promise<void> {
    connection?.auth.close();
    connection = null;
    userSeen = null;
    if (!resolved.configured || !options) return Promise.resolve();
    const config = resolved.config;
    registerLogSecret(config.anonKey);
    const fetchLogged = loggedFetch(options.fetch);
    const auth = createCloudAuth({
      client: createCloudAuthClient(config, options.secretStore, fetchLogged),
      store: options.secretStore,
      sessionKey: sessionSecretKey(config),
      reachable: authReachability(config, fetchLogged),
      open,
      redirect: options.redirect ?? 'deep-link',
      refreshMarginMs: options.refreshMarginMs,
      offlineRetry: options.offlineRetry,
      onChange: onAuthChange,
      onNetwork: setOnline,
      log,
    });
    const restored = auth.init();
    const client = createCloudDataClient(config, () => auth.accessToken(), fetchLogged);
    connection = { config, client, auth };
    return restored.then(onAuthChange, (error: unknown) => log('could not restore the session', error));
  }

  function signedIn(): Connection {
    if (!resolved.configured || !connection) throw new StudioError('UNAVAILABLE', LOCAL_ONLY_MESSAGE);
    if (!connection.auth.user()) throw new StudioError('FORBIDDEN', 'Sign in to your Echoes account first (Settings › Account).');
    return connection;
  }

  async function call<T>(fn: (client: SupabaseClient) => Promise<T>, needsUser = true): Promise<T> {
    const c = needsUser ? signedIn() : connection;
    if (!c) throw new StudioError('UNAVAILABLE', LOCAL_ONLY_MESSAGE);
    try {
      const result = await fn(c.client);
      setOnline(true);
      return result;
    } catch (error) {
      if (error instanceof CloudCallError && error.kind === 'offline') setOnline(false);
      if (!(error instanceof CloudCallError) && isNetworkFailure(error)) {
        setOnline(false);
        throw new StudioError('UNAVAILABLE', 'The Echoes cloud cannot be reached. Check your internet connection.');
      }
      throw toStudioError(error);
    }
  }

  const userListeners = new Set<(userId: string | null) => void>();

  async function refreshCredits(): Promise<CreditsSummary> {
    const next = await call((client) => fetchCredits(client));
    summary = next;
    setBalance(next.balance);
    return next;
  }

  function later(ms: number, fn: () => void) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      // A timer's error has no caller: it is recorded here, never left to end the process.
      try {
        fn();
      } catch (error) {
        log('a scheduled cloud task failed', error);
      }
    }, ms);
    timer.unref();
    timers.add(timer);
  }

  const ready = connect();

  const provider = createRunwayProvider({
    // the finished video's signed URL is logged with its token redacted
    fetch: loggedFetch(options?.fetch),
    // jobs resumed at start-up wait for the saved session instead of failing as signed out
    session: async () => {
      await ready;
      const user = connection?.auth.user();
      return connection && user ? { client: connection.client, userId: user.id } : null;
    },
    signedOutMessage: () =>
      resolved.configured
        ? 'Runway clips need your Echoes account: sign in (Settings › Account), then generate again.'
        : 'Runway clips need an Echoes account, and this copy of the app has no cloud project configured (Settings › Account). On-device motion works without one.',
    projectOf: (clipId) => deps.clips.get(clipId).projectId,
    projectTitleOf: deps.projectName,
    attemptOf: deps.jobAttempt,
    onBalance: setBalance,
    onCreditsNeeded: (info) => {
      events.emit({ type: 'credits.needed', payload: info });
      void refreshCredits().catch(() => undefined);
    },
    onNetwork: setOnline,
    pollIntervalMs: options?.pollIntervalMs,
    offlineRetry: options?.offlineRetry,
  });

  return {
    ready,
    provider,
    status,
    async configure(config) {
      if (!options) throw new StudioError('UNAVAILABLE', 'This copy of the studio has no cloud support (no secret store was provided).');
      const keyProblem = config ? anonKeyProblem(config.anonKey) : null;
      if (keyProblem) throw new StudioError('INVALID_INPUT', `The key was not saved: ${keyProblem}.`, [{ path: 'anonKey', message: keyProblem }]);
      if (config && !(await options.confirmProject(normalizeUrl(config.supabaseUrl)))) throw new StudioError('CANCELLED', 'The cloud project was not changed.');
      await settingsFile.set(config);
      resolved = resolveCloudConfig(buildConfig, settingsFile.get());
      balance = null;
      summary = null;
      urlCache.clear();
      await connect();
      emitStatus();
      return status();
    },
    async signIn() {
      if (!resolved.configured || !connection) throw new StudioError('UNAVAILABLE', LOCAL_ONLY_MESSAGE);
      const opened = await connection.auth.signIn();
      emitStatus();
      return opened;
    },
    async signOut() {
      if (connection) await connection.auth.signOut();
      checkouts.clear();
      balance = null;
      summary = null;
      urlCache.clear();
      emitStatus();
      return status();
    },
    async handleDeepLink(url) {
      if (!connection) return false;
      if (connection.auth.isCallback(url)) {
        await connection.auth.handleCallback(url);
        emitStatus();
        return true;
      }
      const checkout = checkoutReturn(url);
      if (!checkout) return false;
      // the browser came back from Checkout (paid or not): the next purchase starts afresh
      checkouts.clear();
      if (connection.auth.user()) {
        const before = balance;
        await refreshCredits().catch((error: unknown) => log('could not refresh the balance after checkout', error));
        if (checkout === 'done') {
          // the webhook can land after the browser returns: look again a few times until it shows
          for (const ms of options?.checkoutRecheckMs ?? [3_000, 10_000, 30_000]) {
            later(ms, () => {
              if (balance === before && connection?.auth.user()) void refreshCredits().catch(() => undefined);
            });
          }
        }
      }
      return true;
    },
    async onFocus() {
      if (!connection?.auth.user()) return;
      await refreshCredits().catch((error: unknown) => log('could not refresh the balance on focus', error));
    },
    async credits(refresh) {
      if (summary && !refresh) return summary;
      return refreshCredits();
    },
    async buyCredits(packId) {
      const known = checkouts.get(packId);
      // a second click while the first is still on its way: the same request, one browser tab
      if (known?.opening) return known.opening;
      const checkout = known && Date.now() - known.startedAt < CHECKOUT_REUSE_MS ? known : { requestId: randomUUID(), startedAt: Date.now(), opening: null };
      checkouts.set(packId, checkout);
      const opening = (async () => {
        try {
          const url = await call((client) => checkoutUrl(client, packId, checkout.requestId));
          const opened = await open(url);
          if (!opened) throw new StudioError('FORBIDDEN', `Refused to open the payment page: ${new URL(url).host} is not on the allowed list.`);
          return opened;
        } catch (error) {
          // nothing was opened: the next click asks afresh
          if (checkouts.get(packId) === checkout) checkouts.delete(packId);
          throw error;
        }
      })();
      checkout.opening = opening;
      void opening.then(
        () => (checkout.opening = null),
        () => (checkout.opening = null),
      );
      return opening;
    },
    async redeemReferral(code) {
      const next = await call((client) => redeemReferral(client, code));
      summary = next;
      setBalance(next.balance);
      return next;
    },
    async mediaUrls(paths) {
      const user = signedIn().auth.user()!;
      const own = paths.filter((p) => p.startsWith(`${user.id}/`) && !p.includes('..'));
      const urls = own.length ? await call(() => urlCache.get(PHOTOS_BUCKET, own)) : new Map<string, string | null>();
      return Object.fromEntries(paths.map((p) => [p, urls.get(p) ?? null]));
    },
    adminGet: (password) => call((client) => adminGet(client, password), false),
    adminTelemetry: (password) => call((client) => adminTelemetry(client, password), false),
    sendTelemetry: (batch) => sendTelemetryBatch(connection?.auth.user() ? connection.client : null, batch),
    adminUpdate: (password, key, value) => call((client) => adminUpdate(client, password, key, value), false),
    access: {
      userId: () => connection?.auth.user()?.id ?? null,
      online: () => online,
      call: (fn) => call(fn),
      callAnonymous: (fn) => call(fn, false),
      // not through call(): an answer from the cache says nothing about the network
      signedUrls: async (bucket, paths) => {
        signedIn();
        try {
          return await urlCache.get(bucket, paths);
        } catch (error) {
          if (isNetworkFailure(error)) {
            setOnline(false);
            throw new StudioError('UNAVAILABLE', 'The Echoes cloud cannot be reached. Check your internet connection.');
          }
          throw toStudioError(error);
        }
      },
      markOffline: () => setOnline(false),
      fetch: loggedFetch(options?.fetch),
      onUserChange(listener) {
        userListeners.add(listener);
        return () => userListeners.delete(listener);
      },
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      urlCache.close();
      connection?.auth.close();
    },
  };
}
