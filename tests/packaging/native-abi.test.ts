import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleAbiOf, planNativeRebuild, type NativeBinaryState, type RebuildTarget } from '../../electron/build/native-abi-plan';

const NODE_ABI = 115;
const ELECTRON_ABI = 140;
const forNode: RebuildTarget = { runtime: 'node', nodeAbi: NODE_ABI, arch: 'x64' };
const forElectron: RebuildTarget = { runtime: 'electron', nodeAbi: NODE_ABI, arch: 'x64', electronVersion: '45.4.1' };
const state = (abi: number | null, extra: Partial<NativeBinaryState> = {}): NativeBinaryState => ({ abi, archs: ['x64'], marker: null, ...extra });
const electronMarker = { electronVersion: '45.4.1', abi: ELECTRON_ABI, arch: 'x64' };

describe('NODE_MODULE_VERSION of a native addon', () => {
  it.each([
    ['an ELF export', Buffer.from('\0\0node_register_module_v115\0napi_x\0'), 115],
    ['a Mach-O symbol (leading underscore)', Buffer.from('__node_register_module_v140\0'), 140],
    ['the end of the file', Buffer.from('xxnode_register_module_v127'), 127],
    ['no such symbol (an N-API addon)', Buffer.from('\0napi_register_module_v1\0'), null],
    ['a symbol without digits', Buffer.from('node_register_module_vX'), null],
    ['nothing', Buffer.alloc(0), null],
  ])('reads %s', (_name, bytes, abi) => {
    expect(moduleAbiOf(bytes)).toBe(abi);
  });

  it('reads the better-sqlite3 these tests run on as built for this Node', () => {
    const require = createRequire(import.meta.url);
    const binary = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    expect(moduleAbiOf(readFileSync(binary))).toBe(Number(process.versions.modules));
  });
});

describe('rebuild plan', () => {
  it('does nothing when the binary already fits', () => {
    expect(planNativeRebuild(forNode, state(NODE_ABI))).toEqual({ rebuild: false });
    expect(planNativeRebuild(forElectron, state(ELECTRON_ABI, { marker: electronMarker }))).toEqual({ rebuild: false });
  });

  it.each([
    ['an Electron build, for Node', forNode, state(ELECTRON_ABI, { marker: electronMarker }), /NODE_MODULE_VERSION 140 \(Electron\), Node needs 115/],
    ['a missing binary, for Node', forNode, state(null), /no readable compiled binary/],
    ['a binary for another CPU, for Node', forNode, state(NODE_ABI, { archs: ['arm64'] }), /built for arm64, this machine is x64/],
    ['a Node build, for Electron', forElectron, state(NODE_ABI), /built for Node/],
    ['a Node build with a stale marker, for Electron', forElectron, state(NODE_ABI, { marker: { ...electronMarker, abi: NODE_ABI } }), /built for Node/],
    ['an unknown Electron build, for Electron', forElectron, state(ELECTRON_ABI), /not built for Electron 45\.4\.1/],
    ['a build for another Electron', forElectron, state(ELECTRON_ABI, { marker: { ...electronMarker, electronVersion: '44.0.0' } }), /not built for Electron 45\.4\.1/],
    ['a marker left from another binary', forElectron, state(141, { marker: electronMarker }), /not built for Electron/],
    ['a build for another CPU, for Electron', forElectron, state(ELECTRON_ABI, { archs: ['arm64'], marker: electronMarker }), /arm64/],
    ['a marker of another CPU, for Electron', forElectron, state(ELECTRON_ABI, { marker: { ...electronMarker, arch: 'arm64' } }), /on x64/],
  ])('rebuilds %s', (_name, target, binary, reason) => {
    const plan = planNativeRebuild(target, binary);
    expect(plan).toEqual({ rebuild: true, runtime: target.runtime, reason: expect.stringMatching(reason) });
  });
});

describe('package.json scripts', () => {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const NODE = 'tsx electron/build/native-abi.ts node';
  const ELECTRON = 'tsx electron/build/native-abi.ts electron';

  it('builds better-sqlite3 for Electron before `npm start` launches it', () => {
    expect(scripts.start).toMatch(new RegExp(`${ELECTRON} && electron \\.$`));
  });

  it('puts the Node build back after `npm run dist` (electron-builder rebuilt it for Electron)', () => {
    // electron-builder ends the script, so `npm run dist -- --mac --x64` hands it the flags; npm runs postdist after it.
    expect(scripts.dist).toMatch(/electron-builder --publish never$/);
    expect(scripts.postdist).toBe(NODE);
  });

  it.each(['test:unit', 'test:e2e', 'demo', 'echoes', 'studio'])('makes sure of the Node build before %s', (name) => {
    expect(scripts[name]?.startsWith(`${NODE} && `)).toBe(true);
  });
});
