/**
 * Whether better-sqlite3's compiled binary fits the runtime about to load it. Node (tests, CLI, demo,
 * bridge) and Electron (npm start, the packaged app) have different NODE_MODULE_VERSIONs, and one
 * node_modules holds one build, so scripts switch it, and only when it does not fit already.
 */
export type Runtime = 'node' | 'electron';

/** Written next to the binary after a rebuild for Electron: the ABI alone cannot tell which Electron it was built for. */
export interface ElectronBuildMarker {
  electronVersion: string;
  abi: number;
  arch: string;
}

export interface NativeBinaryState {
  /** NODE_MODULE_VERSION compiled into the binary (moduleAbiOf), null when missing or unreadable. */
  abi: number | null;
  /** CPUs the binary is for (readExecutableHeader), empty when unknown. */
  archs: readonly string[];
  marker: ElectronBuildMarker | null;
}

export type RebuildTarget =
  | { runtime: 'node'; nodeAbi: number; arch: string }
  | { runtime: 'electron'; nodeAbi: number; arch: string; electronVersion: string };

export type NativePlan = { rebuild: false } | { rebuild: true; runtime: Runtime; reason: string };

const SYMBOL = 'node_register_module_v';

/** The NODE_MODULE_VERSION a native addon was compiled for, read from its node_register_module_v<N> export. */
export function moduleAbiOf(binary: Uint8Array): number | null {
  const bytes = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength);
  const at = bytes.indexOf(SYMBOL, 0, 'latin1');
  if (at === -1) return null;
  let end = at + SYMBOL.length;
  while (end < bytes.length && bytes[end]! >= 0x30 && bytes[end]! <= 0x39) end++;
  const digits = bytes.toString('latin1', at + SYMBOL.length, end);
  return digits ? Number(digits) : null;
}

export function planNativeRebuild(target: RebuildTarget, binary: NativeBinaryState): NativePlan {
  const rebuild = (reason: string): NativePlan => ({ rebuild: true, runtime: target.runtime, reason });
  if (binary.abi === null) return rebuild('better-sqlite3 has no readable compiled binary');
  if (binary.archs.length > 0 && !binary.archs.includes(target.arch)) return rebuild(`better-sqlite3 is built for ${binary.archs.join(' + ')}, this machine is ${target.arch}`);
  if (target.runtime === 'node') {
    return binary.abi === target.nodeAbi ? { rebuild: false } : rebuild(`better-sqlite3 is built for NODE_MODULE_VERSION ${binary.abi} (Electron), Node needs ${target.nodeAbi}`);
  }
  if (binary.abi === target.nodeAbi) return rebuild(`better-sqlite3 is built for Node (NODE_MODULE_VERSION ${binary.abi}), not Electron`);
  const marker = binary.marker;
  if (marker && marker.electronVersion === target.electronVersion && marker.abi === binary.abi && marker.arch === target.arch) return { rebuild: false };
  return rebuild(`better-sqlite3 was not built for Electron ${target.electronVersion} on ${target.arch}`);
}
