import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * A real small disk: a tmpfs of `size` mounted for this test file and unmounted after it. Mounting
 * needs root on Linux (as CI runs); elsewhere `mounted` is false and the suite says it is skipped:
 * no simulation stands in for a disk that really refuses writes (ENOSPC from the kernel, SQLITE_FULL
 * from SQLite, "No space left on device" from FFmpeg).
 */
export function useSmallDisk(size: string): { dir: string; mounted: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'echoes-tmpfs-'));
  let mounted = false;
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
      mounted = true;
    } catch {
      mounted = false;
    }
  }
  afterAll(() => {
    if (mounted) execFileSync('umount', ['-l', dir]);
    rmdirSync(dir);
  });
  return { dir, mounted };
}

/** Writes to `file` until the disk refuses one more byte. */
export function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 1 << 14, 1 << 10, 1]) {
      const chunk = Buffer.alloc(size, 7);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}
