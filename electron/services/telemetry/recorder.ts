// Opt-in reports, recorded without costing the UI anything: record() only checks the consent
// and pushes onto an in-memory queue (bounded); nothing touches the network per event. A timer
// (or a full batch) sends what is queued as one batch to the telemetry function. A refused or
// failed send keeps the events for the next try (rate limit: after Retry-After); events of a
// creator who has not said yes are never kept at all. What is still unsent when the recorder
// closes (or after a failed send) is kept in a spool file and sent by the next session (spool.ts).
import { TELEMETRY_LIMITS, type TelemetryKpi } from '../../../supabase/functions/_shared/wire';
import type { Log } from '../log/logger';
import type { Redactor } from '../log/redact';
import { readSpool, removeSpool, SPOOL_MAX_AGE_MS, writeSpool } from './spool';
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
  /**
   * Where unsent events survive a quit (spool.ts: unsentReportsFile(dataDir)); read back at creation,
   * removed when the creator's consent is off. Absent: kept in memory only.
   */
  spoolFile?: string;
  /** Told when the spool cannot be written (the events stay in memory). */
  log?: Pick<Log, 'warn'>;
}

export interface Telemetry {
  kpi(name: TelemetryKpi, value: number): void;
  error(name: string, error: unknown): void;
  /** An error already described elsewhere (the renderer's): its message and stack as given, redacted when sent. */
  errorReport(name: string, message: string, stack?: string): void;
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
  // raw entries: the ISO time is made at send time, not per record; `sent` marks an event read
  // back from the spool, already stamped and redacted
  const queue: Entry[] = [];
  // the batch being sent: not in the queue, still written to the spool until it is through
  let inflight: Entry[] = [];
  let timer: NodeJS.Timeout | null = null;
  let sending: Promise<void> | null = null;
  let waitUntil = 0;
  let closed = false;
  let closing: Promise<void> | null = null;
  let soon = false;
  /** the spool file may exist (and then must follow the queue) */
  let spooled = false;

  const arm = () => {
    if (timer || closed || closing) return;
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
  const stamp = ({ event, at, sent }: Entry): TelemetryEvent => {
    const time = new Date(at).toISOString();
    if (sent) return { ...event, at: time };
    if (event.kind === 'kpi') return { ...event, at: time };
    const message = options.redactor.redact(event.message).slice(0, TELEMETRY_LIMITS.messageMax);
    const stack = event.stack ? options.redactor.redact(event.stack).slice(0, TELEMETRY_LIMITS.stackMax) : undefined;
    return { kind: 'error', name: event.name, message, ...(stack ? { stack } : {}), at: time };
  };

  const sendable = (entries: readonly Entry[]): TelemetryEvent[] =>
    entries.map((e) => TelemetryEvent.safeParse(stamp(e))).flatMap((r) => (r.success ? [r.data] : []));

  /** Makes the spool say what is unsent now (nothing: no file). Synchronous, so it also works at quit; never throws. */
  const persist = () => {
    if (!options.spoolFile) return;
    try {
      const oldest = now() - SPOOL_MAX_AGE_MS;
      const entries = options.consented() ? [...inflight, ...queue].filter((e) => e.at >= oldest).slice(-maxQueued) : [];
      const events = sendable(entries);
      if (!events.length && !spooled) return;
      writeSpool(options.spoolFile, events);
      spooled = events.length > 0;
    } catch (error) {
      options.log?.warn('could not keep the unsent reports for the next start', error);
    }
  };

  // what the last session could not send comes first (dropped when the creator has said no since)
  if (options.spoolFile) {
    if (options.consented()) {
      const kept = readSpool(options.spoolFile, { now: now(), max: maxQueued });
      for (const { at, ...event } of kept) queue.push({ at: Date.parse(at), event, sent: true });
      spooled = kept.length > 0;
      if (kept.length) arm();
    } else {
      try {
        removeSpool(options.spoolFile);
      } catch (error) {
        options.log?.warn('could not remove the unsent reports', error);
      }
    }
  }

  async function sendAll(): Promise<void> {
    let failed = false;
    while (queue.length && options.consented() && now() >= waitUntil) {
      const taken = queue.splice(0, TELEMETRY_LIMITS.maxEvents);
      const events = sendable(taken);
      if (!events.length) continue;
      inflight = taken;
      try {
        await options.sender.send(TelemetryBatch.parse({ appVersion: options.appVersion, os: options.os, events }));
      } catch (error) {
        if (error instanceof SendRefused && !error.retry) continue;
        // back on the queue, oldest first, for the next try
        queue.unshift(...taken.slice(0, Math.max(0, maxQueued - queue.length)));
        waitUntil = now() + (error instanceof SendRefused && error.retryAfterMs ? error.retryAfterMs : interval);
        failed = true;
        break;
      } finally {
        inflight = [];
      }
    }
    if (!options.consented()) queue.length = 0;
    // kept on disk after a failure; a spool whose events went out is brought up to date
    if (failed || spooled) persist();
  }

  function flush(): Promise<void> {
    if (sending) return sending;
    sending = sendAll().finally(() => {
      sending = null;
      if (queue.length) arm();
    });
    return sending;
  }

  const errorReport = (name: string, message: string, stack?: string) => {
    if (closed || !options.consented()) return;
    // redacted when the batch is built, off the caller's turn
    push({ kind: 'error', name: name.slice(0, TELEMETRY_LIMITS.nameMax), message, ...(stack ? { stack } : {}) });
  };

  return {
    kpi: (name, value) => push({ kind: 'kpi', name, value }),
    error(name, error) {
      if (closed || !options.consented()) return;
      const e = error instanceof Error ? error : new Error(String(error));
      errorReport(name, `${e.name}: ${e.message}`, e.stack);
    },
    errorReport,
    flush,
    queued: () => queue.length,
    close() {
      closing ??= (async () => {
        if (timer) clearTimeout(timer);
        timer = null;
        // on disk before anything is awaited: the process may end before the last send answers
        persist();
        await flush().catch(() => undefined);
        closed = true;
        persist();
      })();
      return closing;
    },
  };
}

type Entry = { at: number; event: Unstamped; sent?: true };
