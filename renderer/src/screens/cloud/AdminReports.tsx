import { useEffect, useState } from 'react';
import type { AdminTelemetry } from '../../../../shared/contract';
import { studio } from '../../transport/client';
import { toastError } from '../../stores/toasts';

const kpiLabels: Record<string, { label: string; unit: string }> = {
  dashboard_first_card_ms: { label: 'Dashboard: time to first card', unit: 'ms' },
  calls_per_screen: { label: 'Calls per screen', unit: '' },
  signed_url_cache_hit_rate: { label: 'Signed-URL cache hit rate', unit: '%' },
  preview_first_frame_ms: { label: 'Preview: first frame', unit: 'ms' },
  export_x_realtime: { label: 'Export speed', unit: '× realtime' },
};

const format = (value: number, unit: string) => `${Number.isInteger(value) ? value : value.toFixed(unit === 'ms' ? 0 : 2)}${unit && unit !== '%' ? ` ${unit}` : unit}`;

/** Admin › Reports: per app version over the last 7 days, p50 / p95 of each KPI and the errors with their top messages. */
export function AdminReports({ password }: { password: string }) {
  const [report, setReport] = useState<AdminTelemetry | null>(null);
  useEffect(() => {
    studio.api['admin.telemetry']({ password }).then(setReport, toastError);
  }, [password]);
  if (!report) return <p className="text-sm text-ink-300">Loading reports…</p>;
  if (report.versions.length === 0) return <p className="text-sm text-ink-300">No reports in the last 7 days.</p>;
  return (
    <div className="flex flex-col gap-4">
      {report.versions.map((v) => (
        <article key={v.appVersion} aria-label={`Version ${v.appVersion}`} className="flex flex-col gap-2">
          <h3 className="text-sm font-semibold">Version {v.appVersion}</h3>
          {v.kpis.length > 0 && (
            <table className="text-sm">
              <thead className="text-left text-xs text-ink-300">
                <tr>
                  <th>KPI</th>
                  <th>p50</th>
                  <th>p95</th>
                  <th>Reports</th>
                </tr>
              </thead>
              <tbody>
                {v.kpis.map((k) => {
                  const meta = kpiLabels[k.name] ?? { label: k.name, unit: '' };
                  return (
                    <tr key={k.name}>
                      <td>{meta.label}</td>
                      <td>{format(k.p50, meta.unit)}</td>
                      <td>{format(k.p95, meta.unit)}</td>
                      <td>{k.count}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <p className="text-sm">
            {v.errors.count === 0 ? 'No errors.' : `${v.errors.count} error${v.errors.count === 1 ? '' : 's'}`}
          </p>
          {v.errors.top.length > 0 && (
            <ol className="list-decimal pl-5 text-xs text-ink-300" aria-label={`Top errors of ${v.appVersion}`}>
              {v.errors.top.map((e) => (
                <li key={e.message}>
                  <span className="font-mono">{e.message}</span> × {e.count}
                </li>
              ))}
            </ol>
          )}
        </article>
      ))}
    </div>
  );
}
