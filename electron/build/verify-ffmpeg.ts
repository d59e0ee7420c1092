/**
 * electron-builder afterPack check (wired by after-pack.mjs): the packaged app must hold an FFmpeg for
 * the platform and CPU being built. ffmpeg-static downloads only the build machine's binary, so a
 * second arch (dmg x64 on an arm64 Mac, nsis arm64) would otherwise ship a binary that cannot run.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { bundledFfmpegPath } from '../main/bundled-ffmpeg';
import { checkBinaryForTarget, HEADER_BYTES, readExecutableHeader } from './executable-header';

/** The parts of electron-builder's AfterPackContext this check reads. */
export interface AfterPackFacts {
  appOutDir: string;
  electronPlatformName: string;
  /** electron-builder's Arch enum value. */
  arch: number;
  packager: { getResourcesDir?(appOutDir: string): string; appInfo?: { productFilename: string } };
}

/** builder-util's Arch enum: ia32 = 0, x64 = 1, armv7l = 2, arm64 = 3, universal = 4. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** builder-util's Arch enum value as its name. */
export function archName(arch: number): string {
  return ARCH_NAMES[arch] ?? `arch #${arch}`;
}

const HOW_TO_FIX =
  'ffmpeg-static downloads the binary of the machine it is installed on: build one platform and CPU per run with its script ' +
  '(`npm run dist:mac-arm64`, `dist:mac-x64`, `dist:win-x64`, `dist:win-arm64`), which fetches that CPU\'s FFmpeg first ' +
  '(electron/build/prepare-target.ts; for Windows arm64 set ECHOES_FFMPEG_BINARY to an arm64 ffmpeg.exe).';

/** <resources> of the packed app: Contents/Resources on macOS, resources/ elsewhere. */
export function resourcesDirOf(context: AfterPackFacts): string {
  if (context.packager.getResourcesDir) return context.packager.getResourcesDir(context.appOutDir);
  if (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') {
    return path.join(context.appOutDir, `${context.packager.appInfo?.productFilename ?? 'Echoes Studio'}.app`, 'Contents', 'Resources');
  }
  return path.join(context.appOutDir, 'resources');
}

export async function readHead(file: string): Promise<Uint8Array | null> {
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/** Throws (failing the build) when the packaged FFmpeg is missing or built for another platform or CPU. */
export async function verifyPackagedFfmpeg(context: AfterPackFacts, log: (line: string) => void = console.log): Promise<void> {
  const platform = context.electronPlatformName;
  const arch = archName(context.arch);
  const file = bundledFfmpegPath(resourcesDirOf(context), platform as NodeJS.Platform);
  const head = await readHead(file);
  if (!head) throw new Error(`FFmpeg is missing from the ${platform} ${arch} build: expected ${file} (extraResources from node_modules/ffmpeg-static). ${HOW_TO_FIX}`);
  const verdict = checkBinaryForTarget(readExecutableHeader(head), { platform, arch });
  if (!verdict.ok) throw new Error(`The FFmpeg packaged for ${platform} ${arch} (${file}) ${verdict.problem}. ${HOW_TO_FIX}`);
  log(`  • FFmpeg for ${platform} ${arch} checked: ${file}`);
}
