// The opt-in report recorder: nothing is kept until the creator says yes; events go out in
// batches (never a request per event), schema-checked, with errors' paths and tokens redacted;
// a refused send keeps the events for later, a malformed batch is dropped; what is unsent at quit
// (or after a failed send) is kept in <data>/reports/unsent.json and sent by the next start.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TELEMETRY_LIMITS } from '../../supabase/functions/_shared/wire';
import { createRedactor } from '../../electron/services/log/redact';
import { createTelemetry, SendRefused, type TelemetryOptions, type TelemetrySender } from '../../electron/services/telemetry/recorder';
import { unsentReportsFile } from '../../electron/services/telemetry/spool';
import type { TelemetryBatch } from '../../electron/services/telemetry/telemetry-batch';
import { useTempDir } from '../support/temp-dir';

function recorder(consent: { on: boolean }, sender: TelemetrySender, more: Partial<TelemetryOptions> = {}) {
  return createTelemetry({
    consented: () => consent.on,
    sender,
    appVersion: '1.2.0',
    os: 'linux 6.1 x64',
    redactor: createRedactor({ dataDir: '/home/maya/.config/Echoes Studio' }),
    flushIntervalMs: 60_000,
    ...more,
  });
}

const signedOut: TelemetrySender = { send: () => Promise.reject(new SendRefused('not signed in', undefined, true)) };
const collect = (batches: TelemetryBatch[]): TelemetrySender => ({ send: async (b) => void batches.push(b) });
const spoolOf = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { events: Array<Record<string, unknown>> };

describe('telemetry recorder', () => {
  it('keeps nothing before the creator says yes, then sends in batches of at most the function limit', async () => {
    const batches: TelemetryBatch[] = [];
    const consent = { on: false };
    const t = recorder(consent, { send: async (b) => void batches.push(b) });
    t.kpi('calls_per_screen', 2);
    t.error('uncaught_exception', new Error('x'));
    expect(t.queued()).toBe(0);
    consent.on = true;
    for (let i = 0; i < 250; i++) t.kpi('dashboard_first_card_ms', i);
    await t.flush();
    expect(batches.map((b) => b.events.length)).toEqual([TELEMETRY_LIMITS.maxEvents, TELEMETRY_LIMITS.maxEvents, 50]);
    expect(batches[0]).toMatchObject({ appVersion: '1.2.0', os: 'linux 6.1 x64' });
    expect(batches[0]!.events[0]).toMatchObject({ kind: 'kpi', name: 'dashboard_first_card_ms', value: 0 });
    await t.close();
  });

  it('sends an error with its message and stack free of the user paths and tokens', async () => {
    const batches: TelemetryBatch[] = [];
    const t = recorder({ on: true }, { send: async (b) => void batches.push(b) });
    const error = new Error('cannot open /Users/maya/Pictures/Beach Day/sunset.jpg with token=abc123');
    error.stack = `Error: cannot open /Users/maya/Pictures/Beach Day/sunset.jpg\n    at load (/home/maya/.config/Echoes Studio/x.js:1:2)`;
    t.error('uncaught_exception', error);
    await t.flush();
    const sent = JSON.stringify(batches);
    expect(sent).not.toMatch(/maya|sunset|abc123/);
    expect(batches[0]!.events[0]).toMatchObject({ kind: 'error', message: 'Error: cannot open <path> with token=[redacted]' });
    await t.close();
  });

  it('keeps the events when the send is refused for now (signed out, rate limited), drops a malformed batch', async () => {
    let answer: Error | null = new SendRefused('rate limited', 1, true);
    const batches: TelemetryBatch[] = [];
    const t = recorder({ on: true }, { send: async (b) => (answer ? Promise.reject(answer) : void batches.push(b)) });
    t.kpi('export_x_realtime', 3.5);
    await t.flush();
    expect(t.queued()).toBe(1);
    await new Promise((r) => setTimeout(r, 5));
    answer = null;
    await t.flush();
    expect(batches).toHaveLength(1);
    expect(t.queued()).toBe(0);
    answer = new SendRefused('bad batch', undefined, false);
    t.kpi('export_x_realtime', 2);
    await t.flush();
    expect(t.queued()).toBe(0);
    await t.close();
  });
});

describe('unsent reports across a quit', () => {
  const tempDir = useTempDir('echoes-telemetry-spool-');

  it('are written to the data folder on close (redacted) and sent in the first batch of the next start, then the file goes', async () => {
    const spoolFile = unsentReportsFile(tempDir());
    const consent = { on: true };
    const before = recorder(consent, signedOut, { spoolFile });
    before.kpi('export_x_realtime', 2.5);
    before.errorReport('renderer_uncaught_error', 'TypeError: cannot open /Users/maya/Pictures/sunset.jpg', 'at x (app://echoes/assets/index.js:1:2)');
    await before.close();
    expect(spoolOf(spoolFile).events).toMatchObject([
      { kind: 'kpi', name: 'export_x_realtime', value: 2.5 },
      { kind: 'error', name: 'renderer_uncaught_error', message: 'TypeError: cannot open <path>' },
    ]);
    expect(readFileSync(spoolFile, 'utf8')).not.toMatch(/maya|sunset/);

    const batches: TelemetryBatch[] = [];
    const after = recorder(consent, collect(batches), { spoolFile });
    expect(after.queued()).toBe(2);
    after.kpi('calls_per_screen', 3);
    await after.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.events.map((e) => e.name)).toEqual(['export_x_realtime', 'renderer_uncaught_error', 'calls_per_screen']);
    expect(batches[0]!.events[1]).toMatchObject({ message: 'TypeError: cannot open <path>', stack: 'at x (app://echoes/assets/index.js:1:2)' });
    expect(existsSync(spoolFile)).toBe(false);
    await after.close();
    expect(existsSync(spoolFile)).toBe(false);
  });

  it('are kept on disk when a send fails, before any quit', async () => {
    const spoolFile = unsentReportsFile(tempDir());
    const t = recorder({ on: true }, signedOut, { spoolFile });
    t.kpi('calls_per_screen', 4);
    expect(existsSync(spoolFile)).toBe(false);
    await t.flush();
    expect(spoolOf(spoolFile).events).toMatchObject([{ kind: 'kpi', name: 'calls_per_screen', value: 4 }]);
    await t.close();
  });

  it('are dropped, file and all, when the creator has said no since', async () => {
    const spoolFile = unsentReportsFile(tempDir());
    const consent = { on: true };
    const before = recorder(consent, signedOut, { spoolFile });
    before.kpi('calls_per_screen', 1);
    await before.close();
    expect(existsSync(spoolFile)).toBe(true);

    consent.on = false;
    const batches: TelemetryBatch[] = [];
    const after = recorder(consent, collect(batches), { spoolFile });
    expect(after.queued()).toBe(0);
    expect(existsSync(spoolFile)).toBe(false);
    consent.on = true;
    await after.flush();
    expect(batches).toEqual([]);
    await after.close();
  });

  it.each([
    ['corrupt', '{"kind":"echoes-unsent-reports","version":1,"events":[{"ki'],
    ['foreign', JSON.stringify({ hello: 'world' })],
    ['of events that are not ours', JSON.stringify({ kind: 'echoes-unsent-reports', version: 1, events: [{ kind: 'kpi', name: 'not_a_kpi', value: 1, at: new Date().toISOString() }] })],
  ])('a %s file is ignored and removed, and the recorder works on', async (_what, text) => {
    const spoolFile = unsentReportsFile(tempDir());
    mkdirSync(dirname(spoolFile), { recursive: true });
    writeFileSync(spoolFile, text);
    const batches: TelemetryBatch[] = [];
    const t = recorder({ on: true }, collect(batches), { spoolFile });
    expect(t.queued()).toBe(0);
    expect(existsSync(spoolFile)).toBe(false);
    t.kpi('calls_per_screen', 2);
    await t.flush();
    expect(batches.map((b) => b.events.length)).toEqual([1]);
    await t.close();
  });

  it('is bounded: at most maxQueued events (the newest), none older than 7 days', async () => {
    const spoolFile = unsentReportsFile(tempDir());
    let clock = Date.parse('2025-03-01T12:00:00Z');
    const now = () => clock;
    const before = recorder({ on: true }, signedOut, { spoolFile, maxQueued: 50, now });
    for (let i = 0; i < 80; i++) before.kpi('dashboard_first_card_ms', i);
    await before.close();
    expect(spoolOf(spoolFile).events.map((e) => e.value)).toEqual(Array.from({ length: 50 }, (_, i) => 30 + i));

    clock += 7 * 24 * 60 * 60 * 1000 - 1;
    const batches: TelemetryBatch[] = [];
    const after = recorder({ on: true }, collect(batches), { spoolFile, maxQueued: 20, now });
    expect(after.queued()).toBe(20);
    await after.flush();
    expect(batches[0]!.events.map((e) => (e.kind === 'kpi' ? e.value : null))).toEqual(Array.from({ length: 20 }, (_, i) => 60 + i));
    await after.close();

    // a week after they were recorded, what is left is too old to send
    const stale = recorder({ on: true }, signedOut, { spoolFile, now });
    stale.kpi('calls_per_screen', 5);
    await stale.close();
    clock += 7 * 24 * 60 * 60 * 1000 + 1;
    const late = recorder({ on: true }, collect([]), { spoolFile, now });
    expect(late.queued()).toBe(0);
    expect(existsSync(spoolFile)).toBe(false);
    await late.close();
  });
});

