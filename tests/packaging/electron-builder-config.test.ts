import { existsSync, readFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundledFfmpegPath } from '../../electron/main/bundled-ffmpeg';

type Target = string | { target: string; arch?: string[] };

interface PlatformConfig {
  target: Target[];
  icon: string;
  hardenedRuntime?: boolean;
  entitlements?: string;
  entitlementsInherit?: string;
  notarize?: boolean;
}
interface BuilderConfig {
  mac: PlatformConfig;
  win: PlatformConfig;
  linux: PlatformConfig;
  nsis: { include?: string; perMachine?: boolean };
  asar: boolean;
  npmRebuild?: boolean;
  asarUnpack: string[];
  protocols: Array<{ schemes: string[] }>;
  files: string[];
  extraResources: Array<{ from: string; to: string; filter?: string[] }>;
  beforePack?: string;
  afterPack?: string;
  electronFuses?: Record<string, boolean>;
  publish?: { provider: string; url: string };
  generateUpdatesFilesForAllChannels?: boolean;
}

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const platforms = ['mac', 'win', 'linux'] as const;
const targetName = (t: Target) => (typeof t === 'string' ? t : t.target);

async function hook(file: string | undefined, name: string, source: string) {
  expect(file).toBeTruthy();
  const path = resolve(file ?? '');
  expect(existsSync(path)).toBe(true);
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  expect(typeof mod[name]).toBe('function');
  expect(mod.default).toBe(mod[name]);
  expect(readFileSync(path, 'utf8')).toContain(`tsImport('./${source}'`);
}

describe('electron-builder.yml', () => {
  it('publishes update feeds for a generic HTTPS host (overridden per build with -c.publish.url), stable and beta', () => {
    expect(config.publish?.provider).toBe('generic');
    expect(config.publish?.url).toMatch(/^https:\/\//);
    expect(config.generateUpdatesFilesForAllChannels).toBe(true);
  });

  it('builds a dmg (and the zip auto-update installs), an nsis installer and an AppImage, with no arch in the config: each run builds the CPU it is asked for', () => {
    expect(config.mac.target.map(targetName)).toEqual(['dmg', 'zip']);
    expect(config.win.target.map(targetName)).toEqual(['nsis']);
    expect(config.linux.target.map(targetName)).toEqual(['AppImage']);
    // electron-builder ignores --x64 / --arm64 for a target that lists its archs: two CPUs in one run cannot both get their own natives
    for (const platform of platforms) for (const t of config[platform].target) expect(typeof t === 'string' || t.arch === undefined, `${platform} ${targetName(t)}`).toBe(true);
  });

  it('signs macOS with the hardened runtime and only the JIT entitlement, and notarizes', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const plist = readFileSync(file ?? '', 'utf8').replace(/<!--[\s\S]*?-->/g, '');
      expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
    }
  });

  it('flips the Electron fuses that turn the signed app into a plain Node or let code in', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('unpacks the native modules from the asar archive and ships FFmpeg from extraResources only', () => {
    expect(config.asar).toBe(true);
    for (const name of ['better-sqlite3', 'sharp', '@img']) expect(config.asarUnpack).toContain(`**/node_modules/${name}/**`);
    expect(config.files).toContain('!**/node_modules/ffmpeg-static/**');
    const ffmpeg = config.extraResources.find((r) => r.to === 'ffmpeg');
    expect(ffmpeg).toMatchObject({ from: 'node_modules/ffmpeg-static', filter: expect.arrayContaining(['ffmpeg', 'ffmpeg.exe', 'ffmpeg.LICENSE']) });
    // the folder the main process hands the locator is the one this entry fills
    expect(bundledFfmpegPath('/res', 'darwin', posix)).toBe(`/res/${ffmpeg?.to}/ffmpeg`);
    expect(bundledFfmpegPath('/res', 'win32', posix)).toBe(`/res/${ffmpeg?.to}/ffmpeg.exe`);
  });

  it('checks signing before packing and every native binary after it (hooks that exist and run the checked TypeScript)', async () => {
    await hook(config.beforePack, 'beforePack', 'release-signing.ts');
    await hook(config.afterPack, 'afterPack', 'verify-packaged-binaries.ts');
  });

  it('rebuilds native modules for Electron while packaging', () => {
    // electron-builder's npmRebuild runs install-app-deps for the target CPU; turning it off would ship Node's better-sqlite3 ABI.
    expect(config.npmRebuild ?? true).toBe(true);
  });

  it('registers echoes:// on macOS and Linux through the config, and the Windows uninstaller removes what the app registered', () => {
    expect(config.protocols.flatMap((p) => p.schemes)).toContain('echoes');
    expect(config.nsis.perMachine).toBe(false);
    const script = readFileSync(config.nsis.include ?? '', 'utf8');
    expect(script).toMatch(/!macro customUnInstall[\s\S]*\$\{ifNot\} \$\{isUpdated\}[\s\S]*DeleteRegKey HKCU "Software\\Classes\\echoes"[\s\S]*!macroend/);
  });

  it('ships the built app, the bundled music, fonts and samples, and an icon that exists', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/renderer/**', 'dist-electron/**', '!dist-electron/echoes.mjs', '!**/*.map']));
    expect(config.extraResources.map((r) => r.to)).toEqual(expect.arrayContaining(['music', 'samples', 'fonts']));
    for (const platform of platforms) expect(() => readFileSync(config[platform].icon)).not.toThrow();
  });
});
