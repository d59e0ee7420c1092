/**
 * A stand-in Electron distribution folder for electron-builder's electronDist (the real one cannot be
 * downloaded here). electron-builder needs only the layout and the executable's name; the executable
 * is an ELF header for the CPU followed by Electron's fuse sentinel and a fuse wire with Electron's
 * defaults, so @electron/fuses can flip the fuses at packaging and a test can read them back.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ELF, elf } from '../executable-bytes';

/** @electron/fuses' sentinel: the fuse wire follows it (version byte, length byte, one byte per fuse). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron 45's defaults, in FuseV1Options order: RunAsNode, CookieEncryption, NodeOptions, Inspect, AsarIntegrity, OnlyLoadAppFromAsar, V8Snapshot, FileProtocolExtraPrivileges. */
const DEFAULT_WIRE = '10110001';

/** A 64-bit little-endian ELF header for the CPU (what readExecutableHeader reads). */
export function elfHeader(arch: keyof typeof ELF): Buffer {
  return elf(ELF[arch]);
}

export function writeElectronDist(dir: string, arch: keyof typeof ELF): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, DEFAULT_WIRE.length]), Buffer.from(DEFAULT_WIRE, 'latin1')]);
  const executable = join(dir, 'electron');
  writeFileSync(executable, Buffer.concat([elfHeader(arch), Buffer.alloc(256), wire, Buffer.alloc(256)]));
  chmodSync(executable, 0o755);
  writeFileSync(join(dir, 'version'), '45.4.1');
  writeFileSync(join(dir, 'LICENSE'), 'stand-in');
  return dir;
}
