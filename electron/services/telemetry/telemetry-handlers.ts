import type { Handlers } from '../rpc/handlers';
import type { Telemetry } from './recorder';

export function telemetryHandlers(telemetry: Telemetry) {
  return {
    // recorded only when the creator said yes (the recorder checks)
    'reports.kpi': ({ reports }) => {
      for (const r of reports) telemetry.kpi(r.name, r.value);
      return { recorded: reports.length };
    },
    // the renderer's unhandled errors: the same queue, consent and redaction as the main process's
    'reports.error': ({ name, message, stack }) => {
      telemetry.errorReport(name, message, stack);
      return { recorded: 1 };
    },
  } satisfies Pick<Handlers, 'reports.kpi' | 'reports.error'>;
}
