// The edge functions under real Deno, each with its own environment, against the backend of
// harness.ts (scratch PostgreSQL, the Runway / Stripe / Supabase stand-ins), called over HTTP.
// Used by the fault tests and the cloud-faults bench.
import { startDenoFunction, type RunningFunction } from '../fakes/supabase/deno-functions';
import { startBackend, WEBHOOK_SECRET, type Backend } from './harness';
import type { RunwayFakeOptions } from '../fakes/runway';

export const DENO_ADMIN_PASSWORD = 'deno-admin-password';

/** A create counts as unknown after this, in the fault runs (RUNWAY_CREATE_TIMEOUT_MS). */
export const FAULT_CREATE_TIMEOUT_MS = 1500;
/** An unconfirmed create is refunded after this, in the fault runs (RUNWAY_RECONCILE_MS): well past a loaded machine's poll. */
export const FAULT_RECONCILE_MS = 4000;

/**
 * The functions of the fault runs: short Runway windows, plus a clip-generation allowed to take
 * longer than the reconcile window of an eager clip-status (to make a task turn up after its refund).
 */
export function faultFunctions(): Record<string, Record<string, string>> {
  const runway = { RUNWAY_CREATE_TIMEOUT_MS: String(FAULT_CREATE_TIMEOUT_MS), RUNWAY_RECONCILE_MS: String(FAULT_RECONCILE_MS) };
  return {
    'clip-generation': runway,
    'clip-status': runway,
    'clip-generation@slow': { RUNWAY_CREATE_TIMEOUT_MS: '8000', RUNWAY_RECONCILE_MS: '8000' },
    'clip-status@eager': { RUNWAY_RECONCILE_MS: '500' },
    'create-checkout': {},
    'stripe-webhook': {},
    admin: {},
  };
}

export interface DenoCall {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface DenoBackend {
  b: Backend;
  functions: Map<string, RunningFunction>;
  call(name: string, init?: { method?: string; path?: string; token?: string; body?: unknown; headers?: Record<string, string> }): Promise<DenoCall>;
  /** Everything a function wrote to stdout and stderr so far. */
  output(name: string): string;
  close(): Promise<void>;
}

/** functions: name (or name@variant, to run one function twice) -> environment of its own on top of the common one. */
export async function startDenoBackend(
  databaseUrl: string,
  label: string,
  functions: Record<string, Record<string, string>>,
  runway: RunwayFakeOptions = {},
): Promise<DenoBackend> {
  const b = await startBackend(databaseUrl, label, runway);
  const env = {
    SUPABASE_DB_URL: b.scratch.url,
    SUPABASE_URL: b.supabase.url,
    SUPABASE_SERVICE_ROLE_KEY: b.supabase.serviceRoleKey,
    RUNWAYML_API_SECRET: b.runway.apiKey,
    RUNWAYML_BASE_URL: b.runway.url,
    STRIPE_SECRET_KEY: b.stripe.secretKey,
    STRIPE_API_BASE: b.stripe.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ADMIN_PASSWORD: DENO_ADMIN_PASSWORD,
    PUBLIC_FUNCTIONS_URL: 'https://project-ref.supabase.co/functions/v1',
  };
  const running = new Map<string, RunningFunction>();
  const started = await Promise.allSettled(
    Object.entries(functions).map(async ([key, own]) => running.set(key, await startDenoFunction(key.split('@')[0]!, { ...env, ...own }))),
  );
  const close = async () => {
    await Promise.all([...running.values()].map((r) => r.stop()));
    await b.close();
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return {
    b,
    functions: running,
    async call(name, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      const fn = running.get(name);
      if (!fn) throw new Error(`${name} is not running`);
      const res = await fetch(`${fn.url}${init.path ?? '/'}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
    },
    output: (name) => running.get(name)?.output.join('') ?? '',
    close,
  };
}
