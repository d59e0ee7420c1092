// The telemetry function under real Deno against the scratch PostgreSQL database: a signed-in
// user's batch lands; an anonymous one, an oversized one and a flood over the per-user limit are
// refused; the rows are for the service role only (no user reads any row, their own included);
// the admin function summarises them per app version.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TELEMETRY_LIMITS, type TelemetryBatchBody } from '../../supabase/functions/_shared/wire';
import { actAs, describeWithDatabase, type ApiRole } from '../db/scratch';
import { DENO_ADMIN_PASSWORD, startDenoBackend, type DenoBackend } from './deno-backend';

const FLOOD_LIMIT = 3;

function batch(events: number, appVersion = '1.2.0', kind: 'kpi' | 'error' = 'kpi'): TelemetryBatchBody {
  const at = new Date().toISOString();
  return {
    appVersion,
    os: 'darwin 24.1.0 arm64',
    events: Array.from({ length: events }, (_, i) =>
      kind === 'kpi'
        ? { kind: 'kpi' as const, name: 'dashboard_first_card_ms' as const, value: 100 + i, at }
        : { kind: 'error' as const, name: 'uncaught_exception', message: `boom ${i % 2}`, stack: 'Error: boom\n    at app/main.cjs:1:2', at },
    ),
  };
}

describeWithDatabase('telemetry function under real Deno', (databaseUrl) => {
  let d: DenoBackend;
  const count = async (userId: string) =>
    (await d.b.pool.query<{ n: number }>('select count(*)::int as n from public.telemetry_events where user_id = $1', [userId])).rows[0]!.n;

  beforeAll(async () => {
    d = await startDenoBackend(databaseUrl, 'edge_telemetry', { telemetry: { TELEMETRY_MAX_BATCHES: String(FLOOD_LIMIT) }, admin: {} });
  }, 180_000);
  afterAll(async () => {
    await d?.close();
  });

  it('a batch from a signed-in user lands, every event in one call', async () => {
    const user = await d.b.newUser();
    const res = await d.call('telemetry', { token: user.token, body: batch(5) });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 5 });
    expect(await count(user.id)).toBe(5);
    const { rows } = await d.b.pool.query('select app_version, os, kind, name, value from public.telemetry_events where user_id = $1 order by value', [user.id]);
    expect(rows[0]).toEqual({ app_version: '1.2.0', os: 'darwin 24.1.0 arm64', kind: 'kpi', name: 'dashboard_first_card_ms', value: 100 });
  });

  it('refuses an anonymous batch (no token, or only the anon key)', async () => {
    expect((await d.call('telemetry', { body: batch(1) })).status).toBe(401);
    const anon = await d.call('telemetry', { token: d.b.supabase.anonKey, body: batch(1) });
    expect(anon.status).toBe(401);
    expect((await d.b.pool.query('select count(*)::int as n from public.telemetry_events')).rows[0]).toEqual({ n: 5 });
  });

  it('refuses an oversized batch (too many events, too many bytes) and a malformed one, writing nothing', async () => {
    const user = await d.b.newUser();
    const many = await d.call('telemetry', { token: user.token, body: batch(TELEMETRY_LIMITS.maxEvents + 1) });
    expect(many.status).toBe(413);
    expect(many.body.error.code).toBe('batch_too_large');
    const huge = { ...batch(1), os: 'x'.repeat(TELEMETRY_LIMITS.maxBodyBytes) };
    expect((await d.call('telemetry', { token: user.token, body: huge })).status).toBe(413);
    const unknownKpi = { ...batch(1), events: [{ kind: 'kpi', name: 'made_up', value: 1, at: new Date().toISOString() }] };
    expect((await d.call('telemetry', { token: user.token, body: unknownKpi })).body.error).toMatchObject({ code: 'invalid_request', field: 'name' });
    const future = { ...batch(1), events: [{ kind: 'kpi', name: 'calls_per_screen', value: 2, at: '2999-01-01T00:00:00Z' }] };
    expect((await d.call('telemetry', { token: user.token, body: future })).status).toBe(400);
    expect(await count(user.id)).toBe(0);
  });

  it('refuses a flood over the per-user rate limit, and only for that user', async () => {
    const [flooder, other] = [await d.b.newUser(), await d.b.newUser()];
    const statuses: number[] = [];
    // parallel, so the limit holds under concurrency too (telemetry_reserve locks the user's row)
    const results = await Promise.all(Array.from({ length: FLOOD_LIMIT + 4 }, () => d.call('telemetry', { token: flooder.token, body: batch(2) })));
    for (const r of results) statuses.push(r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(FLOOD_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    expect(results.find((r) => r.status === 429)!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await count(flooder.id)).toBe(FLOOD_LIMIT * 2);
    expect((await d.call('telemetry', { token: other.token, body: batch(1) })).status).toBe(202);
  });

  it('RLS: no user can read any row, their own included; anon neither; the service role reads them', async () => {
    const user = await d.b.newUser();
    expect((await d.call('telemetry', { token: user.token, body: batch(2) })).status).toBe(202);
    const client = await d.b.pool.connect();
    // one statement as a role, in a transaction that is rolled back
    const as = async (role: ApiRole, id: string | undefined, sql: string) => {
      await client.query('begin');
      try {
        await actAs(client, role, id);
        return await client.query(sql, [user.id]);
      } finally {
        await client.query('rollback');
      }
    };
    try {
      for (const [role, id] of [['authenticated', user.id], ['anon', undefined]] as const) {
        await expect(as(role, id, 'select * from public.telemetry_events where user_id = $1')).rejects.toMatchObject({ code: '42501' });
        await expect(as(role, id, 'select public.telemetry_reserve($1, now(), 1, 100, 100, 1000)')).rejects.toMatchObject({ code: '42501' });
      }
      const { rows } = await as('service_role', undefined, 'select count(*)::int as n from public.telemetry_events where user_id = $1');
      expect(rows[0]).toEqual({ n: 2 });
    } finally {
      client.release();
    }
  });

  it('the admin function summarises the last 7 days per app version: p50/p95 per KPI, error counts, top messages', async () => {
    const user = await d.b.newUser();
    expect((await d.call('telemetry', { token: user.token, body: batch(3, '1.3.0-beta.1', 'error') })).status).toBe(202);
    // an event older than 7 days is left out
    await d.b.pool.query(
      `insert into public.telemetry_events (user_id, recorded_at, app_version, os, kind, name, value)
       values ($1, now() - interval '8 days', '1.3.0-beta.1', 'linux', 'kpi', 'calls_per_screen', 99)`,
      [user.id],
    );
    expect((await d.call('admin', { path: '/?view=telemetry' })).status).toBe(401);
    const res = await d.call('admin', { path: '/?view=telemetry', headers: { 'x-admin-password': DENO_ADMIN_PASSWORD } });
    expect(res.status).toBe(200);
    const [beta, stable] = res.body.versions;
    expect(beta).toEqual({ appVersion: '1.3.0-beta.1', kpis: [], errors: { count: 3, top: [{ message: 'boom 0', count: 2 }, { message: 'boom 1', count: 1 }] } });
    expect(stable.appVersion).toBe('1.2.0');
    const kpi = stable.kpis.find((k: { name: string }) => k.name === 'dashboard_first_card_ms');
    expect(kpi.count).toBeGreaterThanOrEqual(5);
    expect(kpi.p50).toBeGreaterThanOrEqual(100);
    expect(kpi.p95).toBeGreaterThanOrEqual(kpi.p50);
  });
});
