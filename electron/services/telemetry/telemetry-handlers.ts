import type { Handlers } from '../rpc/handlers';
import type { Telemetry } from './recorder';

export function telemetryHandlers(telemetry: Telemetry) {
  return {
    // recorded only when the creator said yes (the recorder checks)
    'reports.kpi': ({ reports }) => {
      for (const r of reports) telemetry.kpi(r.name, r.value);
      return { recorded: reports.length };
    },
  } satisfies Pick<Handlers, 'reports.kpi'>;
}
