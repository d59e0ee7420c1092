/** Which CPU an executable is for, read from its first bytes: ELF (Linux), PE (Windows), Mach-O, thin or universal (macOS). */
export type ExecutableFormat = 'elf' | 'pe' | 'macho';
/** electron-builder's arch names; 'other' is any CPU we never ship for. */
export type CpuArch = 'x64' | 'arm64' | 'ia32' | 'armv7l' | 'other';

export interface ExecutableInfo {
  format: ExecutableFormat;
  /** One entry, or several for a universal (fat) Mach-O. */
  archs: CpuArch[];
}

/** How many bytes readExecutableHeader may need (a PE header sits at e_lfanew, usually < 1 KiB in). */
export const HEADER_BYTES = 64 * 1024;

const ELF_MACHINES: Record<number, CpuArch> = { 0x03: 'ia32', 0x28: 'armv7l', 0x3e: 'x64', 0xb7: 'arm64' };
const PE_MACHINES: Record<number, CpuArch> = { 0x014c: 'ia32', 0x01c4: 'armv7l', 0x8664: 'x64', 0xaa64: 'arm64' };
const MACHO_CPUS: Record<number, CpuArch> = { 0x00000007: 'ia32', 0x01000007: 'x64', 0x0000000c: 'armv7l', 0x0100000c: 'arm64' };

const MH_MAGIC = 0xfeedface;
const MH_MAGIC_64 = 0xfeedfacf;
const FAT_MAGIC = 0xcafebabe;
const FAT_MAGIC_64 = 0xcafebabf;

/** The format and CPU(s) of an executable, or null when the bytes are none of the three formats (or cut short). */
export function readExecutableHeader(bytes: Uint8Array): ExecutableInfo | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number, le: boolean) => (at + 2 <= view.byteLength ? view.getUint16(at, le) : null);
  const u32 = (at: number, le: boolean) => (at + 4 <= view.byteLength ? view.getUint32(at, le) : null);

  if (u32(0, false) === 0x7f454c46) {
    const littleEndian = bytes[5] !== 2;
    const machine = u16(18, littleEndian);
    return machine === null ? null : { format: 'elf', archs: [ELF_MACHINES[machine] ?? 'other'] };
  }

  if (u16(0, true) === 0x5a4d) {
    const peOffset = u32(0x3c, true);
    if (peOffset === null || u32(peOffset, false) !== 0x50450000) return null;
    const machine = u16(peOffset + 4, true);
    return machine === null ? null : { format: 'pe', archs: [PE_MACHINES[machine] ?? 'other'] };
  }

  for (const littleEndian of [true, false]) {
    const magic = u32(0, littleEndian);
    if (magic === MH_MAGIC || magic === MH_MAGIC_64) {
      const cpu = u32(4, littleEndian);
      return cpu === null ? null : { format: 'macho', archs: [MACHO_CPUS[cpu] ?? 'other'] };
    }
  }

  const fat = u32(0, false);
  if (fat === FAT_MAGIC || fat === FAT_MAGIC_64) {
    const count = u32(4, false);
    // Java class files share 0xCAFEBABE; their next word (the version) is far above any real slice count.
    if (count === null || count === 0 || count > 32) return null;
    const entrySize = fat === FAT_MAGIC_64 ? 32 : 20;
    const archs: CpuArch[] = [];
    for (let i = 0; i < count; i++) {
      const cpu = u32(8 + i * entrySize, false);
      if (cpu === null) return null;
      archs.push(MACHO_CPUS[cpu] ?? 'other');
    }
    return { format: 'macho', archs };
  }
  return null;
}

export interface PackTarget {
  /** electron-builder's electronPlatformName: darwin, mas, win32, linux. */
  platform: string;
  /** electron-builder's arch name; 'universal' is a macOS build holding x64 and arm64. */
  arch: string;
}

export type BinaryVerdict = { ok: true } | { ok: false; problem: string };

const FORMAT_OF: Record<string, ExecutableFormat> = { darwin: 'macho', mas: 'macho', win32: 'pe', linux: 'elf' };
const FORMAT_NAME: Record<ExecutableFormat, string> = { elf: 'a Linux (ELF)', pe: 'a Windows (PE)', macho: 'a macOS (Mach-O)' };

/** Whether a binary with this header runs on the target: right format, and a slice for the target CPU. */
export function checkBinaryForTarget(info: ExecutableInfo | null, target: PackTarget): BinaryVerdict {
  const format = FORMAT_OF[target.platform];
  if (!format) return { ok: false, problem: `unknown target platform "${target.platform}"` };
  if (!info) return { ok: false, problem: 'is not an executable (no ELF, PE or Mach-O header)' };
  const found = `${FORMAT_NAME[info.format]} binary for ${info.archs.join(' + ')}`;
  if (info.format !== format) return { ok: false, problem: `is ${found}, but the target is ${target.platform} ${target.arch}` };
  const needed: CpuArch[] = target.arch === 'universal' ? ['x64', 'arm64'] : [target.arch as CpuArch];
  const missing = needed.filter((arch) => !info.archs.includes(arch));
  if (missing.length === 0) return { ok: true };
  // No exception for Windows arm64: an x64 binary would run there only under emulation, and an x64 native
  // module cannot be loaded by the arm64 app at all; every binary must be the target's own.
  return { ok: false, problem: `is ${found}, but the target is ${target.platform} ${target.arch}` };
}
