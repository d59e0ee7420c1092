/**
 * The built app (dist/renderer and dist-electron) as `npm run build` makes it, for the tests that
 * load the bundles or package them. Built at most once per source state: the build records a hash
 * of its sources, and a lock keeps two test files from building at the same time.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const SOURCES = ['electron', 'renderer', 'shared', 'package.json', 'package-lock.json', 'vite.config.ts', 'tsconfig.json'];
// outside dist-electron/, which electron-builder packs whole; named after the checkout, since copies of
// the repository may share one node_modules (a worktree linking it, Stryker's sandbox) and each has its own build
const checkout = createHash('sha256').update(repoRoot).digest('hex').slice(0, 12);
const stampFile = join(repoRoot, 'node_modules', '.cache', `echoes-build-${checkout}.stamp`);
const lockDir = join(repoRoot, 'node_modules', '.cache', `echoes-build-${checkout}.lock`);

function addToHash(hash: ReturnType<typeof createHash>, path: string): void {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    for (const name of readdirSync(path).sort()) addToHash(hash, join(path, name));
    return;
  }
  hash.update(path.slice(repoRoot.length));
  hash.update(readFileSync(path));
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const source of SOURCES) addToHash(hash, join(repoRoot, source));
  return hash.digest('hex');
}

const upToDate = (hash: string) => existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash && existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'));

function tryLock(): boolean {
  mkdirSync(join(lockDir, '..'), { recursive: true });
  try {
    mkdirSync(lockDir);
    return true;
  } catch {
    // a lock left by a killed run (older than ten minutes) is taken over
    if (Date.now() - statSync(lockDir).mtimeMs > 10 * 60_000) {
      rmSync(lockDir, { recursive: true, force: true });
      return tryLock();
    }
    return false;
  }
}

/** Builds the app in the repository unless this source state was built already; resolves with the repository root. */
export async function ensureBuiltApp(): Promise<string> {
  const hash = sourceHash();
  for (;;) {
    if (upToDate(hash)) return repoRoot;
    if (tryLock()) break;
    // another test file is building: wait for it (a wait, not an assertion)
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
  try {
    if (!upToDate(hash)) {
      execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ECHOES_SUPABASE_URL: '', ECHOES_SUPABASE_ANON_KEY: '' } });
      mkdirSync(join(stampFile, '..'), { recursive: true });
      writeFileSync(stampFile, hash);
    }
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
  return repoRoot;
}
