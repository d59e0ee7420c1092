import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBinaryForTarget, readExecutableHeader } from '../../electron/build/executable-header';
import { verifyPackagedFfmpeg } from '../../electron/build/verify-ffmpeg';
import { findOnPath } from '../../electron/services/ffmpeg/locate';
import { elf, fat, macho, pe } from '../support/executable-bytes';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-verify-ffmpeg-');

const X86_64 = 0x01000007;
const ARM64 = 0x0100000c;

describe('executable header', () => {
  it.each([
    ['ELF x86-64', elf(0x3e), { format: 'elf', archs: ['x64'] }],
    ['ELF aarch64', elf(0xb7), { format: 'elf', archs: ['arm64'] }],
    ['ELF i386', elf(0x03), { format: 'elf', archs: ['ia32'] }],
    ['ELF ARM', elf(0x28), { format: 'elf', archs: ['armv7l'] }],
    ['ELF big-endian PowerPC', elf(0x15, true), { format: 'elf', archs: ['other'] }],
    ['PE x64', pe(0x8664), { format: 'pe', archs: ['x64'] }],
    ['PE arm64', pe(0xaa64), { format: 'pe', archs: ['arm64'] }],
    ['PE i386', pe(0x014c, 0xe8), { format: 'pe', archs: ['ia32'] }],
    ['Mach-O x86_64', macho(X86_64), { format: 'macho', archs: ['x64'] }],
    ['Mach-O arm64', macho(ARM64), { format: 'macho', archs: ['arm64'] }],
    ['universal Mach-O', fat(X86_64, ARM64), { format: 'macho', archs: ['x64', 'arm64'] }],
  ])('reads %s', (_name, bytes, expected) => {
    expect(readExecutableHeader(bytes)).toEqual(expected);
  });

  it.each([
    ['a shell script', Buffer.from('#!/bin/sh\nexec ffmpeg "$@"\n')],
    ['an empty file', Buffer.alloc(0)],
    ['a cut-off ELF header', elf(0x3e).subarray(0, 10)],
    ['an MZ stub without a PE header', pe(0x8664).fill(0, 0x80)],
    ['a PE offset past the end', (() => { const b = pe(0x8664); b.writeUInt32LE(0xffff, 0x3c); return b; })()],
    ['a Java class file (also 0xCAFEBABE)', Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x41])],
    ['an HTML error page saved as ffmpeg', Buffer.from('<html><body>404</body></html>')],
  ])('is not an executable: %s', (_name, bytes) => {
    expect(readExecutableHeader(bytes)).toBeNull();
  });

  const machineFfmpeg = findOnPath('ffmpeg', process.env, process.platform);
  it.skipIf(!machineFfmpeg)('reads the FFmpeg on this machine as a binary for this machine (skipped without ffmpeg on PATH)', () => {
    const ffmpeg = machineFfmpeg!;
    const info = readExecutableHeader(readFileSync(ffmpeg).subarray(0, 64 * 1024));
    expect(info?.format).toBe({ linux: 'elf', win32: 'pe', darwin: 'macho' }[process.platform as string]);
    expect(info?.archs).toContain(process.arch);
  });
});

describe('FFmpeg binary against the build target', () => {
  it.each([
    [elf(0x3e), 'linux', 'x64'],
    [macho(ARM64), 'darwin', 'arm64'],
    [macho(X86_64), 'darwin', 'x64'],
    [fat(X86_64, ARM64), 'darwin', 'universal'],
    [fat(X86_64, ARM64), 'darwin', 'arm64'],
    [pe(0x8664), 'win32', 'x64'],
    [pe(0xaa64), 'win32', 'arm64'],
  ] as const)('accepts %#: %s %s', (bytes, platform, arch) => {
    expect(checkBinaryForTarget(readExecutableHeader(bytes), { platform, arch })).toEqual({ ok: true });
  });

  it.each([
    [macho(ARM64), 'darwin', 'x64', /macOS \(Mach-O\) binary for arm64, but the target is darwin x64/],
    [macho(X86_64), 'darwin', 'arm64', /for x64, but the target is darwin arm64/],
    [macho(ARM64), 'darwin', 'universal', /for arm64, but the target is darwin universal/],
    [elf(0x3e), 'darwin', 'x64', /Linux \(ELF\) binary for x64, but the target is darwin x64/],
    [elf(0x3e), 'linux', 'arm64', /for x64, but the target is linux arm64/],
    [pe(0x8664), 'linux', 'x64', /Windows \(PE\) binary/],
    [pe(0x014c), 'win32', 'x64', /for ia32, but the target is win32 x64/],
    [macho(X86_64), 'win32', 'x64', /macOS \(Mach-O\) binary/],
  ] as const)('refuses %#: a binary for the wrong target (%s %s)', (bytes, platform, arch, problem) => {
    const verdict = checkBinaryForTarget(readExecutableHeader(bytes), { platform, arch });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problem).toMatch(problem);
  });

  it('refuses non-executables and unknown platforms', () => {
    expect(checkBinaryForTarget(null, { platform: 'linux', arch: 'x64' })).toEqual({ ok: false, problem: expect.stringMatching(/not an executable/) });
    expect(checkBinaryForTarget(readExecutableHeader(elf(0x3e)), { platform: 'beos', arch: 'x64' }).ok).toBe(false);
  });

  it('refuses an x64 binary in a Windows arm64 build (no emulation exception: native modules cannot load across CPUs)', () => {
    const verdict = checkBinaryForTarget(readExecutableHeader(pe(0x8664)), { platform: 'win32', arch: 'arm64' });
    expect(verdict).toEqual({ ok: false, problem: 'is a Windows (PE) binary for x64, but the target is win32 arm64' });
    expect(checkBinaryForTarget(readExecutableHeader(macho(X86_64)), { platform: 'darwin', arch: 'arm64' }).ok).toBe(false);
  });
});

describe('afterPack check of the packaged app', () => {
  /** A packed app folder the way electron-builder lays it out, with `bytes` as the bundled FFmpeg. */
  function packedApp(platform: 'linux' | 'win32' | 'darwin', bytes: Buffer | null) {
    const appOutDir = tempDir();
    const resources = platform === 'darwin' ? path.join(appOutDir, 'Echoes Studio.app', 'Contents', 'Resources') : path.join(appOutDir, 'resources');
    mkdirSync(path.join(resources, 'ffmpeg'), { recursive: true });
    if (bytes) writeFileSync(path.join(resources, 'ffmpeg', platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg'), bytes);
    return { appOutDir, resources };
  }
  const ARCH = { x64: 1, arm64: 3, universal: 4 } as const;
  const quiet = () => {};

  it('passes when the right binary is there, finding Resources through the packager', async () => {
    const lines: string[] = [];
    const mac = packedApp('darwin', fat(X86_64, ARM64));
    await verifyPackagedFfmpeg({ appOutDir: mac.appOutDir, electronPlatformName: 'darwin', arch: ARCH.universal, packager: { getResourcesDir: () => mac.resources } }, (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/FFmpeg for darwin universal checked/);
    const win = packedApp('win32', pe(0x8664));
    await expect(verifyPackagedFfmpeg({ appOutDir: win.appOutDir, electronPlatformName: 'win32', arch: ARCH.x64, packager: {} }, quiet)).resolves.toBeUndefined();
    const mac2 = packedApp('darwin', macho(ARM64));
    await expect(
      verifyPackagedFfmpeg({ appOutDir: mac2.appOutDir, electronPlatformName: 'darwin', arch: ARCH.arm64, packager: { appInfo: { productFilename: 'Echoes Studio' } } }, quiet),
    ).resolves.toBeUndefined();
  });

  it('fails the build when the binary is missing', async () => {
    const { appOutDir } = packedApp('linux', null);
    await expect(verifyPackagedFfmpeg({ appOutDir, electronPlatformName: 'linux', arch: ARCH.x64, packager: {} }, quiet)).rejects.toThrow(/FFmpeg is missing from the linux x64 build: expected .*resources\/ffmpeg\/ffmpeg/);
  });

  it('fails the build when the binary is for another CPU, saying how to fix it', async () => {
    const { appOutDir } = packedApp('darwin', macho(ARM64));
    await expect(verifyPackagedFfmpeg({ appOutDir, electronPlatformName: 'darwin', arch: ARCH.x64, packager: {} }, quiet)).rejects.toThrow(
      /binary for arm64, but the target is darwin x64.*npm run dist:mac-arm64.*ECHOES_FFMPEG_BINARY/,
    );
  });
});
