/**
 * `tsx electron/build/native-abi.ts node|electron`: makes better-sqlite3 fit that runtime, rebuilding
 * only when it does not (a read of one file otherwise: no network, no child process).
 * Node: `npm rebuild better-sqlite3`. Electron: `electron-builder install-app-deps`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HEADER_BYTES, readExecutableHeader } from './executable-header';
import { moduleAbiOf, planNativeRebuild, type ElectronBuildMarker, type NativeBinaryState, type RebuildTarget, type Runtime } from './native-abi-plan';

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const binaryPath = path.join(packageDir, 'build', 'Release', 'better_sqlite3.node');
const markerPath = path.join(packageDir, 'build', 'Release', '.echoes-electron-build.json');

function readState(): NativeBinaryState {
  let binary: Buffer | null = null;
  try {
    binary = readFileSync(binaryPath);
  } catch {
    binary = null;
  }
  let marker: ElectronBuildMarker | null = null;
  try {
    marker = JSON.parse(readFileSync(markerPath, 'utf8')) as ElectronBuildMarker;
  } catch {
    marker = null;
  }
  return {
    abi: binary ? moduleAbiOf(binary) : null,
    archs: binary ? (readExecutableHeader(binary.subarray(0, HEADER_BYTES))?.archs ?? []) : [],
    marker,
  };
}

function run(command: string, args: string[]): void {
  // The child's output goes to stderr: `npm run echoes -- render --json` keeps a clean stdout.
  const result = spawnSync(command, args, { stdio: ['inherit', 2, 2], shell: process.platform === 'win32' && !path.isAbsolute(command) });
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed (${result.error?.message ?? `exit code ${result.status}`})`);
}

function rebuild(runtime: Runtime, electronVersion: string): void {
  if (runtime === 'node') {
    const npmCli = process.env.npm_execpath;
    if (npmCli && /npm-cli\.c?js$/.test(npmCli)) run(process.execPath, [npmCli, 'rebuild', 'better-sqlite3']);
    else run('npm', ['rebuild', 'better-sqlite3']);
    return;
  }
  run(process.execPath, [require.resolve('electron-builder/cli.js'), 'install-app-deps']);
  const abi = moduleAbiOf(readFileSync(binaryPath));
  if (abi !== null) writeFileSync(markerPath, JSON.stringify({ electronVersion, abi, arch: process.arch } satisfies ElectronBuildMarker));
}

function main(argv: string[]): number {
  const runtime = argv[0];
  if (runtime !== 'node' && runtime !== 'electron') {
    console.error('usage: tsx electron/build/native-abi.ts node|electron');
    return 2;
  }
  const nodeAbi = Number(process.versions.modules);
  const electronVersion = runtime === 'electron' ? (require('electron/package.json') as { version: string }).version : '';
  const target: RebuildTarget = runtime === 'node' ? { runtime, nodeAbi, arch: process.arch } : { runtime, nodeAbi, arch: process.arch, electronVersion };
  const plan = planNativeRebuild(target, readState());
  if (!plan.rebuild) return 0;
  console.error(`${plan.reason}: rebuilding it for ${runtime === 'node' ? `Node ${process.version}` : `Electron ${electronVersion}`}`);
  rebuild(runtime, electronVersion);
  const after = planNativeRebuild(target, readState());
  if (after.rebuild) {
    console.error(`better-sqlite3 still does not fit ${runtime} after the rebuild: ${after.reason}`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
