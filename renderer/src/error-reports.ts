// Unhandled errors of the page, for the opt-in reports: the window's 'error' and
// 'unhandledrejection' events and React's render errors are handed to the studio (reports.error),
// which keeps them only when the creator said yes and redacts them when it sends. A session reports
// each message once and at most MAX_REPORTS_PER_SESSION errors, so an error loop cannot flood the
// bridge; nothing here throws or rejects, whatever the error or the call does.
import { RENDERER_ERROR_NAMES, TELEMETRY_LIMITS, type RendererErrorName } from '../../shared/values';

export const MAX_REPORTS_PER_SESSION = 20;

export interface ErrorReport {
  name: RendererErrorName;
  message: string;
  stack?: string;
}

/** Reports one error; false when it was not sent (seen before, over the cap, or not describable). */
export type ReportError = (name: RendererErrorName, error: unknown, componentStack?: string | null) => boolean;

/** Chromium's benign notice that a ResizeObserver callback took more than a frame: not an error of ours. */
const BENIGN = /^ResizeObserver loop/;

function describe(name: RendererErrorName, error: unknown, componentStack?: string | null): ErrorReport | null {
  let message: string;
  let stack: string | undefined;
  if (error instanceof Error || (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string')) {
    const e = error as Error;
    message = `${typeof e.name === 'string' && e.name ? e.name : 'Error'}: ${e.message}`;
    stack = typeof e.stack === 'string' ? e.stack : undefined;
  } else if (typeof error === 'object' && error !== null) message = Object.prototype.toString.call(error);
  else message = String(error);
  if (componentStack) stack = `${stack ?? message}\n\nComponent stack:${componentStack}`;
  message = message.trim().slice(0, TELEMETRY_LIMITS.messageMax) || '(no message)';
  if (BENIGN.test(message) || !RENDERER_ERROR_NAMES.includes(name)) return null;
  return { name, message, ...(stack ? { stack: stack.slice(0, TELEMETRY_LIMITS.stackMax) } : {}) };
}

/** A reporter for one session that sends through `send` (the studio's reports.error). */
export function createErrorReporter(send: (report: ErrorReport) => unknown, limit = MAX_REPORTS_PER_SESSION): ReportError {
  const seen = new Set<string>();
  return (name, error, componentStack) => {
    try {
      const report = describe(name, error, componentStack);
      if (!report || seen.has(report.message) || seen.size >= limit) return false;
      seen.add(report.message);
      // a failed call (or a send that throws at once) must not become the next unhandled rejection
      Promise.resolve()
        .then(() => send(report))
        .catch(() => undefined);
      return true;
    } catch {
      return false;
    }
  };
}

const installedOn = new WeakSet<object>();

/** Listens to the window's unhandled errors (once per window, at start). */
export function installErrorReports(target: Pick<EventTarget, 'addEventListener'>, report: ReportError): void {
  if (installedOn.has(target)) return;
  installedOn.add(target);
  target.addEventListener('error', (event) => {
    const e = event as ErrorEvent;
    report('renderer_uncaught_error', e.error ?? e.message);
  });
  target.addEventListener('unhandledrejection', (event) => report('renderer_unhandled_rejection', (event as PromiseRejectionEvent).reason));
}
