// What the cloud suites run against: a scratch PostgreSQL database with the migrations
// (tests/db/scratch), the Runway and Stripe fakes (tests/fakes), the edge functions under real
// Deno behind the Supabase stand-in (tests/fakes/supabase), and a studio whose cloud services
// talk to the stand-in through the real supabase-js.
import { join } from 'node:path';
import Stripe from 'stripe';
import type { CloudOptions } from '../../electron/services/cloud/cloud-service';
import { createFileSecretStore } from '../../electron/services/cloud/secret-store';
import type { GenerationOptions } from '../../electron/services/generate/generation-service';
import { createStudio, type Studio } from '../../electron/services/studio';
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch';
import { startRunwayFake, type RunwayFake, type RunwayFakeOptions } from '../fakes/runway';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { startSupabaseStandIn, type SupabaseStandIn } from '../fakes/supabase';
import { resourcesDir } from './paths';

export const WEBHOOK_SECRET = 'whsec_cloud_suite';
export const ADMIN_PASSWORD = 'cloud-suite-admin-password';
export const CLOUD_FUNCTIONS = ['clip-generation', 'clip-status', 'account', 'create-checkout', 'stripe-webhook', 'admin'];

export interface CloudBackend {
  scratch: ScratchDatabase;
  runway: RunwayFake;
  stripe: StripeFake;
  stripeSdk: Stripe;
  supabase: SupabaseStandIn;
  balance(userId: string): Promise<number>;
  close(): Promise<void>;
}

export async function startCloudBackend(
  databaseUrl: string,
  label: string,
  opts: { runway?: RunwayFakeOptions; functions?: string[]; accessTokenTtlS?: number } = {},
): Promise<CloudBackend> {
  const [scratch, runway, stripe] = await Promise.all([
    createScratchDatabase(databaseUrl, label),
    startRunwayFake({ fetchPromptImage: true, ...opts.runway }),
    startStripeFake(),
  ]);
  let supabase: SupabaseStandIn;
  try {
    supabase = await startSupabaseStandIn({
      databaseUrl: scratch.url,
      functions: opts.functions ?? CLOUD_FUNCTIONS,
      accessTokenTtlS: opts.accessTokenTtlS,
      functionEnv: {
        RUNWAYML_API_SECRET: runway.apiKey,
        RUNWAYML_BASE_URL: runway.url,
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_API_BASE: stripe.url,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        ADMIN_PASSWORD,
        PUBLIC_FUNCTIONS_URL: 'https://project-ref.supabase.co/functions/v1',
      },
    });
  } catch (error) {
    await Promise.allSettled([runway.close(), stripe.close()]);
    await scratch.drop();
    throw error;
  }
  const stripeSdk = new Stripe(stripe.secretKey, { host: stripe.host, port: stripe.port, protocol: 'http', maxNetworkRetries: 0 });
  return {
    scratch,
    runway,
    stripe,
    stripeSdk,
    supabase,
    async balance(userId) {
      const client = await scratch.connect();
      try {
        const { rows } = await client.query<{ credit_balance: number }>('select credit_balance from public.user_profiles where id = $1', [userId]);
        return rows[0]!.credit_balance;
      } finally {
        await client.end();
      }
    },
    async close() {
      await supabase.close();
      await Promise.allSettled([runway.close(), stripe.close()]);
      await scratch.drop();
    },
  };
}

export interface CloudStudio {
  studio: Studio;
  /** URLs the studio asked the system browser to open. */
  opened: string[];
}

/** A studio as the Electron shell builds it, with a file secret store and a recording browser. */
export function openCloudStudio(
  dataDir: string,
  backend: { supabase: SupabaseStandIn },
  cloud: Partial<CloudOptions> = {},
  generation?: GenerationOptions,
): CloudStudio {
  const opened: string[] = [];
  const studio = createStudio({
    dataDir,
    transport: 'bridge',
    version: '0.0.0-test',
    resourcesDir,
    ...(generation ? { generation } : {}),
    cloud: {
      buildConfig: { supabaseUrl: backend.supabase.url, anonKey: backend.supabase.anonKey },
      secretStore: createFileSecretStore(join(dataDir, 'secrets.json')),
      openExternal: async (url) => void opened.push(url),
      // Settings may change the project without asking: these tests are the creator (Electron asks in a native dialog)
      confirmProject: async () => true,
      pollIntervalMs: 50,
      offlineRetry: { baseMs: 100, maxMs: 400 },
      checkoutRecheckMs: [],
      log: () => undefined,
      ...cloud,
    },
  });
  return { studio, opened };
}

/** What the browser does after the app opens the authorize URL: follow the redirect, hand the deep link to the app. */
export async function completeSignInInBrowser(studio: Studio, authorizeUrl: string): Promise<string> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
  if (location.startsWith('echoes://')) {
    const handled = await studio.cloud.handleDeepLink(location);
    if (!handled) throw new Error(`the studio did not take the deep link ${location}`);
  } else {
    // the loopback redirect: the browser loads it
    const back = await fetch(location);
    if (back.status !== 200) throw new Error(`loopback callback answered ${back.status}`);
  }
  return location;
}

/** Resolves when the studio's cloud status satisfies test (checked on every cloud.status event). */
export function untilStatus(studio: Studio, test: (s: ReturnType<Studio['cloud']['status']>) => boolean, timeoutMs = 15_000): Promise<void> {
  if (test(studio.cloud.status())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`cloud status never matched; last: ${JSON.stringify(studio.cloud.status())}`));
    }, timeoutMs);
    const off = studio.events.subscribe((e) => {
      if (e.type === 'cloud.status' && test(e.payload)) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}
