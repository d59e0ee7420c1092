/**
 * The recorded answers of the real services (tests/fakes/<service>/recorded/*.json, each naming its
 * source: the service's public docs, its OpenAPI fixtures or its official SDK's tests) and the shape
 * comparison a stand-in's answer must pass against them. Field names, JSON types and status codes are
 * compared; ids, times, URLs and messages are examples and never are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Recorded {
  /** where the answer comes from: URLs, or repository@commit and path */
  source: string[];
  request?: { method: string; path: string } & Record<string, unknown>;
  status?: number;
  body?: unknown;
  /** body paths (a.b.c; an array's elements: a[]) whose JSON type the example leaves open (null there) or narrows: 'integer' */
  types?: Record<string, JsonType>;
  /** body paths the stand-in must answer with; default: every top-level field of the body */
  required?: string[];
  /** body paths that may be null; absent: any field may be */
  nullable?: string[];
  [key: string]: unknown;
}

/** 'map': an object whose keys are the caller's own (Stripe's metadata), only its values' types are compared. */
export type JsonType = 'null' | 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'map';

export function recorded(service: 'runway' | 'stripe', name: string): Recorded {
  return JSON.parse(readFileSync(join(recordedDir(service), `${name}.json`), 'utf8')) as Recorded;
}

export function recordedNames(service: 'runway' | 'stripe'): string[] {
  return readdirSync(recordedDir(service))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

const recordedDir = (service: string) => fileURLToPath(new URL(`./${service}/recorded`, import.meta.url));

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonType;
}

function matchesType(value: unknown, type: JsonType): boolean {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'map') return jsonType(value) === 'object' && Object.values(value as object).every((v) => typeof v === 'string');
  return jsonType(value) === type;
}

function at(value: unknown, path: string): { found: boolean; value?: unknown } {
  let node = value;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !(key in node)) return { found: false };
    node = (node as Record<string, unknown>)[key];
  }
  return { found: true, value: node };
}

/**
 * How a stand-in's body differs from the recorded one, as readable lines (empty: conforms):
 * a field the service does not have, a field of another JSON type, a null where the service never
 * sends one, a required field missing. Arrays: every element against the recorded first element.
 */
export function shapeDiff(actual: unknown, rec: Pick<Recorded, 'body' | 'types' | 'required' | 'nullable'>): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, expected: unknown, path: string) => {
    const where = path || '(body)';
    const type = rec.types?.[path] ?? jsonType(expected);
    if (value === null) {
      if (rec.nullable && !rec.nullable.includes(path) && expected !== null) problems.push(`${where}: null, the service sends ${type}`);
      return;
    }
    if (type === 'null') return; // null in the example and no type given: any type
    if (!matchesType(value, type)) {
      problems.push(`${where}: ${jsonType(value)}, the service sends ${type}`);
      return;
    }
    if (type === 'array') {
      const first = (expected as unknown[])[0];
      if (first !== undefined) for (const item of value as unknown[]) walk(item, first, `${path}[]`);
      return;
    }
    if (type === 'object' && expected !== null && typeof expected === 'object') {
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        const childPath = path ? `${path}.${key}` : key;
        if (!(key in (expected as Record<string, unknown>))) problems.push(`${childPath}: not a field of the service`);
        else walk(child, (expected as Record<string, unknown>)[key], childPath);
      }
    }
  };
  walk(actual, rec.body, '');
  const required = rec.required ?? Object.keys((rec.body ?? {}) as Record<string, unknown>);
  for (const path of required) if (!at(actual, path).found) problems.push(`${path}: missing (the service always sends it)`);
  return problems;
}
