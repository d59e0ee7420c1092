// Opt-in reports, recorded without costing the UI anything: record() only checks the consent
// and pushes onto an in-memory queue (bounded); nothing touches the network per event. A timer
// (or a full batch) sends what is queued as one batch to the telemetry function. A refused or
// failed send keeps the events for the next try (rate limit: after Retry-After); events of a
// creator who has not said yes are never kept at all.
import { TELEMETRY_LIMITS, type TelemetryKpi } from '../../../supabase/functions/_shared/wire';
import type { Redactor } from '../log/redact';
import { TelemetryBatch, TelemetryEvent } from './telemetry-batch';


export interface TelemetrySender {
  /** Sends one batch; throws a SendRefused with retryAfterMs when the server asks to wait. */
  send(batch: TelemetryBatch): Promise<void>;
}

export class SendRefused extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    /** false: the batch itself is bad (dropped), true: try again later */
    readonly retry: boolean,
  ) {
    super(message);
  }
}

export interface TelemetryOptions {
  /** The creator's answer: reports are sent only when this says yes, read at every record. */
  consented: () => boolean;
  sender: TelemetrySender;
  appVersion: string;
  os: string;
  /** Makes stack traces and messages safe to send: no paths of the user, no tokens. */
  redactor: Redactor;
  /** Time between sends (default 5 minutes). */
  flushIntervalMs?: number;
  /** Events kept at most while sends fail (the oldest go first). */
  maxQueued?: number;
  now?: () => number;
}

export interface Telemetry {
  kpi(name: TelemetryKpi, value: number): void;
  error(name: string, error: unknown): void;
  /** Sends what is queued now (as many batches as it takes). */
  flush(): Promise<void>;
  queued(): number;
  close(): Promise<void>;
}

/** An event before its time is stamped (distributes over the union, keeping each kind's fields). */
type Unstamped = TelemetryEvent extends infer E ? (E extends unknown ? Omit<E, 'at'> : never) : never;

export function createTelemetry(options: TelemetryOptions): Telemetry {
  const maxQueued = options.maxQueued ?? 2000;
  const interval = options.flushIntervalMs ?? 5 * 60 * 1000;
  const now = options.now ?? Date.now;
  // raw entries: the ISO time is made at send time, not per record
  const queue: Array<{ at: number; event: Unstamped }> = [];
  let timer: NodeJS.Timeout | null = null;
  let sending: Promise<void> | null = null;
  let waitUntil = 0;
  let closed = false;
  let soon = false;

  const arm = () => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, Math.max(interval, waitUntil - now()));
    timer.unref?.();
  };

  const push = (event: Unstamped) => {
    if (closed || !options.consented()) return;
    if (queue.length >= maxQueued) queue.shift();
    queue.push({ at: now(), event });
    if (queue.length >= TELEMETRY_LIMITS.maxEvents && !soon && !sending && now() >= waitUntil) {
      // a full batch goes after the current turn, never inside the caller's
      soon = true;
      setImmediate(() => {
        soon = false;
        void flush();
      });
    } else arm();
  };

  /** The event as sent: its time, and an error's message and stack without paths or tokens. */
  const stamp = (event: Unstamped, at: number): TelemetryEvent => {
    const time = new Date(at).toISOString();
    if (event.kind === 'kpi') return { ...event, at: time };
    const message = options.redactor.redact(event.message).slice(0, TELEMETRY_LIMITS.messageMax);
    const stack = event.stack ? options.redactor.redact(event.stack).slice(0, TELEMETRY_LIMITS.stackMax) : undefined;
    return { kind: 'error', name: event.name, message, ...(stack ? { stack } : {}), at: time };
  };

  async function sendAll(): Promise<void> {
    while (queue.length && options.consented() && now() >= waitUntil) {
      const taken = queue.splice(0, TELEMETRY_LIMITS.maxEvents);
      const events = taken.map((e) => TelemetryEvent.safeParse(stamp(e.event, e.at))).flatMap((r) => (r.success ? [r.data] : []));
      if (!events.length) continue;
      try {
        await options.sender.send(TelemetryBatch.parse({ appVersion: options.appVersion, os: options.os, events }));
      } catch (error) {
        if (error instanceof SendRefused && !error.retry) continue;
        // back on the queue, oldest first, for the next try
        queue.unshift(...taken.slice(0, Math.max(0, maxQueued - queue.length)));
        waitUntil = now() + (error instanceof SendRefused && error.retryAfterMs ? error.retryAfterMs : interval);
        break;
      }
    }
    if (!options.consented()) queue.length = 0;
  }

  function flush(): Promise<void> {
    if (sending) return sending;
    sending = sendAll().finally(() => {
      sending = null;
      if (queue.length) arm();
    });
    return sending;
  }

  return {
    kpi: (name, value) => push({ kind: 'kpi', name, value }),
    error(name, error) {
      if (closed || !options.consented()) return;
      const e = error instanceof Error ? error : new Error(String(error));
      // redacted when the batch is built, off the caller's turn
      push({ kind: 'error', name: name.slice(0, TELEMETRY_LIMITS.nameMax), message: `${e.name}: ${e.message}`, ...(e.stack ? { stack: e.stack } : {}) });
    },
    flush,
    queued: () => queue.length,
    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      await flush().catch(() => undefined);
      closed = true;
    },
  };
}
