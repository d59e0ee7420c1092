// telemetry: opt-in reports from the desktop app (POST, signed in). A batch of events (unhandled
// errors with relative paths, KPIs measured on the device) is validated field by field, capped in
// size and count, counted against the user's window (telemetry_reserve, atomic in the database)
// and written in one statement. Nobody but the service role reads the table; the admin function
// summarises it.
import { requireUser, type VerifyUser } from '../_shared/auth.ts';
import type { Db } from '../_shared/db.ts';
import { ApiError, handler, json, readJson, type Handler } from '../_shared/http.ts';
import * as v from '../_shared/validate.ts';
import { TELEMETRY_KPIS, TELEMETRY_LIMITS, type TelemetryEventBody } from '../_shared/wire.ts';

export interface TelemetryDeps {
  db: Db;
  verifyUser: VerifyUser;
  now: () => Date;
  limits?: { maxBatchesPerWindow?: number; maxEventsPerWindow?: number; windowMs?: number };
  log?: (message: string, error: unknown) => void;
}

interface Row {
  recordedAt: string;
  kind: 'kpi' | 'error';
  name: string;
  value: number | null;
  message: string | null;
  stack: string | null;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** an event may be up to a week old (sent after a time offline), and not from the future */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const MAX_SKEW_MS = 10 * 60 * 1000;

function parseEvent(raw: unknown, i: number, now: Date): Row {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw v.invalid(`events[${i}]`, 'must be an object');
  const e = raw as Record<string, unknown>;
  const at = v.string(e, 'at', { min: 20, max: 30 })!;
  const time = Date.parse(at);
  if (!ISO.test(at) || Number.isNaN(time)) throw v.invalid(`events[${i}].at`, 'must be an ISO time in UTC');
  if (time > now.getTime() + MAX_SKEW_MS || time < now.getTime() - MAX_AGE_MS) throw v.invalid(`events[${i}].at`, 'is out of range');
  const kind = v.oneOf(e, 'kind', ['kpi', 'error'] as const);
  if (kind === 'kpi') {
    const name = v.oneOf(e, 'name', TELEMETRY_KPIS);
    const value = e.value;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e9) throw v.invalid(`events[${i}].value`, 'must be a number from 0 to 1e9');
    return { recordedAt: new Date(time).toISOString(), kind, name, value, message: null, stack: null };
  }
  const name = v.string(e, 'name', { min: 1, max: TELEMETRY_LIMITS.nameMax })!;
  const message = v.string(e, 'message', { min: 1, max: TELEMETRY_LIMITS.messageMax })!;
  const stack = v.string(e, 'stack', { max: TELEMETRY_LIMITS.stackMax, optional: true }) ?? null;
  return { recordedAt: new Date(time).toISOString(), kind, name, value: null, message, stack };
}

export function parseBatch(body: Record<string, unknown>, now: Date): { appVersion: string; os: string; rows: Row[] } {
  const appVersion = v.string(body, 'appVersion', { min: 1, max: TELEMETRY_LIMITS.versionMax })!;
  const os = v.string(body, 'os', { min: 1, max: TELEMETRY_LIMITS.osMax })!;
  const events = body.events;
  if (!Array.isArray(events) || events.length === 0) throw v.invalid('events', 'must be a non-empty list');
  if (events.length > TELEMETRY_LIMITS.maxEvents) {
    throw new ApiError(413, 'batch_too_large', `A batch holds at most ${TELEMETRY_LIMITS.maxEvents} events.`, { field: 'events' });
  }
  return { appVersion, os, rows: events.map((e: unknown, i) => parseEvent(e as TelemetryEventBody, i, now)) };
}

export function createTelemetryHandler(deps: TelemetryDeps): Handler {
  const maxBatches = deps.limits?.maxBatchesPerWindow ?? TELEMETRY_LIMITS.maxBatchesPerWindow;
  const maxEvents = deps.limits?.maxEventsPerWindow ?? TELEMETRY_LIMITS.maxEventsPerWindow;
  const windowMs = deps.limits?.windowMs ?? TELEMETRY_LIMITS.windowMs;
  return handler({ methods: ['POST'], cors: true, log: deps.log }, async (req) => {
    const user = await requireUser(req, deps.verifyUser);
    const now = deps.now();
    const batch = parseBatch(await readJson(req, TELEMETRY_LIMITS.maxBodyBytes), now);
    const { rows } = await deps.db.query<{ allowed: boolean }>('select public.telemetry_reserve($1, $2, $3, $4, $5, $6) as allowed', [
      user.id,
      now,
      batch.rows.length,
      maxBatches,
      maxEvents,
      windowMs,
    ]);
    if (!rows[0]?.allowed) {
      const retryAfter = Math.ceil(windowMs / 1000);
      return json({ error: { code: 'rate_limited', message: 'Too many reports. They will be sent later.', retryAfter } }, 429, { 'Retry-After': String(retryAfter) });
    }
    await deps.db.query(
      `insert into public.telemetry_events (user_id, recorded_at, app_version, os, kind, name, value, message, stack)
       select $1, e.recorded_at, $2, $3, e.kind, e.name, e.value, e.message, e.stack
       from jsonb_to_recordset($4::jsonb) as e(recorded_at timestamptz, kind text, name text, value double precision, message text, stack text)`,
      [
        user.id,
        batch.appVersion,
        batch.os,
        JSON.stringify(batch.rows.map((r) => ({ recorded_at: r.recordedAt, kind: r.kind, name: r.name, value: r.value, message: r.message, stack: r.stack }))),
      ],
    );
    return json({ accepted: batch.rows.length }, 202);
  });
}
