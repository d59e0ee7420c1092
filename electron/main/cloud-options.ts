import { shell } from 'electron';
import { join } from 'node:path';
import type { CloudOptions } from '../services/cloud/cloud-service';
import { configFromEnv } from '../services/cloud/config';
import { createSafeStorageSecretStore } from './secret-store';
import { chooseSignInRedirect, type ProtocolRegistration } from './sign-in-redirect';

/**
 * What the shell gives the cloud services: the Supabase project baked in at build time
 * (esbuild replaces these process.env reads), the safeStorage session store, and the system
 * browser. The services check every URL against the allow-list before it gets here.
 */
export function desktopCloudOptions(userDataDir: string, deepLinkScheme: ProtocolRegistration): CloudOptions {
  return {
    buildConfig: configFromEnv({
      ECHOES_SUPABASE_URL: process.env.ECHOES_SUPABASE_URL,
      ECHOES_SUPABASE_ANON_KEY: process.env.ECHOES_SUPABASE_ANON_KEY,
    }),
    secretStore: createSafeStorageSecretStore(join(userDataDir, 'session.bin')),
    openExternal: (url) => shell.openExternal(url),
    // echoes:// when the OS will deliver it to us; the loopback redirect in development or when registering failed
    redirect: chooseSignInRedirect(deepLinkScheme),
  };
}
