import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMediaStore, syncFolder } from '../../electron/services/media/media-store';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-store-');
const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('media store', () => {
  it('names content by its sha256, stores it once, and leaves no temp file behind', async () => {
    const root = join(tempDir(), 'media');
    const store = createMediaStore(root);
    const source = join(tempDir(), 'photo.jpg');
    writeFileSync(source, 'pretend photo');
    const id = await store.put(source, 'jpg');
    expect(id).toBe(`${sha('pretend photo')}.jpg`);
    expect(readFileSync(store.path(id), 'utf8')).toBe('pretend photo');
    expect(existsSync(source)).toBe(true);
    expect(await store.put(source, 'jpg')).toBe(id);
    expect(await store.putBuffer(Buffer.from('pretend photo'), 'jpg')).toBe(id);
    expect(readdirSync(root).filter((n) => !n.startsWith('.'))).toEqual([id]);
    expect(readdirSync(join(root, '.tmp'))).toEqual([]);
  });

  it('moves a temp file in with move: true', async () => {
    const store = createMediaStore(join(tempDir(), 'media'));
    const temp = store.tempPath('mp4');
    expect(temp.startsWith(store.root)).toBe(true);
    writeFileSync(temp, 'video bytes');
    const id = await store.put(temp, 'mp4', { move: true });
    expect(existsSync(temp)).toBe(false);
    expect(readFileSync(store.path(id), 'utf8')).toBe('video bytes');
    // Already stored: the second source is simply dropped.
    const again = store.tempPath('mp4');
    writeFileSync(again, 'video bytes');
    expect(await store.put(again, 'mp4', { move: true })).toBe(id);
    expect(existsSync(again)).toBe(false);
  });

  it('refuses malformed ids, unknown ids, symlinks and bad extensions', async () => {
    const root = join(tempDir(), 'media');
    const store = createMediaStore(root);
    for (const bad of ['../studio.db', '/etc/passwd', `${'A'.repeat(64)}.jpg`, `${'a'.repeat(64)}.jpg/..`, `${'a'.repeat(63)}.jpg`, '..', '']) {
      expect(() => store.path(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
    expect(() => store.path(`${'a'.repeat(64)}.jpg`)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const outside = join(tempDir(), 'secret.txt');
    writeFileSync(outside, 'secret');
    const linked = `${'b'.repeat(64)}.jpg`;
    symlinkSync(outside, join(root, linked));
    expect(() => store.path(linked)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(store.has(linked)).toBe(false);
    const folder = `${'c'.repeat(64)}.jpg`;
    mkdirSync(join(root, folder));
    expect(() => store.path(folder)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    await expect(store.putBuffer(Buffer.from('x'), '../x')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(() => store.tempPath('a/b')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('stores concurrent puts of the same content once', async () => {
    const store = createMediaStore(join(tempDir(), 'media'));
    const data = Buffer.alloc(256 * 1024, 7);
    const ids = await Promise.all(Array.from({ length: 6 }, () => store.putBuffer(data, 'bin')));
    expect(new Set(ids).size).toBe(1);
    expect(readFileSync(store.path(ids[0]!)).equals(data)).toBe(true);
    expect(readdirSync(join(store.root, '.tmp'))).toEqual([]);
  });
});

describe('syncFolder (makes a publishing rename durable)', () => {
  it('flushes an existing folder and still reports a missing one', async () => {
    const dir = tempDir();
    await expect(syncFolder(dir)).resolves.toBeUndefined();
    await expect(syncFolder(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
