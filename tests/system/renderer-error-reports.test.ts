// The renderer's unhandled errors in the opt-in reports: the reports.error method (strict input,
// through the dispatch both transports use; kept only after the creator's yes, and, being in the
// recorder's queue, written to <data>/reports/unsent.json when the studio closes unsent), and the
// renderer's reporter (renderer/src/error-reports.ts) on a plain EventTarget, sending into a real
// studio: each message once, at most 20 a session, cut to the contract's lengths, never throwing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TELEMETRY_LIMITS } from '../../shared/values';
import { unsentReportsFile } from '../../electron/services/telemetry/spool';
import { createErrorReporter, installErrorReports, MAX_REPORTS_PER_SESSION, type ErrorReport } from '../../renderer/src/error-reports';
import { call, closedAfterEach, openStudio } from '../generate/support/studio';
import { useTempDir } from '../support/temp-dir';

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('reports.error', () => {
  const tempDir = useTempDir('echoes-renderer-errors-');
  const open = closedAfterEach();

  it.each([
    ['name', { name: 'anything_goes', message: 'Error: x' }],
    ['message', { name: 'renderer_uncaught_error', message: '' }],
    ['message', { name: 'renderer_uncaught_error', message: 'x'.repeat(TELEMETRY_LIMITS.messageMax + 1) }],
    ['stack', { name: 'renderer_uncaught_error', message: 'Error: x', stack: 'x'.repeat(TELEMETRY_LIMITS.stackMax + 1) }],
    ['extra', { name: 'renderer_uncaught_error', message: 'Error: x', extra: 1 }],
  ])('refuses bad input, naming the field (%s)', async (field, input) => {
    const studio = openStudio(tempDir());
    open.push(studio);
    await call(studio, 'settings.update', { reports: 'on' });
    const refused = call(studio, 'reports.error', input as never);
    await expect(refused).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(refused).rejects.toThrow(new RegExp(`Invalid input for reports\\.error: .*${field}`));
    expect(studio.telemetry.queued()).toBe(0);
  });

  it('keeps an error only after the creator said yes, and keeps it across a quit, redacted', async () => {
    const dataDir = tempDir();
    const studio = openStudio(dataDir);
    open.push(studio);
    const report = { name: 'renderer_uncaught_error', message: 'TypeError: cannot read /home/maya/Pictures/sunset.jpg', stack: 'TypeError\n    at x (app://echoes/assets/index.js:1:2)' } as const;
    expect(await call(studio, 'reports.error', report)).toEqual({ recorded: 1 });
    expect(studio.telemetry.queued()).toBe(0);

    await call(studio, 'settings.update', { reports: 'on' });
    await call(studio, 'reports.error', report);
    expect(studio.telemetry.queued()).toBe(1);
    studio.close();
    // the bridge has no cloud to send to: the close leaves it in the data folder
    const spooled = JSON.parse(readFileSync(unsentReportsFile(dataDir), 'utf8')) as { events: unknown[] };
    expect(spooled.events).toMatchObject([{ kind: 'error', name: 'renderer_uncaught_error', message: 'TypeError: cannot read <path>', stack: report.stack }]);

    const next = openStudio(dataDir);
    open.push(next);
    expect(next.telemetry.queued()).toBe(1);
  });
});

describe("the renderer's error reporter", () => {
  const tempDir = useTempDir('echoes-renderer-reporter-');
  const open = closedAfterEach();

  async function consentedStudio() {
    const studio = openStudio(tempDir());
    open.push(studio);
    await call(studio, 'settings.update', { reports: 'on' });
    return studio;
  }
  const errorEvent = (error: unknown, message = '') => Object.assign(new Event('error'), { error, message });
  const rejection = (reason: unknown) => Object.assign(new Event('unhandledrejection'), { reason });

  it("sends the window's errors and unhandled rejections to the studio, each message once, at most 20 a session", async () => {
    const studio = await consentedStudio();
    const target = new EventTarget();
    const report = createErrorReporter((r) => call(studio, 'reports.error', r));
    installErrorReports(target, report);
    installErrorReports(target, report); // once per window, however often it is called

    target.dispatchEvent(errorEvent(new TypeError('clip is undefined')));
    target.dispatchEvent(errorEvent(new TypeError('clip is undefined')));
    target.dispatchEvent(rejection(new Error('load failed')));
    target.dispatchEvent(errorEvent(null, 'Script error.'));
    target.dispatchEvent(errorEvent(null, 'ResizeObserver loop completed with undelivered notifications.'));
    await settle();
    expect(studio.telemetry.queued()).toBe(3);

    for (let i = 0; i < 50; i++) target.dispatchEvent(rejection(new Error(`loop ${i}`)));
    await settle();
    expect(studio.telemetry.queued()).toBe(MAX_REPORTS_PER_SESSION);
  });

  it('cuts long messages and stacks to what the contract takes (the studio accepts them)', async () => {
    const studio = await consentedStudio();
    const answers: unknown[] = [];
    const report = createErrorReporter((r) => call(studio, 'reports.error', r).then((a) => answers.push(a)));
    const long = new Error('x'.repeat(5000));
    long.stack = 'y'.repeat(10_000);
    expect(report('renderer_render_error', long, '\n    at Timeline\n    at App')).toBe(true);
    await settle();
    expect(answers).toEqual([{ recorded: 1 }]);
    expect(studio.telemetry.queued()).toBe(1);
  });

  it('never throws or leaves a rejection behind, whatever the error or the call does', async () => {
    const sent: ErrorReport[] = [];
    let mode: 'reject' | 'throw' | 'ok' = 'reject';
    const report = createErrorReporter((r) => {
      if (mode === 'throw') throw new Error('bridge gone');
      if (mode === 'reject') return Promise.reject(new Error('UNAVAILABLE'));
      sent.push(r);
      return Promise.resolve();
    });
    expect(report('renderer_unhandled_rejection', new Error('a'))).toBe(true);
    await settle();
    mode = 'throw';
    expect(report('renderer_unhandled_rejection', new Error('b'))).toBe(true);
    await settle();
    mode = 'ok';
    const hostile = {
      get message(): string {
        throw new Error('getter');
      },
    };
    expect(report('renderer_unhandled_rejection', hostile)).toBe(false);
    expect(report('renderer_unhandled_rejection', undefined)).toBe(true);
    expect(report('renderer_unhandled_rejection', { code: 42 })).toBe(true);
    expect(report('renderer_unhandled_rejection', 'plain text')).toBe(true);
    await settle();
    expect(sent).toEqual([
      { name: 'renderer_unhandled_rejection', message: 'undefined' },
      { name: 'renderer_unhandled_rejection', message: '[object Object]' },
      { name: 'renderer_unhandled_rejection', message: 'plain text' },
    ]);
  });
});
