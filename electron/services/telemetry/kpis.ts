// KPIs measured in the services, from what they already publish.
import type { Export } from '../../../shared/contract/export';

/** Seconds of video per second of compile (from creation to the end), for a finished export. */
export function exportRealtime(exp: Export): number | null {
  if (exp.state !== 'succeeded' || !exp.durationS || !exp.finishedAt) return null;
  const elapsedS = (Date.parse(exp.finishedAt) - Date.parse(exp.createdAt)) / 1000;
  return elapsedS > 0 ? Math.round((exp.durationS / elapsedS) * 100) / 100 : null;
}
