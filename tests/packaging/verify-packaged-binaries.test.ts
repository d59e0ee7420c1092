import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPackagedBinaries } from '../../electron/build/verify-packaged-binaries';
import { ELF, elf, MACHO, macho, PE, pe } from '../support/executable-bytes';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-verify-natives-');

const BIN = {
  linux: { x64: elf(ELF.x64), arm64: elf(ELF.arm64) },
  win32: { x64: pe(PE.x64), arm64: pe(PE.arm64) },
  darwin: { x64: macho(MACHO.x64), arm64: macho(MACHO.arm64) },
} as const;
const ARCH = { x64: 1, arm64: 3 } as const;
type Os = keyof typeof BIN;
type Cpu = keyof typeof ARCH;

/** A packed app as electron-builder lays it out: FFmpeg in <resources>/ffmpeg, the natives in app.asar.unpacked. */
function packedApp(os: Os, files: Record<string, Buffer | string>) {
  const appOutDir = tempDir();
  const resources = os === 'darwin' ? path.join(appOutDir, 'Echoes Studio.app', 'Contents', 'Resources') : path.join(appOutDir, 'resources');
  for (const [relative, bytes] of Object.entries(files)) {
    const file = path.join(resources, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  return appOutDir;
}

/** What `npm ci` + electron-builder put in a build for os/cpu, each binary built for `built`. */
function natives(os: Os, cpu: Cpu, built: Cpu = cpu): Record<string, Buffer | string> {
  const bin = BIN[os][built];
  const u = 'app.asar.unpacked/node_modules';
  const common = {
    [`ffmpeg/${os === 'win32' ? 'ffmpeg.exe' : 'ffmpeg'}`]: bin,
    [`${u}/better-sqlite3/build/Release/better_sqlite3.node`]: bin,
    [`${u}/better-sqlite3/lib/index.js`]: 'module.exports = {}',
    [`${u}/sharp/lib/index.js`]: 'module.exports = {}',
    [`${u}/@img/sharp-${os}-${cpu}/lib/sharp-${os}-${cpu}.node`]: bin,
  };
  if (os === 'win32') return { ...common, [`${u}/@img/sharp-win32-${cpu}/lib/libvips-42.dll`]: bin, [`${u}/@img/sharp-win32-${cpu}/lib/libvips-cpp-8.17.3.dll`]: bin };
  if (os === 'darwin') return { ...common, [`${u}/@img/sharp-libvips-darwin-${cpu}/lib/libvips-cpp.8.17.3.dylib`]: bin };
  return { ...common, [`${u}/@img/sharp-libvips-linux-${cpu}/lib/libvips-cpp.so.8.17.3`]: bin };
}

const quiet = () => undefined;
const check = (os: Os, cpu: Cpu, files: Record<string, Buffer | string>) =>
  verifyPackagedBinaries({ appOutDir: packedApp(os, files), electronPlatformName: os, arch: ARCH[cpu], packager: { appInfo: { productFilename: 'Echoes Studio' } } }, quiet);

describe('afterPack check of every native binary', () => {
  it.each([
    ['darwin', 'arm64'],
    ['darwin', 'x64'],
    ['win32', 'x64'],
    ['win32', 'arm64'],
    ['linux', 'x64'],
  ] as const)('passes a %s %s build whose binaries are all its own', async (os, cpu) => {
    const lines: string[] = [];
    const appOutDir = packedApp(os, natives(os, cpu));
    await verifyPackagedBinaries({ appOutDir, electronPlatformName: os, arch: ARCH[cpu], packager: { appInfo: { productFilename: 'Echoes Studio' } } }, (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(new RegExp(`native binaries for ${os} ${cpu} checked: .*better_sqlite3\\.node`));
  });

  it('refuses a Mac x64 dmg built on arm64: sharp, libvips and better-sqlite3 of the build machine', async () => {
    // what `npm ci` on an Apple Silicon Mac installs, packed for x64 (with the right FFmpeg)
    const files = { ...natives('darwin', 'arm64'), 'ffmpeg/ffmpeg': BIN.darwin.x64 };
    const error = await check('darwin', 'x64', files).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/The darwin x64 build carries native binaries it cannot run/);
    expect(message).toMatch(/better-sqlite3\/build\/Release\/better_sqlite3\.node is a macOS \(Mach-O\) binary for arm64, but the target is darwin x64/);
    expect(message).toMatch(/@img\/sharp-darwin-arm64\/lib\/sharp-darwin-arm64\.node is a macOS/);
    expect(message).toMatch(/libvips-cpp\.8\.17\.3\.dylib is a macOS \(Mach-O\) binary for arm64/);
    expect(message).toMatch(/sharp \(@img\/sharp-darwin-x64\) is missing/);
    expect(message).toMatch(/npm run dist:mac-arm64/);
  });

  it('refuses a Windows arm64 build carrying x64 natives, and an x64 FFmpeg', async () => {
    await expect(check('win32', 'arm64', natives('win32', 'arm64', 'x64'))).rejects.toThrow(/FFmpeg packaged for win32 arm64 .* is a Windows \(PE\) binary for x64/);
    const files = { ...natives('win32', 'arm64', 'x64'), 'ffmpeg/ffmpeg.exe': BIN.win32.arm64 };
    await expect(check('win32', 'arm64', files)).rejects.toThrow(/better_sqlite3\.node is a Windows \(PE\) binary for x64, but the target is win32 arm64/);
  });

  it('refuses a build where a native module is missing, or carries another platform\'s binary', async () => {
    const withoutSqlite = natives('linux', 'x64');
    delete withoutSqlite['app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'];
    await expect(check('linux', 'x64', withoutSqlite)).rejects.toThrow(/better-sqlite3 \(build\/Release\/better_sqlite3\.node\) is missing/);
    const stray = { ...natives('linux', 'x64'), 'app.asar.unpacked/node_modules/@img/sharp-darwin-x64/lib/sharp-darwin-x64.node': BIN.darwin.x64 };
    await expect(check('linux', 'x64', stray)).rejects.toThrow(/sharp-darwin-x64\.node is a macOS \(Mach-O\) binary for x64, but the target is linux x64/);
  });
});
