import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FfmpegNotFoundError } from './errors';
import { execCapture } from './exec';
import { parseFfmpegVersion, supportsXfade, type FfmpegVersion } from './version';

export type FfmpegSource = 'FFMPEG_PATH' | 'bundled' | 'ffmpeg-static' | 'PATH';

export interface FfmpegLocation {
  ffmpegPath: string;
  /** Only for tools and tests: the app never needs ffprobe (ffmpeg-static ships none). */
  ffprobePath?: string;
  /** Version as printed by `ffmpeg -version`, e.g. "5.1.9-0+deb12u1". */
  version: string;
  versionInfo: FfmpegVersion;
  source: FfmpegSource;
}

export interface LocateOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** A binary shipped by the shell (electron-builder extraResources), checked after FFMPEG_PATH. */
  bundledPath?: string | null;
  /** Overrides how the ffmpeg-static binary is found (tests); return null when absent. */
  resolveFfmpegStatic?: () => string | null;
}

export const INSTALL_HINT =
  'Install FFmpeg 4.3 or newer (macOS: `brew install ffmpeg`; Windows: `winget install ffmpeg`; ' +
  'Debian/Ubuntu: `sudo apt install ffmpeg`) or set FFMPEG_PATH to the ffmpeg binary.';

let cached: Promise<FfmpegLocation> | null = null;
let shellBundledPath: string | null = null;

/**
 * The binary the shell ships (the packaged app's <resources>/ffmpeg/ffmpeg), used by every later
 * locateFfmpeg() call that does not name its own bundledPath. The Electron main process sets it
 * before building the studio, whose services call locateFfmpeg() without options.
 */
export function setBundledFfmpegPath(path: string | null): void {
  shellBundledPath = path;
  cached = null;
}

/**
 * Finds a usable FFmpeg: FFMPEG_PATH, else the bundled binary, else ffmpeg-static's binary,
 * else `ffmpeg` on PATH. Checks that it runs and supports xfade (>= 4.3).
 * Without options the answer is cached for the process.
 */
export function locateFfmpeg(options?: LocateOptions): Promise<FfmpegLocation> {
  if (options) return locateUncached({ bundledPath: shellBundledPath, ...options });
  if (!cached) {
    cached = locateUncached({ bundledPath: shellBundledPath });
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

export function clearFfmpegLocationCache(): void {
  cached = null;
}

async function locateUncached(options: LocateOptions): Promise<FfmpegLocation> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const problems: string[] = [];

  const fromEnv = env.FFMPEG_PATH?.trim();
  if (fromEnv) {
    if (isWindowsScript(fromEnv, platform)) throw new FfmpegNotFoundError(`FFMPEG_PATH is set to "${fromEnv}". ${SCRIPT_HINT} ${INSTALL_HINT}`);
    if (!isExecutableFile(fromEnv, platform)) {
      throw new FfmpegNotFoundError(`FFMPEG_PATH is set to "${fromEnv}", which is not an executable file. ${INSTALL_HINT}`);
    }
    const checked = await checkCandidate(fromEnv);
    if (typeof checked === 'string') throw new FfmpegNotFoundError(`FFMPEG_PATH "${fromEnv}": ${checked} ${INSTALL_HINT}`);
    return finish(fromEnv, checked, 'FFMPEG_PATH', env, platform);
  }

  const candidates: Array<[FfmpegSource, string | null]> = [
    ['bundled', options.bundledPath ?? null],
    ['ffmpeg-static', (options.resolveFfmpegStatic ?? resolveFfmpegStatic)()],
    ['PATH', findOnPath('ffmpeg', env, platform)],
  ];
  for (const [source, candidate] of candidates) {
    if (!candidate) continue;
    if (!isExecutableFile(candidate, platform)) {
      problems.push(`${source}: "${candidate}" is not an executable file`);
      continue;
    }
    const checked = await checkCandidate(candidate);
    if (typeof checked === 'string') {
      problems.push(`${source}: "${candidate}" ${checked}`);
      continue;
    }
    return finish(candidate, checked, source, env, platform);
  }
  for (const shim of windowsScriptsOnPath('ffmpeg', env, platform)) problems.push(`PATH: "${shim}" skipped. ${SCRIPT_HINT}`);
  const tried = problems.length ? ` Tried: ${problems.join('; ')}.` : '';
  throw new FfmpegNotFoundError(`FFmpeg was not found.${tried} ${INSTALL_HINT}`);
}

function finish(
  ffmpegPath: string,
  versionInfo: FfmpegVersion,
  source: FfmpegSource,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): FfmpegLocation {
  const sibling = path.join(path.dirname(ffmpegPath), exeName('ffprobe', platform));
  const ffprobePath = isExecutableFile(sibling, platform) ? sibling : findOnPath('ffprobe', env, platform);
  return { ffmpegPath, ...(ffprobePath ? { ffprobePath } : {}), version: versionInfo.raw, versionInfo, source };
}

/** Returns the parsed version, or a string saying why the binary is unusable. */
async function checkCandidate(file: string): Promise<FfmpegVersion | string> {
  let versionOut;
  try {
    versionOut = await execCapture(file, ['-hide_banner', '-version'], { timeoutMs: 15_000 });
  } catch (e) {
    return `could not be run (${(e as Error).message}).`;
  }
  if (versionOut.code !== 0) return `exited with code ${versionOut.code} on -version.`;
  const version = parseFfmpegVersion(versionOut.stdout);
  if (!supportsXfade(version)) return `is version ${version.raw}; the studio needs 4.3 or newer (xfade).`;
  const xfade = await execCapture(file, ['-hide_banner', '-h', 'filter=xfade'], { timeoutMs: 15_000 });
  if (!/Filter xfade/.test(xfade.stdout)) return `(version ${version.raw}) was built without the xfade filter.`;
  return version;
}

function resolveFfmpegStatic(): string | null {
  const req = nodeRequire();
  if (!req) return null;
  let binary: string | null = null;
  try {
    const exported: unknown = req('ffmpeg-static');
    if (typeof exported === 'string') binary = exported;
  } catch {
    try {
      binary = path.join(path.dirname(req.resolve('ffmpeg-static')), exeName('ffmpeg', process.platform));
    } catch {
      return null;
    }
  }
  if (!binary) return null;
  const unpacked = asarUnpackedPath(binary);
  if (existsSync(unpacked)) return unpacked;
  return existsSync(binary) ? binary : null;
}

/**
 * Inside a packaged Electron app a binary can only be executed from the copy electron-builder's
 * asarUnpack puts next to the archive: .../resources/app.asar/node_modules/x -> .../app.asar.unpacked/node_modules/x.
 * Only a whole `app.asar` path segment is rewritten; other paths come back unchanged.
 */
export function asarUnpackedPath(file: string, sep: string = path.sep): string {
  const segment = `${sep}app.asar${sep}`;
  const at = file.indexOf(segment);
  if (at === -1) return file;
  return `${file.slice(0, at)}${sep}app.asar.unpacked${sep}${file.slice(at + segment.length)}`;
}

function nodeRequire(): NodeRequire | null {
  try {
    return createRequire(import.meta.url);
  } catch {
    // Bundled to CommonJS (Electron main): import.meta.url is empty there, but require exists.
    return typeof require === 'function' ? require : null;
  }
}

/**
 * Node starts only real executables without a shell: since the fix for CVE-2024-27980 it refuses
 * to spawn a .cmd or .bat (EINVAL), and a shell is never used here (the arguments hold paths).
 * Package managers put such shims on PATH (scoop, npm's ffmpeg wrappers), so they are skipped.
 */
const SCRIPT_HINT = 'A .cmd or .bat script cannot be started without a shell; set FFMPEG_PATH to the ffmpeg.exe it runs.';

function isWindowsScript(file: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' && /\.(cmd|bat)$/i.test(file);
}

function pathCandidates(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
  const names =
    platform === 'win32'
      ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean).map((ext) => name + ext.toLowerCase())
      : [name];
  return dirs.flatMap((dir) => names.map((n) => path.join(dir, n))).filter((candidate) => isExecutableFile(candidate, platform));
}

/** The first real executable called `name` on PATH (on Windows: .exe or .com, never a .cmd/.bat shim). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  return pathCandidates(name, env, platform).find((candidate) => !isWindowsScript(candidate, platform)) ?? null;
}

/** The .cmd / .bat shims called `name` on PATH, for saying why they were skipped. */
export function windowsScriptsOnPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  return pathCandidates(name, env, platform).filter((candidate) => isWindowsScript(candidate, platform));
}

function exeName(name: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${name}.exe` : name;
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
