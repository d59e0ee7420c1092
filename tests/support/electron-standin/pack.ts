/**
 * Runs electron-builder --linux --dir on the repository the way `npm run dist` would, against the
 * stand-in Electron folder (electronDist), with npmRebuild off (the Node build of better-sqlite3 stays,
 * so the packed main.cjs can be loaded under Node) and the FFmpeg given, into a folder of the test's.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { writeElectronDist } from './electron-dist';

export interface PackResult {
  code: number;
  output: string;
  appOutDir: string;
  resourcesDir: string;
  executable: string;
}

interface BuilderConfig {
  directories: Record<string, string>;
  extraResources: Array<{ from: string; to: string }>;
  [key: string]: unknown;
}

export function packLinuxDir(options: { root: string; work: string; arch: 'x64' | 'arm64'; ffmpeg: string | Buffer }): Promise<PackResult> {
  const electronDist = writeElectronDist(join(options.work, 'electron-dist'), options.arch);
  const ffmpegDir = join(options.work, 'ffmpeg-static');
  mkdirSync(ffmpegDir, { recursive: true });
  if (typeof options.ffmpeg === 'string') copyFileSync(options.ffmpeg, join(ffmpegDir, 'ffmpeg'));
  else writeFileSync(join(ffmpegDir, 'ffmpeg'), options.ffmpeg);

  const config = parse(readFileSync(join(options.root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  const output = join(options.work, 'out');
  const overridden = {
    ...config,
    electronDist,
    npmRebuild: false,
    directories: { ...config.directories, output },
    extraResources: config.extraResources.map((entry) => (entry.to === 'ffmpeg' ? { ...entry, from: ffmpegDir } : entry)),
  };
  const configFile = join(options.work, 'electron-builder.json');
  writeFileSync(configFile, JSON.stringify(overridden, null, 2));

  const appOutDir = join(output, options.arch === 'x64' ? 'linux-unpacked' : `linux-${options.arch}-unpacked`);
  const cli = join(options.root, 'node_modules', 'electron-builder', 'cli.js');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, '--linux', 'dir', `--${options.arch}`, '--config', configFile, '--publish', 'never'],
      { cwd: options.root, env: { ...process.env, CI: 'true' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}`, appOutDir, resourcesDir: join(appOutDir, 'resources'), executable: join(appOutDir, 'echoes-studio') });
      },
    );
  });
}
