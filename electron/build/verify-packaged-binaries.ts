/**
 * electron-builder afterPack check (wired by after-pack.mjs): every native binary the packed app ships
 * must run on the platform and CPU being built. electron-builder copies what `npm ci` installed, so a
 * second CPU's build (a Mac x64 dmg on arm64, Windows arm64) would otherwise carry the build machine's
 * sharp, libvips and better_sqlite3.node, and crash at launch. Reads each binary's header.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { checkBinaryForTarget, readExecutableHeader, type ExecutableInfo, type PackTarget } from './executable-header';
import { archName, readHead, resourcesDirOf, verifyPackagedFfmpeg, type AfterPackFacts } from './verify-ffmpeg';

export interface FoundBinary {
  /** Path below app.asar.unpacked, with forward slashes. */
  relative: string;
  info: ExecutableInfo;
}

/** The native libraries that must be there for the app to start: better-sqlite3, sharp and its libvips. */
export function requiredNatives(target: PackTarget): Array<{ name: string; matches: (relative: string) => boolean }> {
  const os = target.platform === 'mas' ? 'darwin' : target.platform;
  const sharpPackage = new RegExp(`node_modules/@img/sharp-${os === 'linux' ? '(linux|linuxmusl)' : os}-${target.arch}/`);
  return [
    { name: 'better-sqlite3 (build/Release/better_sqlite3.node)', matches: (rel) => rel.endsWith('node_modules/better-sqlite3/build/Release/better_sqlite3.node') },
    { name: `sharp (@img/sharp-${os}-${target.arch})`, matches: (rel) => sharpPackage.test(rel) && rel.endsWith('.node') },
    { name: 'libvips (sharp\'s image library)', matches: (rel) => /\/libvips[^/]*$/.test(rel) },
  ];
}

/** What is wrong with a packed app's native binaries for the target; empty when nothing is. */
export function nativeProblems(found: readonly FoundBinary[], target: PackTarget): string[] {
  const problems: string[] = [];
  for (const binary of found) {
    const verdict = checkBinaryForTarget(binary.info, target);
    if (!verdict.ok) problems.push(`${binary.relative} ${verdict.problem}`);
  }
  for (const need of requiredNatives(target)) {
    if (!found.some((binary) => need.matches(binary.relative))) problems.push(`${need.name} is missing from app.asar.unpacked`);
  }
  return problems;
}

/** Every file under `dir` whose first bytes are an ELF, PE or Mach-O header. */
export async function findBinaries(dir: string): Promise<FoundBinary[]> {
  const found: FoundBinary[] = [];
  let entries: string[];
  try {
    entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  } catch {
    return found;
  }
  for (const file of entries.sort()) {
    const head = await readHead(file);
    const info = head ? readExecutableHeader(head) : null;
    if (info) found.push({ relative: path.relative(dir, file).split(path.sep).join('/'), info });
  }
  return found;
}

const HOW_TO_FIX =
  'electron-builder packs the node_modules that npm installed: build one platform and CPU per run with its script ' +
  '(`npm run dist:mac-arm64`, `dist:mac-x64`, `dist:win-x64`, `dist:win-arm64`), which installs that CPU\'s packages first (electron/build/prepare-target.ts).';

/** Throws (failing the build) when FFmpeg or a native module is missing or built for another platform or CPU. */
export async function verifyPackagedBinaries(context: AfterPackFacts, log: (line: string) => void = console.log): Promise<void> {
  await verifyPackagedFfmpeg(context, log);
  const target: PackTarget = { platform: context.electronPlatformName, arch: archName(context.arch) };
  const unpacked = path.join(resourcesDirOf(context), 'app.asar.unpacked');
  const found = await findBinaries(unpacked);
  const problems = nativeProblems(found, target);
  if (problems.length > 0) {
    throw new Error(`The ${target.platform} ${target.arch} build carries native binaries it cannot run (${unpacked}):\n  - ${problems.join('\n  - ')}\n${HOW_TO_FIX}`);
  }
  log(`  • ${found.length} native binaries for ${target.platform} ${target.arch} checked: ${found.map((b) => b.relative).join(', ')}`);
}
