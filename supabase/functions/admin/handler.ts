// admin: credit packs, system prompt and generation settings (admin_config), behind
// ADMIN_PASSWORD sent as the X-Admin-Password header. The password is compared in constant
// time (SHA-256 of both, then every byte). Every attempt is counted before the compare, in one
// SQL statement, so parallel guesses cannot all slip past the limit: per client address (the
// hop the gateway appended to X-Forwarded-For, which the caller cannot choose) and, against
// many addresses, for everyone. Only attempts a client was allowed count for everyone, so one
// client cannot lock the admin out; every lock ends after lockMs.
import { CONFIG_KEYS, ConfigError, configParsers, type ConfigKey } from '../_shared/config.ts';
import type { Db } from '../_shared/db.ts';
import { ApiError, handler, json, readJson, type Handler } from '../_shared/http.ts';
import * as v from '../_shared/validate.ts';

export interface AdminDeps {
  db: Db;
  /** unset: the admin function is switched off */
  adminPassword: string | undefined;
  now: () => Date;
  log?: (message: string, error: unknown) => void;
  /**
   * Proxies in front of the function that each append the address they saw to X-Forwarded-For
   * (ADMIN_TRUSTED_PROXY_HOPS, default 1: the Supabase gateway). Check a deployment's real header
   * before relying on the per-client limit; with too many the key is an internal proxy.
   */
  trustedProxyHops?: number;
}

export const ADMIN_LIMITS = {
  /** attempts one client address may make per window (a right password resets it) */
  perClient: 5,
  /** attempts all clients together may make per window */
  global: 50,
  windowMs: 15 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
};

const GLOBAL_KEY = 'global';

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
 * trusted proxy appended (entries before it are whatever the caller sent). Without it, 'unknown'.
 */
export function clientAddress(req: Request, trustedHops = 1): string {
  const hops = (req.headers.get('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  return (hops.at(-Math.max(1, Math.trunc(trustedHops))) ?? 'unknown').slice(0, 100);
}

// One row per key: attempts in the current window, and a lock that ends at locked_until. A
// window starts afresh once it is over (when not locked) or once the lock has ended. The lock
// is set by the attempt that reaches the limit (that one is still compared); attempts after it
// are counted but refused, and never extend it.
// $1 now, $2 window, $3 lock, $4 client key, $5 per-client limit, $6 global limit.
const FRESH = `(f.locked_until is not null and f.locked_until <= $1) or (f.locked_until is null and f.window_started_at <= $1::timestamptz - $2::interval)`;

function countInto(rows: string, limit: string): string {
  return `insert into public.admin_auth_failures as f (client_key, failures, window_started_at, locked_until)
    ${rows}
    on conflict (client_key) do update set
      failures = case when ${FRESH} then 1 else least(f.failures + 1, 1000000000) end,
      window_started_at = case when ${FRESH} then $1 else f.window_started_at end,
      locked_until = case
        when ${FRESH} then case when 1 >= ${limit} then $1::timestamptz + $3::interval end
        when f.locked_until is not null then f.locked_until
        when f.failures + 1 >= ${limit} then $1::timestamptz + $3::interval
      end
    returning failures, locked_until`;
}

const firstAttempt = (limit: string) => `1, $1::timestamptz, case when 1 >= ${limit} then $1::timestamptz + $3::interval end`;

/**
 * One statement: the client's attempt is counted (its row locked) first, then, only when the
 * client was allowed to make it, the attempt for everyone. Rows are always locked in that
 * order (client, then global), so parallel attempts queue up instead of deadlocking.
 */
const ATTEMPT_SQL = `
  with client as (
    ${countInto(`select $4::text, ${firstAttempt('$5::int')}`, '$5::int')}
  ), everyone as (
    ${countInto(`select '${GLOBAL_KEY}', ${firstAttempt('$6::int')} from client where client.failures <= $5::int`, '$6::int')}
  )
  select c.failures as client_failures, c.locked_until as client_locked_until,
         e.failures as global_failures, e.locked_until as global_locked_until
  from client c left join everyone e on true`;

interface Attempt {
  client_failures: number;
  client_locked_until: Date | null;
  global_failures: number | null;
  global_locked_until: Date | null;
}

/** Counts this attempt; null when it may go on to the compare, else when the lock that refused it ends. */
async function countAttempt(db: Db, client: string, now: Date): Promise<Date | null> {
  const { rows } = await db.query<Attempt>(ATTEMPT_SQL, [
    now,
    `${ADMIN_LIMITS.windowMs} milliseconds`,
    `${ADMIN_LIMITS.lockMs} milliseconds`,
    client,
    ADMIN_LIMITS.perClient,
    ADMIN_LIMITS.global,
  ]);
  const r = rows[0]!;
  const fallback = new Date(now.getTime() + ADMIN_LIMITS.lockMs);
  if (r.client_failures > ADMIN_LIMITS.perClient) return r.client_locked_until ?? fallback;
  if (r.global_failures !== null && r.global_failures > ADMIN_LIMITS.global) return r.global_locked_until ?? fallback;
  return null;
}

/** The right password: this client starts afresh, and its attempt no longer counts for everyone. */
async function forgetAttempt(db: Db, client: string): Promise<void> {
  await db.query(
    `with gone as (delete from public.admin_auth_failures where client_key = $1)
     update public.admin_auth_failures
     set failures = greatest(failures - 1, 0),
         locked_until = case when failures - 1 < $2::int then null else locked_until end
     where client_key = '${GLOBAL_KEY}' and failures > 0`,
    [client, ADMIN_LIMITS.global],
  );
}

async function readAll(db: Db): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ key: string; value: unknown; updated_at: Date }>(
    'select key, value, updated_at from public.admin_config where key = any($1::text[]) order by key',
    [CONFIG_KEYS],
  );
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export function createAdminHandler(deps: AdminDeps): Handler {
  return handler({ methods: ['GET', 'POST'], cors: true, log: deps.log }, async (req) => {
    if (!deps.adminPassword) throw new ApiError(503, 'admin_disabled', 'The admin function is not configured.');
    const now = deps.now();
    const client = `ip:${clientAddress(req, deps.trustedProxyHops)}`;
    const until = await countAttempt(deps.db, client, now);
    if (until) {
      const seconds = Math.max(1, Math.ceil((new Date(until).getTime() - now.getTime()) / 1000));
      const message = `Too many wrong passwords. Try again in ${Math.ceil(seconds / 60)} minutes.`;
      return json({ error: { code: 'too_many_attempts', message, retryAfter: seconds } }, 429, { 'Retry-After': String(seconds) });
    }
    const given = req.headers.get('x-admin-password') ?? '';
    if (!(await passwordMatches(given, deps.adminPassword))) throw new ApiError(401, 'unauthorized', 'Wrong admin password.');
    await forgetAttempt(deps.db, client);

    if (req.method === 'GET') return json({ config: await readAll(deps.db) });

    const body = await readJson(req, 64 * 1024);
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
