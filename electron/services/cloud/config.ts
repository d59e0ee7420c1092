import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CLOUD_FEATURES } from '../../../shared/values';
import { removePath, renameFile } from '../system/file-ops';

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

/**
 * Why a key must not be used as the app's public key, or null when it is one: a legacy JWT key
 * must carry the role 'anon' (a service_role key bypasses row-level security and would ship every
 * user's data to whoever holds the app); a new-style key must be a publishable one.
 */
export function anonKeyProblem(key: string): string | null {
  const trimmed = key.trim();
  if (trimmed.startsWith('sb_publishable_')) return null;
  if (trimmed.startsWith('sb_secret_')) return 'this is a secret key; paste the publishable (anon) key from the project API settings';
  const role = jwtRole(trimmed);
  if (role === undefined) return 'this is not a Supabase anon key (not a JWT or publishable key); paste the anon (public) key from the project API settings';
  if (role === 'anon') return null;
  if (role === 'service_role') return 'this is the service_role key, a server secret that bypasses every access rule; paste the anon (public) key instead';
  if (role === null) return 'this key names no role; paste the anon (public) key from the project API settings';
  return `this key has the role "${String(role).slice(0, 40)}", not "anon"; paste the anon (public) key from the project API settings`;
}

/** The `role` claim of a JWT (the claims are read, not verified: the key is the project's, not a user's); undefined when it is not a JWT. */
function jwtRole(token: string): unknown {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? ((claims as { role?: unknown }).role ?? null) : undefined;
  } catch {
    return undefined;
  }
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
        await removePath(file);
        current = null;
        return;
      }
      await mkdir(dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, JSON.stringify(config, null, 2));
      await renameFile(`${file}.tmp`, file);
      current = { ...config, supabaseUrl: normalizeUrl(config.supabaseUrl) };
    },
  };
}
export type CloudSettingsFile = ReturnType<typeof createCloudSettingsFile>;
