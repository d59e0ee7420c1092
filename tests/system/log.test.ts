// The log file: levels, rotation by size, and the redactor (tokens, keys, signed-URL signatures,
// registered secrets, the user's paths) on every line.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, LOG_FILE_NAME, logLevelFromEnv } from '../../electron/services/log/logger';
import { createRedactor } from '../../electron/services/log/redact';
import { useTempDir } from '../support/temp-dir';

describe('redactor', () => {
  const dataDir = '/home/maya/.config/Echoes Studio';
  const r = createRedactor({ dataDir, secrets: ['anon-key-0123456789'] });

  it('writes paths inside the data folder relative to it, and hides every other absolute path', () => {
    expect(r.redact(`ffmpeg -i '${dataDir}/media/ab/cd.jpg' -y ${dataDir}/tmp/x.mp4`)).toBe(`ffmpeg -i '<data>/media/ab/cd.jpg' -y <data>/tmp/x.mp4`);
    expect(r.redact('import of /Users/maya/Pictures/Beach Day/sunset 01.jpg failed')).toBe('import of <path> failed');
    expect(r.redact('C:\\Users\\Maya\\Pictures\\Holiday Snaps\\IMG 0042.HEIC: unsupported')).toBe('<path>: unsupported');
    expect(r.redact('at Object.run (/opt/app/resources/app.asar/main.cjs:10:4)')).toBe('at Object.run (<path>:10:4)');
    const windowsData = createRedactor({ dataDir: 'C:\\Users\\Maya\\AppData\\Local\\Echoes Studio' });
    expect(windowsData.redact('C:\\Users\\Maya\\AppData\\Local\\Echoes Studio\\studio.db is locked')).toBe('<data>\\studio.db is locked');
  });

  it('keeps URLs readable but drops their secret parameters', () => {
    expect(r.redact('GET https://x.supabase.co/storage/v1/object/sign/private-photos/u/p/ab.jpg?token=abc.def.ghi -> 200')).toBe(
      'GET https://x.supabase.co/storage/v1/object/sign/private-photos/u/p/ab.jpg?token=[redacted] -> 200',
    );
    expect(r.redact('https://s3.example/v?X-Amz-Credential=AK%2F1&X-Amz-Signature=f00d&x=1')).toBe('https://s3.example/v?X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]&x=1');
    expect(r.redact('echoes://auth/callback?state=s1&code=c0de')).toBe('echoes://auth/callback?state=s1&code=[redacted]');
    expect(r.redact('POST https://x.supabase.co/functions/v1/clip-generation -> 202 in 30 ms')).toBe('POST https://x.supabase.co/functions/v1/clip-generation -> 202 in 30 ms');
  });

  it('hides JWTs, bearer tokens, Stripe keys, JSON credential fields and registered secrets', () => {
    expect(r.redact('jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature')).toBe('jwt [jwt]');
    expect(r.redact('Authorization: Bearer opaque-token.1')).toBe('Authorization: Bearer [redacted]');
    expect(r.redact('sk_test_abc whsec_def cs_test_ghi')).toBe('[key] [key] [key]');
    expect(r.redact('{"access_token":"a","refresh_token":"b","ok":1}')).toBe('{"access_token":"[redacted]","refresh_token":"[redacted]","ok":1}');
    expect(r.redact('key anon-key-0123456789 here')).toBe('key [secret] here');
    r.addSecret('short');
    expect(r.redact('short')).toBe('short');
  });
});

describe('log file', () => {
  const tempDir = useTempDir('echoes-log-');

  it('writes levels at or above its own, scoped, redacted, one entry per line (stack lines indented)', () => {
    const temp = { dir: tempDir() };
    const logger = createLogger({ dir: join(temp.dir, 'logs'), dataDir: temp.dir, level: 'info', now: () => new Date('2026-12-03T10:00:00Z') });
    logger.scope('cloud').debug('hidden');
    logger.scope('cloud').info(`GET https://h/x?token=t0ken -> 200`);
    const error = new Error(`cannot read ${join(temp.dir, 'media', 'x.jpg')}`);
    logger.scope('main').error('start failed', error);
    const text = readFileSync(join(temp.dir, 'logs', LOG_FILE_NAME), 'utf8');
    expect(text).not.toContain('hidden');
    expect(text).toContain('2026-12-03T10:00:00.000Z INFO  cloud: GET https://h/x?token=[redacted] -> 200\n');
    expect(text).toMatch(/ERROR main: start failed \| Error: cannot read <data>\/media\/x\.jpg\n {4,}at /);
    expect(text).not.toContain(temp.dir);
  });

  it('rotates by size and keeps the newest files only', () => {
    const dir = join(tempDir(), 'logs');
    const logger = createLogger({ dir, maxBytes: 200, keep: 2 });
    for (let i = 0; i < 20; i++) logger.info(`entry ${String(i).padStart(2, '0')} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['echoes.1.log', 'echoes.2.log', 'echoes.log']);
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(200);
    expect(readFileSync(join(dir, 'echoes.log'), 'utf8')).toContain('entry 19');
    const all = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(all).not.toContain('entry 00');
  });

  it('takes its level from ECHOES_LOG_LEVEL, or debug with ECHOES_DEBUG', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ ECHOES_DEBUG: '1' })).toBe('debug');
    expect(logLevelFromEnv({ ECHOES_LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(logLevelFromEnv({ ECHOES_LOG_LEVEL: 'loud' })).toBe('info');
  });
});
