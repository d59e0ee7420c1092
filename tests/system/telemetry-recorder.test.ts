// The opt-in report recorder: nothing is kept until the creator says yes; events go out in
// batches (never a request per event), schema-checked, with errors' paths and tokens redacted;
// a refused send keeps the events for later, a malformed batch is dropped.
import { describe, expect, it } from 'vitest';
import { TELEMETRY_LIMITS } from '../../supabase/functions/_shared/wire';
import { createRedactor } from '../../electron/services/log/redact';
import { createTelemetry, SendRefused, type TelemetrySender } from '../../electron/services/telemetry/recorder';
import type { TelemetryBatch } from '../../electron/services/telemetry/telemetry-batch';

function recorder(consent: { on: boolean }, sender: TelemetrySender) {
  return createTelemetry({
    consented: () => consent.on,
    sender,
    appVersion: '1.2.0',
    os: 'linux 6.1 x64',
    redactor: createRedactor({ dataDir: '/home/maya/.config/Echoes Studio' }),
    flushIntervalMs: 60_000,
  });
}

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
