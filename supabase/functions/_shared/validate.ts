// Small input validators (the functions import no npm packages outside their adapters).
// Each throws ApiError 400 naming the field that was wrong.
import { ApiError } from './http.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function invalid(field: string, message: string): ApiError {
  return new ApiError(400, 'invalid_request', `${field}: ${message}`, { field });
}

export function uuid(body: Record<string, unknown>, field: string): string {
  const v = body[field];
  if (typeof v !== 'string' || !UUID.test(v)) throw invalid(field, 'must be a UUID');
  return v.toLowerCase();
}

export function string(
  body: Record<string, unknown>,
  field: string,
  opts: { min?: number; max: number; optional?: boolean },
): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (opts.optional) return undefined;
    throw invalid(field, 'is required');
  }
  if (typeof v !== 'string') throw invalid(field, 'must be a string');
  // lengths in UTF-16 code units, the way Runway counts promptText
  if (v.length < (opts.min ?? 0)) throw invalid(field, `must be at least ${opts.min} characters`);
  if (v.length > opts.max) throw invalid(field, `must be at most ${opts.max} characters`);
  return v;
}

export function integer(body: Record<string, unknown>, field: string, min: number, max: number): number {
  const v = body[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw invalid(field, `must be an integer from ${min} to ${max}`);
  }
  return v;
}

export function oneOf<T extends string>(body: Record<string, unknown>, field: string, allowed: readonly T[]): T {
  const v = body[field];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw invalid(field, `must be one of ${allowed.join(', ')}`);
  }
  return v as T;
}

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID.test(v);
}
