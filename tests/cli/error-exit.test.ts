import { describe, expect, it } from 'vitest';
import { debugRequested, toCliError } from '../../electron/cli/error-exit';
import { CliError, ExitCode } from '../../electron/cli/exit-codes';
import { runCli } from '../../electron/cli/main';
import { StudioError } from '../../shared/contract/errors';
describe('how a failed command exits', () => {
  it('keeps our own CliErrors as they are', () => {
    const error = new CliError('no photos to render', ExitCode.NOTHING_TO_RENDER);
    expect(toCliError(error, {})).toBe(error);
  });

  it('turns a studio failure into exit code 5 with its plain message', () => {
    const mapped = toCliError(new StudioError('UNAVAILABLE', 'FFmpeg stopped: the disk is full'), {});
    expect(mapped.exitCode).toBe(ExitCode.RENDER_FAILED);
    expect(mapped.message).toBe('FFmpeg stopped: the disk is full');
  });

  it('recognizes a StudioError that lost its class, and maps CANCELLED to 130', () => {
    const lookalike = Object.assign(new Error('No project with id p1'), { name: 'StudioError', code: 'NOT_FOUND' });
    expect(toCliError(lookalike, {})).toMatchObject({ exitCode: ExitCode.RENDER_FAILED, message: 'No project with id p1' });
    expect(toCliError(new StudioError('CANCELLED', 'Cancelled'), {}).exitCode).toBe(ExitCode.CANCELLED);
    const notStudio = Object.assign(new Error('x'), { name: 'StudioError', code: 'NOT_A_CODE' });
    expect(toCliError(notStudio, {}).exitCode).toBe(ExitCode.INTERNAL);
  });

  it('reports a genuine bug as exit code 1 with its message and no stack trace', () => {
    const mapped = toCliError(new TypeError("Cannot read properties of undefined (reading 'id')"), {});
    expect(mapped.exitCode).toBe(ExitCode.INTERNAL);
    expect(mapped.message).toBe("unexpected error: Cannot read properties of undefined (reading 'id') (set ECHOES_DEBUG=1 to see where it happened)");
    expect(mapped.message).not.toMatch(/\n\s+at /);
    expect(toCliError('a string was thrown', {}).message).toMatch(/^unexpected error: a string was thrown/);
  });

  it('prints the stack trace only when ECHOES_DEBUG is set', () => {
    const mapped = toCliError(new TypeError('boom'), { ECHOES_DEBUG: '1' });
    expect(mapped.exitCode).toBe(ExitCode.INTERNAL);
    expect(mapped.message).toMatch(/^unexpected error: boom\nTypeError: boom\n\s+at /);
    expect([debugRequested({}), debugRequested({ ECHOES_DEBUG: '0' }), debugRequested({ ECHOES_DEBUG: 'false' }), debugRequested({ ECHOES_DEBUG: 'yes' })]).toEqual([false, false, false, true]);
  });

  it('lists ECHOES_DEBUG in --help', async () => {
    let out = '';
    const sink = { write: (chunk: string) => ((out += chunk), true) } as unknown as NodeJS.WritableStream;
    expect(await runCli(['--help'], { stdout: sink, stderr: sink })).toBe(ExitCode.OK);
    expect(out).toMatch(/ECHOES_DEBUG=1/);
  });
});
