import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The temp folders a run makes: a CLI render's data folder and a compile's work folder. */
export type RunTempKind = 'echoes-render' | 'echoes-compile';

const OWNED = /^echoes-(?:render|compile)-(\d+)-/;

/**
 * A temp folder named after this process (`echoes-compile-<pid>-XXXXXX`), so a later run can tell
 * whether its owner is still alive when the owner was killed before it could remove it.
 */
export function makeRunTempDir(kind: RunTempKind, root = tmpdir()): Promise<string> {
  return mkdtemp(join(root, `${kind}-${process.pid}-`));
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the run temp folders whose owning process is gone; returns their names. Never throws. */
export async function sweepOrphanRunTempDirs(root = tmpdir()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const orphans = names.filter((name) => {
    const pid = Number(OWNED.exec(name)?.[1] ?? NaN);
    return Number.isInteger(pid) && pid > 0 && !processAlive(pid);
  });
  await Promise.all(orphans.map((name) => rm(join(root, name), { recursive: true, force: true }).catch(() => undefined)));
  return orphans;
}
