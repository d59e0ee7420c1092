// What opt-in reports cost the UI: the time record() adds per event (target <= 0.2 ms), measured
// over many events against an empty loop, with the real recorder, redactor and batch schema, and
// a real HTTP sender to a local server that stands for the telemetry function: the number of
// requests it received shows events are batched (no request per event). Last line: JSON.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TELEMETRY_KPIS, TELEMETRY_LIMITS } from '../../supabase/functions/_shared/wire';
import { createRedactor } from '../../electron/services/log/redact';
import { createTelemetry } from '../../electron/services/telemetry/recorder';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const ERRORS = 200;
const log = (line: string) => console.log(line);

let requests = 0;
let received = 0;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    requests++;
    received += (JSON.parse(body) as { events: unknown[] }).events.length;
    res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/functions/v1/telemetry`;

const telemetry = createTelemetry({
  consented: () => true,
  appVersion: '0.1.0',
  os: `${process.platform} ${process.arch}`,
  redactor: createRedactor({ dataDir: '/home/bench/.config/Echoes Studio' }),
  // bounded so every event is kept while the bench records faster than it sends
  maxQueued: EVENTS + ERRORS,
  flushIntervalMs: 60_000,
  sender: {
    async send(batch) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    },
  },
});

function timeLoop(n: number, body: (i: number) => void): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) body(i);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

let sink = 0;
// warm-up (JIT) on both loops
timeLoop(2000, (i) => (sink += i));
const warm = createTelemetry({ consented: () => true, appVersion: 'w', os: 'w', redactor: createRedactor(), sender: { send: async () => {} }, flushIntervalMs: 60_000 });
timeLoop(2000, (i) => warm.kpi('calls_per_screen', i));
await warm.close();

const runs: number[] = [];
for (let run = 0; run < 5; run++) {
  const n = EVENTS / 5;
  const empty = timeLoop(n, (i) => (sink += i));
  const recorded = timeLoop(n, (i) => telemetry.kpi(TELEMETRY_KPIS[i % TELEMETRY_KPIS.length]!, i % 1000));
  runs.push(Math.max(0, recorded - empty) / n);
}
const errorError = new Error('ENOENT: no such file /home/bench/Pictures/beach.jpg');
const errorMs = timeLoop(ERRORS, () => telemetry.error('uncaught_exception', errorError)) / ERRORS;
const requestsWhileRecording = requests;
await telemetry.flush();
await telemetry.close();
server.close();
if (sink < 0) log('');

const sorted = [...runs].sort((a, b) => a - b);
const perEventMs = sorted[Math.floor(sorted.length / 2)]!;
log(`recorded ${EVENTS} KPI events and ${ERRORS} errors; ${requestsWhileRecording} requests made while recording (flushes run after the UI's turn)`);
log(`added time per KPI event: ${(perEventMs * 1000).toFixed(2)} µs median of 5 runs [${runs.map((r) => (r * 1000).toFixed(2)).join(', ')}]; per error (its stack redacted later, when the batch is built): ${(errorMs * 1000).toFixed(1)} µs`);
log(`sent: ${received} events in ${requests} requests (at most ${TELEMETRY_LIMITS.maxEvents} per batch); target <= 0.2 ms per event`);
if (received !== EVENTS + ERRORS) throw new Error(`expected ${EVENTS + ERRORS} events to arrive, got ${received}`);
console.log(
  JSON.stringify({
    per_event_ms: Number(perEventMs.toFixed(5)),
    per_error_ms: Number(errorMs.toFixed(4)),
    events: EVENTS + ERRORS,
    requests,
    events_per_request: Number((received / requests).toFixed(1)),
    target_ms: 0.2,
  }),
);
