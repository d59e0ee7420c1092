import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * FFmpeg must not outlive the studio: a killed CLI or app (kill -9, a crash) runs no exit handler,
 * and FFmpeg ignores both a closed progress pipe and EOF on stdin. So one small Node process per
 * studio process holds a pipe from us and the pids of our running FFmpeg children; when that pipe
 * closes (we exited or died, for whatever reason), it kills every pid still listed and exits.
 * It ignores Ctrl+C and SIGTERM sent to the process group: it leaves only when its pipe closes.
 */
const GUARD_SOURCE = `
const pids = new Set();
let pending = '';
let ending = false;
const running = (pid) => {
  try { process.kill(pid, 0); } catch { return false; }
  try {
    const stat = require('fs').readFileSync('/proc/' + pid + '/stat', 'utf8');
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state !== 'Z' && state !== 'X';
  } catch { return true; }
};
const endAll = () => {
  if (ending) return;
  ending = true;
  for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch {} }
  // Leave once they are gone (or after 2 s): whoever watches this process knows they are dead.
  const deadline = Date.now() + 2000;
  const wait = () => ([...pids].some(running) && Date.now() < deadline ? setTimeout(wait, 10) : process.exit(0));
  wait();
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) { try { process.on(signal, () => {}); } catch {} }
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let at = pending.indexOf('\\n'); at >= 0; at = pending.indexOf('\\n')) {
    const line = pending.slice(0, at);
    pending = pending.slice(at + 1);
    const pid = Number(line.slice(1));
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (line[0] === '+') pids.add(pid); else pids.delete(pid);
  }
});
process.stdin.on('end', endAll);
process.stdin.on('close', endAll);
process.stdin.on('error', endAll);
`;

/** Marks the guard in a process list: `ps` shows it as `... echoes-ffmpeg-watchdog <our pid>`. */
export const WATCHDOG_MARK = 'echoes-ffmpeg-watchdog';

let guard: { process: ChildProcess; pipe: Socket } | null | 'unavailable' = null;

/**
 * Inside Electron the guard cannot be plain Node: the packaged app's RunAsNode fuse is off, so
 * ELECTRON_RUN_AS_NODE is ignored and spawning execPath would start a second copy of the app
 * (which the single-instance lock turns into a focus of the first). There FFmpeg runs unguarded.
 */
export function canStartGuard(versions: NodeJS.ProcessVersions = process.versions): boolean {
  return !versions.electron;
}

function startGuard(): { process: ChildProcess; pipe: Socket } | null {
  if (guard === 'unavailable') return null;
  if (guard) return guard;
  if (!canStartGuard()) {
    guard = 'unavailable';
    return null;
  }
  try {
    const child = spawn(process.execPath, ['-e', GUARD_SOURCE, WATCHDOG_MARK, String(process.pid)], {
      stdio: ['pipe', 'ignore', 'ignore'],
      windowsHide: true,
    });
    const pipe = child.stdin as Socket;
    const lose = () => {
      // The guard is gone (it could not start, or was killed): the next run starts a new one.
      if (guard && guard !== 'unavailable' && guard.process === child) guard = null;
    };
    child.on('error', () => {
      lose();
      guard = 'unavailable';
    });
    child.on('exit', lose);
    pipe.on('error', lose);
    // Neither the guard nor its pipe keeps this process alive.
    child.unref();
    pipe.unref();
    guard = { process: child, pipe };
    return guard;
  } catch {
    guard = 'unavailable';
    return null;
  }
}

/**
 * Puts a running child under the guard; call the returned function once it has exited.
 * Without a guard (the platform cannot start one) the child simply runs unguarded.
 */
export function guardChild(child: ChildProcess): () => void {
  const pid = child.pid;
  if (!pid) return () => {};
  const current = startGuard();
  if (!current) return () => {};
  current.pipe.write(`+${pid}\n`);
  return () => {
    if (guard === current && !current.pipe.destroyed) current.pipe.write(`-${pid}\n`);
  };
}
