// admin: credit packs, system prompt and generation settings (admin_config), behind
// ADMIN_PASSWORD sent as the X-Admin-Password header. The password is compared in constant
// time (SHA-256 of both, then every byte), and wrong passwords lock a client out for a
// while: per client address and, against address spoofing, for everyone at a higher count.
import { CONFIG_KEYS, ConfigError, configParsers, type ConfigKey } from './config.ts';
import type { Db } from './db.ts';
import { ApiError, handler, json, readJson, type Handler } from './http.ts';
import * as v from './validate.ts';

export interface AdminDeps {
  db: Db;
  /** unset: the admin function is switched off */
  adminPassword: string | undefined;
  now: () => Date;
  log?: (message: string, error: unknown) => void;
}

export const ADMIN_LIMITS = {
  perClient: 5,
  global: 50,
  windowMs: 15 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
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

function clientKeys(req: Request): { key: string; limit: number }[] {
  const forwarded = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const address = forwarded || req.headers.get('x-real-ip') || 'unknown';
  return [
    { key: `ip:${address.slice(0, 100)}`, limit: ADMIN_LIMITS.perClient },
    { key: 'global', limit: ADMIN_LIMITS.global },
  ];
}

async function lockedUntil(db: Db, keys: string[], now: Date): Promise<Date | null> {
  const { rows } = await db.query<{ locked_until: Date }>(
    `select max(locked_until) as locked_until from public.admin_auth_failures
     where client_key = any($1::text[]) and locked_until > $2`,
    [keys, now],
  );
  return rows[0]?.locked_until ?? null;
}

async function recordFailure(db: Db, keys: { key: string; limit: number }[], now: Date): Promise<void> {
  for (const { key, limit } of keys) {
    await db.query(
      `insert into public.admin_auth_failures as f (client_key, failures, window_started_at)
       values ($1, 1, $2)
       on conflict (client_key) do update set
         failures = case when f.window_started_at < $2::timestamptz - $3::interval then 1 else f.failures + 1 end,
         window_started_at = case when f.window_started_at < $2::timestamptz - $3::interval then $2 else f.window_started_at end,
         locked_until = case
           when f.window_started_at >= $2::timestamptz - $3::interval and f.failures + 1 >= $4
           then $2::timestamptz + $5::interval else f.locked_until end`,
      [key, now, `${ADMIN_LIMITS.windowMs} milliseconds`, limit, `${ADMIN_LIMITS.lockMs} milliseconds`],
    );
  }
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
    const keys = clientKeys(req);
    const until = await lockedUntil(deps.db, keys.map((k) => k.key), now);
    if (until) {
      const seconds = Math.max(1, Math.ceil((new Date(until).getTime() - now.getTime()) / 1000));
      const message = `Too many wrong passwords. Try again in ${Math.ceil(seconds / 60)} minutes.`;
      return json({ error: { code: 'too_many_attempts', message, retryAfter: seconds } }, 429, { 'Retry-After': String(seconds) });
    }
    const given = req.headers.get('x-admin-password') ?? '';
    if (!(await passwordMatches(given, deps.adminPassword))) {
      await recordFailure(deps.db, keys, now);
      throw new ApiError(401, 'unauthorized', 'Wrong admin password.');
    }

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
