import type { z } from 'zod';

export interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}
export type MethodTable = Record<string, MethodSpec>;

/** Identity helper that keeps each table's literal keys and schema types. */
export function defineMethods<T extends MethodTable>(table: T): T {
  return table;
}

export type EventTable = Record<string, z.ZodType>;

export function defineEvents<T extends EventTable>(table: T): T {
  return table;
}
