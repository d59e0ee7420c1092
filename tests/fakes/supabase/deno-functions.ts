// Starts supabase/functions/<name>/index.ts under real Deno (the deno npm package's binary),
// exactly as tests/edge/deno.test.ts does: PORT=0, the port read from the function's
// "listening on port N" line, the environment given by the caller.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const deno = join(root, 'node_modules', '.bin', 'deno');

export interface RunningFunction {
  name: string;
  child: ChildProcess;
  url: string;
  output: string[];
  stop(): Promise<void>;
}

export function startDenoFunction(name: string, env: Record<string, string>): Promise<RunningFunction> {
  const child = spawn(
    deno,
    ['run', '--no-lock', '--allow-net', '--allow-env', '--allow-read', '--allow-sys', join(root, 'supabase', 'functions', name, 'index.ts')],
    { cwd: root, env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} did not start within 90 s:\n${output.join('')}`));
    }, 90_000);
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      output.push(d.toString());
      const port = /listening on port (\d+)/.exec(output.join(''))?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ name, child, url: `http://127.0.0.1:${port}`, output, stop });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output.join('')}`));
    });
  });
}
