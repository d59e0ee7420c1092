// Everything the edge-function suites run against: a scratch PostgreSQL database with the
// migrations, the local fakes of Runway, Stripe and Supabase Auth/Storage, and the real SDKs
// (pg, @runwayml/sdk, stripe, @supabase/supabase-js) wired into the functions' own adapters.
import { randomUUID } from 'node:crypto';
import RunwayML from '@runwayml/sdk';
import { createClient } from '@supabase/supabase-js';
import pg from 'pg';
import Stripe from 'stripe';
import ws from 'ws';
import { supabaseUserVerifier } from '../../supabase/functions/_shared/auth';
import { dbFromPool, type Db } from '../../supabase/functions/_shared/db';
import type { ClipDetailsDeps } from '../../supabase/functions/clip-details/handler';
import type { ClipGenerationDeps } from '../../supabase/functions/clip-generation/handler';
import type { ClipStatusDeps } from '../../supabase/functions/clip-status/handler';
import type { Handler } from '../../supabase/functions/_shared/http';
import { runwayFromSdk } from '../../supabase/functions/_shared/runway';
import { supabaseStorage } from '../../supabase/functions/_shared/storage';
import { stripeFromSdk, type StripeLike } from '../../supabase/functions/_shared/stripe';
import { createAuthUser, createScratchDatabase, type ScratchDatabase } from '../db/scratch';
import { startRunwayFake, type RunwayFake, type RunwayFakeOptions } from '../fakes/runway';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { startSupabaseStandIn, type SupabaseStandIn } from '../fakes/supabase';

export const WEBHOOK_SECRET = 'whsec_test_echoes';

export interface TestUser {
  id: string;
  token: string;
}

export interface CallResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Backend {
  scratch: ScratchDatabase;
  pool: pg.Pool;
  db: Db;
  runway: RunwayFake;
  stripe: StripeFake;
  supabase: SupabaseStandIn;
  stripeSdk: Stripe;
  stripeLike: StripeLike;
  generationDeps: ClipGenerationDeps & ClipStatusDeps & ClipDetailsDeps;
  clock: { now: number };
  /** a user with this many credits, all in the ledger, and a valid access token */
  newUser(credits?: number): Promise<TestUser>;
  balance(userId: string): Promise<{ balance: number; ledger: number }>;
  call<T = Record<string, unknown>>(
    handler: Handler,
    init: { method?: string; path?: string; token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<CallResult<T>>;
  close(): Promise<void>;
}

export async function startBackend(databaseUrl: string, label: string, runwayOptions: RunwayFakeOptions = {}): Promise<Backend> {
  // the real clock, which a test may move forward or back (clock.now += ms): the Runway fake's
  // tasks progress in real time on it
  let offset = 0;
  const clock = {
    get now() {
      return Date.now() + offset;
    },
    set now(value: number) {
      offset = value - Date.now();
    },
  };
  const [scratch, runway, stripe] = await Promise.all([
    createScratchDatabase(databaseUrl, label),
    startRunwayFake({ fetchPromptImage: true, now: () => clock.now, ...runwayOptions }),
    startStripeFake(),
  ]);
  const supabase = await startSupabaseStandIn({ databaseUrl: scratch.url, now: () => clock.now });
  const pool = new pg.Pool({ connectionString: scratch.url, max: 10 });
  ignoreDroppedDatabase(pool);

  const supabaseClient = createClient(supabase.url, supabase.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no WebSocket of its own (Deno does); realtime is never used here
    realtime: { transport: ws as never },
  });
  const runwayClient = new RunwayML({ apiKey: runway.apiKey, baseURL: runway.url, timeout: 5_000 });
  const stripeSdk = new Stripe(stripe.secretKey, { host: stripe.host, port: stripe.port, protocol: 'http', maxNetworkRetries: 0 });
  const db = dbFromPool(pool);

  const generationDeps: ClipGenerationDeps & ClipStatusDeps & ClipDetailsDeps = {
    db,
    verifyUser: supabaseUserVerifier(supabaseClient),
    storage: supabaseStorage(supabaseClient),
    runway: runwayFromSdk(runwayClient),
    fetch: globalThis.fetch,
    now: () => new Date(clock.now),
  };

  return {
    scratch,
    pool,
    db,
    runway,
    stripe,
    supabase,
    stripeSdk,
    stripeLike: stripeFromSdk(stripeSdk),
    generationDeps,
    clock,
    async newUser(credits = 1) {
      const id = randomUUID();
      const client = await pool.connect();
      try {
        await createAuthUser(client, id);
        if (credits > 1) await client.query('select * from public.grant_credits($1, $2, $3)', [id, credits - 1, `setup-${id}`]);
        if (credits === 0) await client.query('select * from public.spend_credits($1, 1, $2)', [id, `setup-${id}`]);
      } finally {
        client.release();
      }
      return { id, token: supabase.tokenFor(id) };
    },
    async balance(userId) {
      const { rows } = await pool.query<{ balance: number; ledger: number }>(
        `select p.credit_balance as balance,
                (select coalesce(sum(amount), 0)::int from public.credit_transactions t where t.user_id = p.id) as ledger
         from public.user_profiles p where p.id = $1`,
        [userId],
      );
      return rows[0]!;
    },
    async call(handler, init) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      const req = new Request(`http://functions.local${init.path ?? '/'}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
      const res = await handler(req);
      const text = await res.text();
      const isJson = (res.headers.get('content-type') ?? '').includes('json');
      return { status: res.status, headers: res.headers, body: isJson ? JSON.parse(text) : text } as CallResult<never>;
    },
    async close() {
      await Promise.allSettled([runway.close(), stripe.close(), supabase.close()]);
      await pool.end();
      await scratch.drop();
    },
  };
}

/**
 * An idle client's error reaches the pool, and a pool with no listener throws it (node-postgres
 * says to always listen). The scratch database is dropped with force at the end: a client still
 * closing then hears "terminating connection due to administrator command" (57P01), which is expected.
 */
export function ignoreDroppedDatabase(pool: pg.Pool): void {
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') console.error('PostgreSQL client error', error);
  });
}

/** A photo in the user's private bucket, where the app uploads it. */
export function uploadPhoto(backend: Backend, userId: string, projectId: string, name = 'photo.jpg'): string {
  const path = `${userId}/${projectId}/${name}`;
  // JPEG magic bytes and a little filler
  backend.supabase.putObject('private-photos', path, new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(64).fill(1)]), 'image/jpeg');
  return path;
}
