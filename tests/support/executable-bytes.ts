/** The first bytes of executables for each format and CPU: what the packaging checks read (electron/build/executable-header.ts). */

/** ELF: magic, class (2 = 64-bit), data (1 = little endian), e_machine at 18. */
export function elf(machine: number, bigEndian = false): Buffer {
  const b = Buffer.alloc(64);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = 2;
  b[5] = bigEndian ? 2 : 1;
  if (bigEndian) b.writeUInt16BE(machine, 18);
  else b.writeUInt16LE(machine, 18);
  return b;
}

/** MZ stub with e_lfanew at 0x3c pointing at "PE\0\0" and the COFF Machine field. */
export function pe(machine: number, peOffset = 0x80): Buffer {
  const b = Buffer.alloc(peOffset + 24);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(peOffset, 0x3c);
  b.write('PE\0\0', peOffset, 'latin1');
  b.writeUInt16LE(machine, peOffset + 4);
  return b;
}

/** A thin 64-bit Mach-O (little endian on disk: CF FA ED FE). */
export function macho(cpu: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(cpu, 4);
  return b;
}

/** A universal binary: big-endian fat header and one 20-byte fat_arch per slice. */
export function fat(...cpus: number[]): Buffer {
  const b = Buffer.alloc(8 + 20 * cpus.length);
  b.writeUInt32BE(0xcafebabe, 0);
  b.writeUInt32BE(cpus.length, 4);
  cpus.forEach((cpu, i) => b.writeUInt32BE(cpu, 8 + i * 20));
  return b;
}

export const ELF = { x64: 0x3e, arm64: 0xb7 } as const;
export const PE = { x64: 0x8664, arm64: 0xaa64 } as const;
export const MACHO = { x64: 0x01000007, arm64: 0x0100000c } as const;
