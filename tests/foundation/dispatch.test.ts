import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/services/rpc/dispatch';
import { createStudio } from '../../electron/services/studio';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir();

function openStudio() {
  return createStudio({ dataDir: tempDir(), transport: 'bridge', version: 'test' });
}

describe('StudioApi dispatch', () => {
  it('runs a valid call', async () => {
    const studio = openStudio();
    const created = await dispatch(studio.handlers, 'projects.create', { name: '  Trip  ' });
    expect(created).toMatchObject({ ok: true, value: { name: 'Trip', clipCount: 0 } });
    studio.close();
  });

  const bad: Array<[string, unknown, string, RegExp]> = [
    ['wrong type', { name: 42 }, 'INVALID_INPUT', /name: name must be text/],
    ['empty name', { name: '   ' }, 'INVALID_INPUT', /name must not be empty/],
    ['10 kB name', { name: 'x'.repeat(10_000) }, 'INVALID_INPUT', /at most 120 characters/],
    ['unknown field', { name: 'ok', extra: 1 }, 'INVALID_INPUT', /extra/],
    ['not an object', 'name', 'INVALID_INPUT', /Invalid input for projects.create/],
  ];
  it.each(bad)('refuses %s with a clear error and changes nothing', async (_label, input, code, message) => {
    const studio = openStudio();
    await dispatch(studio.handlers, 'projects.create', { name: 'Existing' });
    const result = await dispatch(studio.handlers, 'projects.create', input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(message);
    }
    const list = await dispatch(studio.handlers, 'projects.list', {});
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
    studio.close();
  });

  it('answers NOT_FOUND for an unknown project id', async () => {
    const studio = openStudio();
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [method, input] of [
      ['projects.rename', { id: missing, name: 'x' }],
      ['projects.delete', { id: missing }],
      ['projects.get', { id: missing }],
    ] as const) {
      const result = await dispatch(studio.handlers, method, input);
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `No project with id ${missing}` } });
    }
    expect(await dispatch(studio.handlers, 'projects.delete', { id: 'not-an-id' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    studio.close();
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'nope', 42, null])(
    'looks up methods as own properties only: %s',
    async (method) => {
      const studio = openStudio();
      expect(await dispatch(studio.handlers, method, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      studio.close();
    },
  );

  it('hides internal errors behind a stable code', async () => {
    const studio = openStudio();
    await studio.media.collectGarbage(); // lets the start-up upkeep finish before the database goes away
    studio.db.close();
    const logged: unknown[] = [];
    const result = await dispatch(studio.handlers, 'projects.list', {}, (e) => logged.push(e));
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toMatch(/sqlite|stack|\.ts/i);
    expect(logged).toHaveLength(1);
  });
});
