import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../electron/services/ffmpeg/runner';
import { createMediaStore } from '../../electron/services/media/media-store';
import {
  backoffDelays,
  DEFAULT_RETRY,
  fileSystem,
  OutputKeptError,
  publishFile,
  removePath,
  renameFile,
  setRetryPolicy,
} from '../../electron/services/system/file-ops';
import { FFMPEG } from '../support/ffmpeg-fixtures';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-fileops-');

/** An fs error as libuv reports it on Windows while another process holds the file. */
function heldError(code: 'EPERM' | 'EBUSY' | 'EACCES', path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: operation not permitted, '${path}'`), { code, syscall: 'rename', path });
}

/** Swaps one fs function so its first `times` calls (or all with Infinity) throw `code`; counts calls. */
function holdFor<K extends keyof typeof fileSystem>(name: K, code: 'EPERM' | 'EBUSY' | 'EACCES', times: number, only?: (path: string) => boolean) {
  const real = fsp[name] as (...args: unknown[]) => Promise<unknown>;
  const state = { calls: 0, failed: 0 };
  (fileSystem as Record<string, unknown>)[name] = async (...args: unknown[]) => {
    state.calls++;
    const target = String(args[0]);
    if ((!only || only(target)) && state.failed < times) {
      state.failed++;
      throw heldError(code, target);
    }
    return real(...args);
  };
  return state;
}

let previousPolicy = DEFAULT_RETRY;
beforeEach(() => {
  // Short waits so the give-up path is quick; the count of attempts is what is checked.
  previousPolicy = setRetryPolicy({ budgetMs: 100, firstDelayMs: 1, maxDelayMs: 20 });
});
afterEach(() => {
  fileSystem.rename = fsp.rename;
  fileSystem.rm = fsp.rm;
  fileSystem.copyFile = fsp.copyFile;
  setRetryPolicy(previousPolicy);
});

describe('retry policy', () => {
  it('backs off by doubling, capped, for about ten seconds in total', () => {
    const delays = backoffDelays(DEFAULT_RETRY);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(delays.slice(0, 4)).toEqual([50, 100, 200, 400]);
    expect(Math.max(...delays)).toBe(DEFAULT_RETRY.maxDelayMs);
    expect(total).toBeLessThanOrEqual(10_000);
    expect(total).toBeGreaterThan(9_000);
  });
});

describe('renameFile / removePath', () => {
  for (const code of ['EPERM', 'EBUSY', 'EACCES'] as const) {
    it(`waits out a ${code} hold and then renames`, async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'a'), 'A');
      const state = holdFor('rename', code, 3);
      await renameFile(join(dir, 'a'), join(dir, 'b'));
      expect(state.calls).toBe(4);
      expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('A');
    });
  }

  it('gives up after its budget with the last error, and does not retry other errors', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a'), 'A');
    const held = holdFor('rename', 'EBUSY', Infinity);
    await expect(renameFile(join(dir, 'a'), join(dir, 'b'))).rejects.toMatchObject({ code: 'EBUSY' });
    expect(held.calls).toBe(backoffDelays().length + 1);
    fileSystem.rename = fsp.rename;
    let calls = 0;
    fileSystem.rename = async (...args: Parameters<typeof fsp.rename>) => {
      calls++;
      return fsp.rename(...args);
    };
    await expect(renameFile(join(dir, 'missing'), join(dir, 'b'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(calls).toBe(1);
  });

  it('removes with retries (a file antivirus holds for a moment)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x'), 'x');
    const state = holdFor('rm', 'EPERM', 2);
    await removePath(join(dir, 'x'));
    expect(state.calls).toBe(3);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('publishFile keeps the finished file and names it when the target stays held', async () => {
    const dir = tempDir();
    const finished = join(dir, '.out.partial.mp4');
    writeFileSync(finished, 'finished video');
    writeFileSync(join(dir, 'out.mp4'), 'old video');
    holdFor('rename', 'EPERM', Infinity);
    const error = await publishFile(finished, join(dir, 'out.mp4')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputKeptError);
    expect((error as OutputKeptError).keptAt).toBe(finished);
    expect((error as Error).message).toContain(finished);
    expect(readFileSync(finished, 'utf8')).toBe('finished video');
    expect(readFileSync(join(dir, 'out.mp4'), 'utf8')).toBe('old video');
  });
});

describe('the FFmpeg runner', () => {
  const args = ['-f', 'lavfi', '-i', 'testsrc2=size=64x64:rate=10:duration=0.5', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-f', 'mp4'];

  it('publishes once a held target is released', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.mp4');
    holdFor('rename', 'EBUSY', 2);
    await runFfmpeg({ ffmpegPath: FFMPEG, args, outputPath: out });
    expect(statSync(out).size).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(['out.mp4']);
  });

  it('never deletes a finished render because the final rename failed', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.mp4');
    holdFor('rename', 'EPERM', Infinity);
    const error = await runFfmpeg({ ffmpegPath: FFMPEG, args, outputPath: out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputKeptError);
    const kept = (error as OutputKeptError).keptAt;
    expect((error as Error).message).toContain(kept);
    expect(statSync(kept).size).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the media store', () => {
  it('stores a file while antivirus holds the fresh temp file for a moment', async () => {
    const store = createMediaStore(join(tempDir(), 'media'));
    const source = join(tempDir(), 'photo.jpg');
    writeFileSync(source, 'photo bytes');
    const state = holdFor('rename', 'EPERM', 2, (p) => p.includes('.tmp'));
    const id = await store.put(source, 'jpg');
    expect(state.failed).toBe(2);
    expect(readFileSync(store.path(id), 'utf8')).toBe('photo bytes');
    expect(readdirSync(join(store.root, '.tmp'))).toEqual([]);
  });

  it('removes a stored file after an EBUSY hold, and reports a lasting one', async () => {
    const store = createMediaStore(join(tempDir(), 'media'));
    const id = await store.putBuffer(Buffer.from('v'), 'mp4');
    holdFor('rm', 'EBUSY', 1);
    await store.remove(id);
    expect(store.has(id)).toBe(false);
    const id2 = await store.putBuffer(Buffer.from('w'), 'mp4');
    holdFor('rm', 'EBUSY', Infinity);
    await expect(store.remove(id2)).rejects.toMatchObject({ code: 'EBUSY' });
    expect(store.has(id2)).toBe(true);
  });
});
