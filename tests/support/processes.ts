import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  argv: string[];
  /** /proc state letter: R, S, D, Z (exited, not yet reaped), ... */
  state: string;
}

/** Every process this user can see, from /proc (Linux only). */
export function listProcesses(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
      found.push({ pid: Number(entry), argv, state });
    } catch {
      // it exited while we looked
    }
  }
  return found;
}

/** Running (not exited) processes whose command line satisfies `match`. */
export function liveProcesses(match: (argv: string[]) => boolean): ProcessInfo[] {
  return listProcesses().filter((p) => p.state !== 'Z' && p.state !== 'X' && p.argv.length > 0 && match(p.argv));
}

/** Polls until `check` returns something truthy (bounded by the test's own timeout, not by a deadline here). */
export async function until<T>(check: () => T | null | undefined | false, intervalMs = 25): Promise<T> {
  for (;;) {
    const value = check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Kills leftovers a failing test found (processes this test started, by id). */
export function killAll(pids: Iterable<number>): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
