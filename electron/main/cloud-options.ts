import { shell } from 'electron';
import { join } from 'node:path';
import type { CloudOptions } from '../services/cloud/cloud-service';
import { configFromEnv } from '../services/cloud/config';
import { createSafeStorageSecretStore } from './secret-store';

/**
 * What the shell gives the cloud services: the Supabase project baked in at build time
 * (esbuild replaces these process.env reads), the safeStorage session store, and the system
 * browser. The services check every URL against the allow-list before it gets here.
 */
export function desktopCloudOptions(userDataDir: string): CloudOptions {
  return {
    buildConfig: configFromEnv({
      ECHOES_SUPABASE_URL: process.env.ECHOES_SUPABASE_URL,
      ECHOES_SUPABASE_ANON_KEY: process.env.ECHOES_SUPABASE_ANON_KEY,
    }),
    secretStore: createSafeStorageSecretStore(join(userDataDir, 'session.bin')),
    openExternal: (url) => shell.openExternal(url),
    // the packaged app owns echoes://; `electron .` in development uses the loopback redirect
    redirect: process.defaultApp ? 'loopback' : 'deep-link',
  };
}
