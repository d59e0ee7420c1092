import { spawn } from 'node:child_process';
import { guardChild } from './watchdog';

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a short FFmpeg command (version, probe, test encode) to completion and captures its output.
 * Never a shell: the args go straight to the process. Kills the process on timeout.
 */
export function execCapture(
  file: string,
  args: readonly string[],
  options: { timeoutMs?: number; maxOutputBytes?: number } = {},
): Promise<ExecResult> {
  const { timeoutMs = 30_000, maxOutputBytes = 4 * 1024 * 1024 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const release = guardChild(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    child.stdout.on('data', (b: Buffer) => {
      if (outBytes < maxOutputBytes) out.push(b);
      outBytes += b.length;
    });
    child.stderr.on('data', (b: Buffer) => {
      if (errBytes < maxOutputBytes) err.push(b);
      errBytes += b.length;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      release();
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      release();
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        code: timedOut ? null : code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: timedOut ? `${stderr}\n(timed out after ${timeoutMs} ms)` : stderr,
      });
    });
  });
}
