import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudCheck } from '../../electron/cli/doctor';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-doctor-');
/** No project from the environment, whatever the machine running the tests has set. */
const noEnvProject = { ECHOES_SUPABASE_URL: '', ECHOES_SUPABASE_ANON_KEY: '', SUPABASE_URL: '', SUPABASE_ANON_KEY: '' };

describe('echoes doctor: cloud configuration', () => {
  it('reports a project connected in Settings (cloud.json in the data folder)', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'cloud.json'), JSON.stringify({ supabaseUrl: 'https://abcd.supabase.co/', anonKey: 'anon-key' }));
    expect(cloudCheck({ ...noEnvProject, ECHOES_DATA_DIR: dataDir })).toEqual({ name: 'Cloud', status: 'ok', detail: 'configured in Settings (https://abcd.supabase.co)' });
  });

  it('lets Settings win over the environment, as the app does', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'cloud.json'), JSON.stringify({ supabaseUrl: 'https://settings.supabase.co', anonKey: 'k1' }));
    const check = cloudCheck({ ECHOES_DATA_DIR: dataDir, ECHOES_SUPABASE_URL: 'https://env.supabase.co', ECHOES_SUPABASE_ANON_KEY: 'k2' });
    expect(check.detail).toBe('configured in Settings (https://settings.supabase.co)');
  });

  it('reports a project from the environment', () => {
    const check = cloudCheck({ ...noEnvProject, ECHOES_DATA_DIR: tempDir(), ECHOES_SUPABASE_URL: 'https://env.supabase.co', ECHOES_SUPABASE_ANON_KEY: 'k' });
    expect(check).toMatchObject({ status: 'ok', detail: 'configured by ECHOES_SUPABASE_URL / ECHOES_SUPABASE_ANON_KEY (https://env.supabase.co)' });
  });

  it.each([
    ['no cloud.json', null],
    ['a damaged cloud.json', '{"supabaseUrl":'],
    ['a cloud.json without a key', JSON.stringify({ supabaseUrl: 'https://abcd.supabase.co' })],
  ])('says what to do with %s and no environment', (_name, content) => {
    const dataDir = tempDir();
    if (content !== null) writeFileSync(join(dataDir, 'cloud.json'), content);
    const check = cloudCheck({ ...noEnvProject, ECHOES_DATA_DIR: dataDir });
    expect(check).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^not configured/), fix: expect.stringMatching(/Settings/) });
  });
});
