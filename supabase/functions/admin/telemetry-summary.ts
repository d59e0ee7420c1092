// The admin's view of the opt-in reports: per app version over the last 7 days, p50 and p95 of
// each KPI, and the error count with the most frequent messages.
import type { Sql } from '../_shared/db.ts';
import type { TelemetrySummaryBody } from '../_shared/wire.ts';

export const SUMMARY_DAYS = 7;
const TOP_MESSAGES = 5;

export async function telemetrySummary(sql: Sql, now: Date): Promise<TelemetrySummaryBody> {
  const since = new Date(now.getTime() - SUMMARY_DAYS * 24 * 3600 * 1000);
  const kpis = await sql.query<{ app_version: string; name: string; count: number; p50: number; p95: number }>(
    `select app_version, name, count(*)::int as count,
            percentile_cont(0.5) within group (order by value) as p50,
            percentile_cont(0.95) within group (order by value) as p95
     from public.telemetry_events
     where kind = 'kpi' and recorded_at >= $1
     group by app_version, name order by app_version, name`,
    [since],
  );
  const errors = await sql.query<{ app_version: string; message: string; count: number; total: number; rank: number }>(
    `select app_version, message, count, total, rank from (
       select app_version, message, count(*)::int as count,
              (sum(count(*)) over (partition by app_version))::int as total,
              row_number() over (partition by app_version order by count(*) desc, message) as rank
       from public.telemetry_events
       where kind = 'error' and recorded_at >= $1
       group by app_version, message
     ) t where rank <= $2 order by app_version, rank`,
    [since, TOP_MESSAGES],
  );
  const versions = new Map<string, TelemetrySummaryBody['versions'][number]>();
  const entry = (appVersion: string) => {
    let e = versions.get(appVersion);
    if (!e) versions.set(appVersion, (e = { appVersion, kpis: [], errors: { count: 0, top: [] } }));
    return e;
  };
  for (const k of kpis.rows) entry(k.app_version).kpis.push({ name: k.name, count: k.count, p50: Number(k.p50), p95: Number(k.p95) });
  for (const e of errors.rows) {
    const v = entry(e.app_version);
    v.errors.count = e.total;
    v.errors.top.push({ message: e.message, count: e.count });
  }
  // newest version first (numeric compare of dotted parts)
  const order = (a: string, b: string) => b.localeCompare(a, 'en', { numeric: true });
  return { since: since.toISOString(), versions: [...versions.values()].sort((a, b) => order(a.appVersion, b.appVersion)) };
}
