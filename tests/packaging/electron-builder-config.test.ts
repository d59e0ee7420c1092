import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface TargetEntry {
  target: string;
  arch: string[];
}

interface PlatformConfig {
  target: TargetEntry[];
  icon: string;
  hardenedRuntime?: boolean;
  entitlements?: string;
}
interface BuilderConfig {
  mac: PlatformConfig;
  win: PlatformConfig;
  linux: PlatformConfig;
  asar: boolean;
  npmRebuild?: boolean;
  asarUnpack: string[];
  protocols: Array<{ schemes: string[] }>;
  files: string[];
  extraResources: Array<{ from: string; to: string }>;
}

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const platforms = ['mac', 'win', 'linux'] as const;
const targets = (platform: (typeof platforms)[number]): TargetEntry[] => config[platform].target;

describe('electron-builder.yml', () => {
  it('builds a dmg for both Mac architectures with the hardened runtime and entitlements', () => {
    expect(targets('mac')).toContainEqual({ target: 'dmg', arch: expect.arrayContaining(['x64', 'arm64']) });
    expect(config.mac.hardenedRuntime).toBe(true);
    const plist = readFileSync(config.mac.entitlements ?? '', 'utf8');
    expect(plist).toContain('com.apple.security.cs.allow-jit');
  });

  it('builds nsis installers for Windows x64 and arm64 and a Linux AppImage', () => {
    expect(targets('win')).toContainEqual({ target: 'nsis', arch: expect.arrayContaining(['x64', 'arm64']) });
    expect(targets('linux').map((t) => t.target)).toContain('AppImage');
  });

  it('unpacks the native modules and the ffmpeg binary from the asar archive', () => {
    expect(config.asar).toBe(true);
    const unpack: string[] = config.asarUnpack;
    for (const name of ['ffmpeg-static', 'better-sqlite3', 'sharp']) {
      expect(unpack.some((pattern) => pattern.includes(`node_modules/${name}/`))).toBe(true);
    }
  });

  it('rebuilds native modules for Electron while packaging', () => {
    // electron-builder's npmRebuild runs install-app-deps; turning it off would ship Node's better-sqlite3 ABI.
    expect(config.npmRebuild ?? true).toBe(true);
  });

  it('registers the echoes:// protocol for deep links', () => {
    expect(config.protocols.flatMap((p) => p.schemes)).toContain('echoes');
  });

  it('ships the built app, the bundled music and samples, and an icon that exists', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/renderer/**', 'dist-electron/**']));
    expect(config.extraResources.map((r) => r.to)).toEqual(expect.arrayContaining(['music', 'samples']));
    for (const platform of platforms) expect(() => readFileSync(config[platform].icon)).not.toThrow();
  });
});
