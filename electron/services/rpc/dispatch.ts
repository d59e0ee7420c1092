import type { z } from 'zod';
import { isMethodName, studioMethods, type MethodName } from '../../../shared/contract/index';
import { StudioError, type CallResult } from '../../../shared/contract/errors';
import type { Handlers } from './handlers';

function describeIssues(method: string, error: z.ZodError): StudioError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new StudioError('INVALID_INPUT', `Invalid input for ${method}: ${summary}`, issues);
}

export function toErrorData(error: unknown, log: (e: unknown) => void = console.error) {
  if (error instanceof StudioError) return error.toData();
  log(error);
  // Internal details stay in the log; the caller gets a stable code and a plain message.
  return { code: 'INTERNAL' as const, message: 'Something went wrong inside the studio. Details are in the log.' };
}

/**
 * The single entry point both transports use: checks the method is an own property of the
 * contract, validates the input with the shared schema, runs the handler, and wraps any
 * failure in a CallResult so nothing thrown crosses the boundary.
 */
export async function dispatch(
  handlers: Handlers,
  method: unknown,
  rawInput: unknown,
  log?: (e: unknown) => void,
): Promise<CallResult<unknown>> {
  if (!isMethodName(method)) {
    const name = typeof method === 'string' ? method.slice(0, 80) : typeof method;
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown StudioApi method: ${name}` } };
  }
  const parsed = studioMethods[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, error: describeIssues(method, parsed.error).toData() };
  try {
    const handler = handlers[method] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toErrorData(error, log) };
  }
}

export type { MethodName };
