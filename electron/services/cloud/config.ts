import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CLOUD_FEATURES } from '../../../shared/values';

/** A Supabase project the app talks to: its URL and its public (anon) key. */
export interface CloudConfig {
  supabaseUrl: string;
  anonKey: string;
}

export type ResolvedCloudConfig =
  | { configured: true; source: 'build' | 'settings'; config: CloudConfig }
  | { configured: false; source: null; message: string };

const StoredConfig = z.object({ supabaseUrl: z.string().min(1), anonKey: z.string().min(1) });

/** The message shown when no Supabase project is configured. */
export const LOCAL_ONLY_MESSAGE =
  `Echoes Studio is running local-only: no cloud project is configured (build with ECHOES_SUPABASE_URL and ECHOES_SUPABASE_ANON_KEY, or connect one in Settings › Account). ` +
  `Importing, on-device motion clips, editing and compiling all work offline. These need an account: ${CLOUD_FEATURES.join(', ')}.`;

/** Env names read at build time (esbuild defines them) or, in development and the CLI, at run time. */
export function configFromEnv(env: Record<string, string | undefined>): CloudConfig | null {
  const supabaseUrl = env.ECHOES_SUPABASE_URL ?? env.SUPABASE_URL;
  const anonKey = env.ECHOES_SUPABASE_ANON_KEY ?? env.SUPABASE_ANON_KEY;
  return supabaseUrl && anonKey ? { supabaseUrl: normalizeUrl(supabaseUrl), anonKey: anonKey.trim() } : null;
}

export function normalizeUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** Settings win over the build: a creator (or a developer) may point the app at another project. */
export function resolveCloudConfig(build: CloudConfig | null, settings: CloudConfig | null): ResolvedCloudConfig {
  if (settings) return { configured: true, source: 'settings', config: settings };
  if (build) return { configured: true, source: 'build', config: build };
  return { configured: false, source: null, message: LOCAL_ONLY_MESSAGE };
}

/** The Settings override, kept in <dataDir>/cloud.json (the anon key is public by design). */
export function createCloudSettingsFile(file: string) {
  let current: CloudConfig | null = null;
  try {
    const parsed = StoredConfig.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) current = { supabaseUrl: normalizeUrl(parsed.data.supabaseUrl), anonKey: parsed.data.anonKey };
  } catch {
    current = null;
  }
  return {
    get: () => current,
    async set(config: CloudConfig | null): Promise<void> {
      if (!config) {
        await rm(file, { force: true });
        current = null;
        return;
      }
      await mkdir(dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, JSON.stringify(config, null, 2));
      await rename(`${file}.tmp`, file);
      current = { ...config, supabaseUrl: normalizeUrl(config.supabaseUrl) };
    },
  };
}
export type CloudSettingsFile = ReturnType<typeof createCloudSettingsFile>;
