/**
 * `tsx electron/build/prepare-target.ts <darwin|win32> <x64|arm64>` (the dist:* scripts run it first):
 * installs the native packages of the platform and CPU about to be packaged, because electron-builder
 * packs the node_modules npm installed. sharp's binaries come from @img/sharp-<os>-<arch>; FFmpeg from
 * ffmpeg-static, which downloads one platform's binary; better-sqlite3 is rebuilt for the target CPU by
 * electron-builder itself (npmRebuild). The afterPack check (verify-packaged-binaries.ts) then reads
 * every binary that ships. After a build for another CPU, `npm ci` puts this machine's packages back.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export type TargetOs = 'darwin' | 'win32' | 'linux';
export type TargetArch = 'x64' | 'arm64';

export type PrepareStep =
  | { kind: 'run'; command: string; args: string[]; env?: Record<string, string>; why: string }
  | { kind: 'remove'; path: string; why: string }
  | { kind: 'copy'; from: string; to: string; why: string };

export function ffmpegStaticBinary(root: string, os: TargetOs): string {
  return path.join(root, 'node_modules', 'ffmpeg-static', os === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
}

/**
 * The steps for one target. `ffmpegBinary` (ECHOES_FFMPEG_BINARY) is an FFmpeg for the target to ship
 * instead of ffmpeg-static's download; required for Windows arm64, which ffmpeg-static does not build.
 */
export function planTargetPreparation(root: string, os: TargetOs, arch: TargetArch, ffmpegBinary: string | undefined): PrepareStep[] {
  const steps: PrepareStep[] = [
    {
      kind: 'run',
      command: 'npm',
      args: ['install', '--no-save', '--no-audit', '--no-fund', `--os=${os}`, `--cpu=${arch}`, 'sharp'],
      why: `sharp's native package for ${os} ${arch} (@img/sharp-${os}-${arch} and its libvips)`,
    },
  ];
  const binary = ffmpegStaticBinary(root, os);
  if (ffmpegBinary) {
    steps.push({ kind: 'copy', from: ffmpegBinary, to: binary, why: `the FFmpeg given in ECHOES_FFMPEG_BINARY for ${os} ${arch}` });
    return steps;
  }
  if (os === 'win32' && arch === 'arm64') {
    throw new Error('ffmpeg-static publishes no Windows arm64 FFmpeg: set ECHOES_FFMPEG_BINARY to an arm64 ffmpeg.exe (e.g. a win-arm64 static build you trust) and run this again.');
  }
  steps.push(
    { kind: 'remove', path: binary, why: "ffmpeg-static's install keeps a binary that is already there, whatever its CPU" },
    {
      kind: 'run',
      command: process.execPath,
      args: [path.join(root, 'node_modules', 'ffmpeg-static', 'install.js')],
      env: { npm_config_platform: os, npm_config_arch: arch },
      why: `ffmpeg-static's FFmpeg for ${os} ${arch}`,
    },
  );
  return steps;
}

function execute(step: PrepareStep): void {
  console.error(`• ${step.why}`);
  if (step.kind === 'remove') return rmSync(step.path, { force: true });
  if (step.kind === 'copy') {
    mkdirSync(path.dirname(step.to), { recursive: true });
    return copyFileSync(step.from, step.to);
  }
  const result = spawnSync(step.command, step.args, { stdio: 'inherit', env: { ...process.env, ...step.env }, shell: process.platform === 'win32' && step.command === 'npm' });
  if (result.status !== 0) throw new Error(`${[step.command, ...step.args].join(' ')} failed (${result.error?.message ?? `exit code ${result.status}`})`);
}

function main(argv: string[]): number {
  const [os, arch] = argv;
  if (!(os === 'darwin' || os === 'win32' || os === 'linux') || !(arch === 'x64' || arch === 'arm64')) {
    console.error('usage: tsx electron/build/prepare-target.ts darwin|win32|linux x64|arm64');
    return 2;
  }
  for (const step of planTargetPreparation(process.cwd(), os, arch, process.env.ECHOES_FFMPEG_BINARY || undefined)) execute(step);
  if (os !== process.platform || arch !== process.arch) console.error(`node_modules now holds ${os} ${arch} binaries: run \`npm ci\` after packaging to get this machine's back.`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
