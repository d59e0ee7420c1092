// The cloud parts that need no server: the secret stores, the configuration, request ids.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv, createCloudSettingsFile, LOCAL_ONLY_MESSAGE, resolveCloudConfig } from '../../electron/services/cloud/config';
import { durationFor, requestIdFor } from '../../electron/services/generate/providers/runway/runway-provider';
import { createFileSecretStore, type SecretCipher } from '../../electron/services/cloud/secret-store';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-cloud-parts-');

// stands in for safeStorage: reversible, and nothing of the plain text shows in the file
const xorCipher: SecretCipher = {
  encrypt: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decrypt: (data) => Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('secret store', () => {
  it('keeps secrets encrypted in one file with mode 0600, across instances, and survives concurrent writes', async () => {
    const file = join(tempDir(), 'session.bin');
    const store = createFileSecretStore(file, xorCipher);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `refresh-token-${i}`)));
    await store.delete('k3');
    expect(readFileSync(file).toString('utf8')).not.toContain('refresh-token');
    const again = createFileSecretStore(file, xorCipher);
    expect(await again.get('k7')).toBe('refresh-token-7');
    expect(await again.get('k3')).toBeNull();
    expect((await import('node:fs')).statSync(file).mode & 0o777).toBe(0o600);
  });

  it('treats a file it cannot decrypt as empty (sign in again) instead of failing', async () => {
    const file = join(tempDir(), 'session.bin');
    writeFileSync(file, 'garbage that is not ours');
    const store = createFileSecretStore(file, xorCipher);
    expect(await store.get('anything')).toBeNull();
    await store.set('a', 'b');
    expect(await createFileSecretStore(file, xorCipher).get('a')).toBe('b');
  });
});

describe('cloud configuration', () => {
  it('takes the build env, lets Settings override it, and is local-only without either', async () => {
    const build = configFromEnv({ ECHOES_SUPABASE_URL: 'https://abcd.supabase.co/', ECHOES_SUPABASE_ANON_KEY: 'anon-key-0123456789' });
    expect(build).toEqual({ supabaseUrl: 'https://abcd.supabase.co', anonKey: 'anon-key-0123456789' });
    expect(configFromEnv({ ECHOES_SUPABASE_URL: 'https://abcd.supabase.co' })).toBeNull();
    const file = createCloudSettingsFile(join(tempDir(), 'cloud.json'));
    expect(resolveCloudConfig(build, file.get())).toMatchObject({ configured: true, source: 'build' });
    await file.set({ supabaseUrl: 'https://other.supabase.co', anonKey: 'other-key-0123456789' });
    expect(resolveCloudConfig(build, file.get())).toMatchObject({ source: 'settings', config: { supabaseUrl: 'https://other.supabase.co' } });
    await file.set(null);
    expect(resolveCloudConfig(null, file.get())).toEqual({ configured: false, source: null, message: LOCAL_ONLY_MESSAGE });
  });
});

describe('runway requests', () => {
  it('derives one request id per job attempt, stable across resends', () => {
    const job = '3f0b6c1e-2a7d-4c1b-9d0e-5a4b3c2d1e0f';
    expect(requestIdFor(job, 1)).toBe(requestIdFor(job, 1));
    expect(requestIdFor(job, 2)).not.toBe(requestIdFor(job, 1));
    expect(requestIdFor(job, 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('asks Runway for a whole number of seconds between 2 and 10', () => {
    expect([1, 2, 4.4, 4.6, 10, 12].map(durationFor)).toEqual([2, 2, 4, 5, 10, 10]);
  });
});
