import { existsSync, readFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundledFfmpegPath } from '../../electron/main/bundled-ffmpeg';

interface TargetEntry {
  target: string;
  arch: string[];
}

interface PlatformConfig {
  target: TargetEntry[];
  icon: string;
  hardenedRuntime?: boolean;
  entitlements?: string;
  entitlementsInherit?: string;
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
  extraResources: Array<{ from: string; to: string; filter?: string[] }>;
  afterPack?: string;
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
    // Helpers (GPU, renderer) and the bundled FFmpeg are signed with the inherited entitlements.
    expect(config.mac.entitlementsInherit).toBeTruthy();
    expect(readFileSync(config.mac.entitlementsInherit ?? '', 'utf8')).toContain('com.apple.security.cs.allow-jit');
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
    // sharp 0.33+ loads libvips from its @img/sharp-<platform> packages: without this sharp fails in the app.
    expect(unpack).toContain('**/node_modules/@img/**');
  });

  it('ships the ffmpeg-static binary (and its licence) as <resources>/ffmpeg, where the main process looks', () => {
    const ffmpeg = config.extraResources.find((r) => r.to === 'ffmpeg');
    expect(ffmpeg).toMatchObject({ from: 'node_modules/ffmpeg-static', filter: expect.arrayContaining(['ffmpeg', 'ffmpeg.exe', 'ffmpeg.LICENSE']) });
    // the folder the main process hands the locator is the one this entry fills
    expect(bundledFfmpegPath('/res', 'darwin', posix)).toBe(`/res/${ffmpeg?.to}/ffmpeg`);
    expect(bundledFfmpegPath('/res', 'win32', posix)).toBe(`/res/${ffmpeg?.to}/ffmpeg.exe`);
  });

  it('fails the build through an afterPack hook when the FFmpeg binary is missing or for the wrong CPU', async () => {
    expect(config.afterPack).toBe('./electron/build/after-pack.mjs');
    const hook = resolve(config.afterPack ?? '');
    expect(existsSync(hook)).toBe(true);
    const mod = (await import(pathToFileURL(hook).href)) as { afterPack?: unknown; default?: unknown };
    expect(typeof mod.afterPack).toBe('function');
    expect(mod.default).toBe(mod.afterPack);
    // the hook runs the checked TypeScript (tests/packaging/verify-ffmpeg.test.ts)
    expect(readFileSync(hook, 'utf8')).toContain("tsImport('./verify-ffmpeg.ts'");
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
