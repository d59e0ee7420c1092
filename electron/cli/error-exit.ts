import { errorCodes, StudioError, type ErrorCode } from '../../shared/contract/errors';
import { tmpdir } from 'node:os';
import { diskFullMessage, isDiskFull } from '../services/system/disk-full';
import { CliError, ExitCode } from './exit-codes';

/** A StudioError, or one that lost its class on the way (another copy of shared/, a serialized result). */
function studioErrorCode(error: unknown): ErrorCode | null {
  if (error instanceof StudioError) return error.code;
  if (!(error instanceof Error) || error.name !== 'StudioError') return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (errorCodes as readonly string[]).includes(code) ? (code as ErrorCode) : null;
}

/** ECHOES_DEBUG=1 (anything but empty, 0 or false) asks for stack traces. */
export function debugRequested(env: NodeJS.ProcessEnv): boolean {
  const value = env.ECHOES_DEBUG?.trim().toLowerCase();
  return !!value && value !== '0' && value !== 'false';
}

/**
 * What a failed command tells its caller: our own CliErrors as they are; a studio failure
 * (StudioError) is a failed render, exit 5 (130 when it was a cancellation), with its plain message;
 * anything else is an internal bug, exit 1, with its message (the stack only with ECHOES_DEBUG).
 */
export function toCliError(error: unknown, env: NodeJS.ProcessEnv): CliError {
  if (error instanceof CliError) return error;
  if (isDiskFull(error)) return new CliError(diskFullMessage(tmpdir()), ExitCode.DISK_FULL);
  const code = studioErrorCode(error);
  if (code === 'UNAVAILABLE' && /^The disk is full/.test((error as Error).message)) return new CliError((error as Error).message, ExitCode.DISK_FULL);
  if (code) return new CliError((error as Error).message, code === 'CANCELLED' ? ExitCode.CANCELLED : ExitCode.RENDER_FAILED);
  const message = error instanceof Error ? error.message || error.name : String(error);
  const detail = debugRequested(env) && error instanceof Error && error.stack ? `\n${error.stack}` : ' (set ECHOES_DEBUG=1 to see where it happened)';
  return new CliError(`unexpected error: ${message}${detail}`, ExitCode.INTERNAL);
}
