// The Runway client: RUNWAYML_API_SECRET, and RUNWAYML_BASE_URL when pointed elsewhere (tests).
//
// Paid creates go through a client of their own whose connections are never reused: Deno's
// fetch resends a request on a fresh connection when a pooled one closes before the answer, even
// after the server acted on it, and the SDK's maxRetries 0 does not see that resend. Runway has no
// idempotency key, so a resent create is a second paid task. With no idle connection kept
// (poolMaxIdlePerHost 0) and Connection: close, a dropped connection fails the call instead.
import RunwayML from 'npm:@runwayml/sdk@4';
import { runwayFromSdk, type RunwayLike } from '../runway.ts';
import { optionalEnv, requireEnv } from './env.ts';

/** How long a create may take before its outcome counts as unknown (RUNWAY_CREATE_TIMEOUT_MS, default 30 s). */
export const createTimeoutMs = (): number => Number(optionalEnv('RUNWAY_CREATE_TIMEOUT_MS') ?? 30_000);

export function runway(): RunwayLike {
  const apiKey = requireEnv('RUNWAYML_API_SECRET');
  const baseURL = optionalEnv('RUNWAYML_BASE_URL');
  const unpooled = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
  const creates = new RunwayML({
    apiKey,
    baseURL,
    timeout: createTimeoutMs(),
    maxRetries: 0,
    defaultHeaders: { Connection: 'close' },
    fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, { ...init, client: unpooled }),
  });
  return runwayFromSdk(new RunwayML({ apiKey, baseURL, timeout: 30_000 }), creates);
}
