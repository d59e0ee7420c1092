// admin: credit packs, system prompt and generation settings (admin_config), and the summary of
// the opt-in reports (GET ?view=telemetry, telemetry-summary.ts), behind
// ADMIN_PASSWORD sent as the X-Admin-Password header. The password is compared in constant
// time (SHA-256 of both, then every byte). Guessing is slowed per client address (the hop the
// gateway appended to X-Forwarded-For, which the caller cannot choose; without the header, the
// connection's own address): a few attempts, then an exponential back-off. Past a global ceiling
// of wrong passwords, every address that fails waits the longest back-off, so guessing from many
// addresses is slowed to a crawl while an address that has not failed is still compared: the
// right password is never locked out by someone else's guesses. Each attempt is counted before
// the compare, in the database (admin_reserve_attempt), so parallel guesses cannot slip past.
import { CONFIG_KEYS, ConfigError, configParsers, type ConfigKey } from '../_shared/config.ts';
import type { Db } from '../_shared/db.ts';
import { ApiError, handler, json, readJson, type ConnInfo, type Handler } from '../_shared/http.ts';
import * as v from '../_shared/validate.ts';
import type { Storage } from '../_shared/storage.ts';
import { musicCatalogue } from '../_shared/music.ts';
import { manageMusic } from './music.ts';
import { telemetrySummary } from './telemetry-summary.ts';

export interface AdminDeps {
  db: Db;
  /** unset: the admin function is switched off */
  adminPassword: string | undefined;
  now: () => Date;
  log?: (message: string, error: unknown) => void;
  /** The music catalogue's files (the public music-tracks bucket); absent: music management answers 503. */
  storage?: Storage;
  /**
   * Proxies in front of the function that each append the address they saw to X-Forwarded-For
   * (ADMIN_TRUSTED_PROXY_HOPS, default 1: the Supabase gateway). Check a deployment's real header
   * before relying on the per-client limit; with too many the key is an internal proxy.
   */
  trustedProxyHops?: number;
}

export const ADMIN_LIMITS = {
  /** attempts an address makes without waiting */
  freeAttempts: 3,
  /** the first wait after those; each further wrong password doubles it */
  baseDelayMs: 1000,
  /** the longest wait (also every failed address's wait past the global ceiling) */
  maxDelayMs: 15 * 60 * 1000,
  /** wrong passwords of everyone per window before the ceiling applies */
  global: 50,
  windowMs: 15 * 60 * 1000,
};

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** Equal-length digests compared over every byte, so the time says nothing about the password. */
export async function passwordMatches(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * The caller's address: the X-Forwarded-For entry `trustedHops` from the end, the one the first
 * trusted proxy appended (entries before it are whatever the caller sent). Without the header,
 * the address the connection came from; without either, 'unknown'.
 */
export function clientAddress(req: Request, trustedHops = 1, remoteAddress?: string): string {
  const hops = (req.headers.get('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  if (hops.length === 0) return (remoteAddress || 'unknown').slice(0, 100);
  return (hops.at(-Math.max(1, Math.trunc(trustedHops))) ?? 'unknown').slice(0, 100);
}

/** Counts this attempt before the compare; null when it may be compared, else when the wait ends. */
async function reserveAttempt(db: Db, client: string, now: Date): Promise<Date | null> {
  const { rows } = await db.query<{ allowed: boolean; retry_at: Date | null }>(
    'select allowed, retry_at from public.admin_reserve_attempt($1, $2, $3, $4, $5, $6, $7)',
    [client, now, ADMIN_LIMITS.freeAttempts, ADMIN_LIMITS.baseDelayMs, ADMIN_LIMITS.maxDelayMs, ADMIN_LIMITS.global, ADMIN_LIMITS.windowMs],
  );
  const r = rows[0]!;
  return r.allowed ? null : new Date(r.retry_at ?? now.getTime() + ADMIN_LIMITS.maxDelayMs);
}

async function readAll(db: Db): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ key: string; value: unknown; updated_at: Date }>(
    'select key, value, updated_at from public.admin_config where key = any($1::text[]) order by key',
    [CONFIG_KEYS],
  );
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export function createAdminHandler(deps: AdminDeps): Handler {
  return handler({ methods: ['GET', 'POST'], cors: true, log: deps.log }, async (req, conn?: ConnInfo) => {
    if (!deps.adminPassword) throw new ApiError(503, 'admin_disabled', 'The admin function is not configured.');
    const now = deps.now();
    const client = `ip:${clientAddress(req, deps.trustedProxyHops, conn?.remoteAddress)}`;
    const until = await reserveAttempt(deps.db, client, now);
    if (until) {
      const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
      const wait = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
      const message = `Too many wrong passwords. Try again in ${wait}.`;
      return json({ error: { code: 'too_many_attempts', message, retryAfter: seconds } }, 429, { 'Retry-After': String(seconds) });
    }
    const given = req.headers.get('x-admin-password') ?? '';
    if (!(await passwordMatches(given, deps.adminPassword))) {
      await deps.db.query('select public.admin_record_failure($1, $2)', [now, ADMIN_LIMITS.windowMs]);
      throw new ApiError(401, 'unauthorized', 'Wrong admin password.');
    }
    // the right password: this address starts afresh
    await deps.db.query('delete from public.admin_auth_failures where client_key = $1', [client]);

    if (req.method === 'GET' && new URL(req.url).searchParams.get('view') === 'telemetry') return json(await telemetrySummary(deps.db, now));
    if (req.method === 'GET' && new URL(req.url).searchParams.get('view') === 'music') return json({ tracks: await musicCatalogue(deps.db) });
    if (req.method === 'GET') return json({ config: await readAll(deps.db) });

    const body = await readJson(req, 64 * 1024);
    if ('music' in body) return json(await manageMusic(deps.db, deps.storage, body));
    const key = v.oneOf(body, 'key', CONFIG_KEYS) as ConfigKey;
    if (!('value' in body)) throw v.invalid('value', 'is required');
    let value: unknown;
    try {
      value = configParsers[key](body.value);
    } catch (error) {
      if (error instanceof ConfigError) throw new ApiError(400, 'invalid_config', error.message, { field: key });
      throw error;
    }
    await deps.db.query(
      `insert into public.admin_config (key, value) values ($1, $2::jsonb)
       on conflict (key) do update set value = excluded.value`,
      [key, JSON.stringify(value)],
    );
    return json({ config: await readAll(deps.db) });
  });
}
