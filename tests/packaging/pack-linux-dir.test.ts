/**
 * Packaging test: electron-builder --linux --dir against a stand-in Electron folder (the real one
 * cannot be downloaded here). Checks what app.asar and app.asar.unpacked carry, reads the fuses back
 * from the packed executable, loads the packed main.cjs from outside the repository and calls the
 * studio through its IPC handler, and shows the afterPack check refusing an arm64 build that carries
 * this machine's x64 sharp and better-sqlite3.
 */
import { extractAll, listPackage } from '@electron/asar';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findOnPath } from '../../electron/services/ffmpeg/locate';
import { ensureBuiltApp } from '../support/electron-standin/built-app';
import { elfHeader } from '../support/electron-standin/electron-dist';
import { loadBundle, unloadBundles } from '../support/electron-standin/load-bundle';
import { packLinuxDir, type PackResult } from '../support/electron-standin/pack';
import { createElectronStandIn } from '../support/electron-standin/standin';

const systemFfmpeg = findOnPath('ffmpeg', process.env, process.platform);
// Packing needs this machine's FFmpeg to ship (CI installs Debian's); without it the suite cannot pack.
const canPack = process.platform === 'linux' && process.arch === 'x64' && systemFfmpeg !== null;
const work = mkdtempSync(join(tmpdir(), 'echoes-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let x64: PackResult;
let arm64: PackResult;
let asarFiles: string[] = [];

describe.skipIf(!canPack)('electron-builder --linux --dir with the stand-in Electron (skipped without FFmpeg on PATH on Linux x64)', () => {
  beforeAll(async () => {
    const root = await ensureBuiltApp();
    [x64, arm64] = await Promise.all([
      packLinuxDir({ root, work: join(work, 'x64'), arch: 'x64', ffmpeg: systemFfmpeg! }),
      // an arm64 FFmpeg (its header is all the check reads), so the natives are what fails
      packLinuxDir({ root, work: join(work, 'arm64'), arch: 'arm64', ffmpeg: elfHeader('arm64') }),
    ]);
    if (x64.code === 0) asarFiles = listPackage(join(x64.resourcesDir, 'app.asar'), { isPack: false }).map((f) => f.split('\\').join('/'));
  }, 600_000);

  it('packs the x64 app, the afterPack check passing for FFmpeg, better-sqlite3, sharp and libvips', () => {
    expect(x64.code, x64.output).toBe(0);
    expect(x64.output).toMatch(/FFmpeg for linux x64 checked/);
    expect(x64.output).toMatch(/3 native binaries for linux x64 checked: .*libvips-cpp.*sharp-linux-x64\.node.*better_sqlite3\.node/);
  });

  it('app.asar carries the built app and only the runtime packages', () => {
    for (const file of ['/package.json', '/dist-electron/main.cjs', '/dist-electron/preload.cjs', '/dist/renderer/index.html']) expect(asarFiles).toContain(file);
    const packages = new Set(asarFiles.map((f) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter((name): name is string => Boolean(name) && !name!.startsWith('@img/') && name !== '@img'));
    expect([...packages].sort()).toEqual(['better-sqlite3', 'bindings', 'detect-libc', 'file-uri-to-path', 'semver', 'sharp']);
    for (const absent of ['react', '@supabase', 'zod', 'zustand', 'ws', '@dnd-kit', 'prebuild-install', 'ffmpeg-static', 'tar-fs', 'node-abi']) {
      expect(asarFiles.some((f) => f.startsWith(`/node_modules/${absent}`)), absent).toBe(false);
    }
    expect(asarFiles.filter((f) => f.endsWith('.map') || f.endsWith('echoes.mjs'))).toEqual([]);
  });

  it('app.asar.unpacked carries the native modules without their sources, headers and build objects', () => {
    const unpacked = join(x64.resourcesDir, 'app.asar.unpacked', 'node_modules');
    expect(existsSync(join(unpacked, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(readdirSync(join(unpacked, 'better-sqlite3', 'build', 'Release'))).toEqual(['better_sqlite3.node']);
    expect(readdirSync(join(unpacked, 'better-sqlite3')).sort()).toEqual(['LICENSE', 'build', 'lib', 'package.json']);
    expect(readdirSync(join(unpacked, 'sharp')).sort()).toEqual(['LICENSE', 'lib', 'package.json']);
    expect(existsSync(join(unpacked, '@img', 'sharp-libvips-linux-x64', 'lib', 'glib-2.0'))).toBe(false);
    expect(readdirSync(unpacked).sort()).toEqual(['@img', 'better-sqlite3', 'sharp']);
    expect(readdirSync(join(x64.resourcesDir, 'ffmpeg'))).toContain('ffmpeg');
    // the fonts drawtext draws titles and captions with, and their licence
    expect(readdirSync(join(x64.resourcesDir, 'fonts')).sort()).toEqual(['DejaVuSans-Bold.ttf', 'DejaVuSans.ttf', 'LICENSE', 'README.md']);
  });

  it('writes app-update.yml (the generic update host) where the main process reads it', () => {
    // electron/main/auto-update.ts reads provider and url from this file
    expect(parse(readFileSync(join(x64.resourcesDir, 'app-update.yml'), 'utf8'))).toMatchObject({ provider: 'generic', url: 'https://echoes.studio/releases' });
  });

  it('flips the fuses: no RunAsNode, NODE_OPTIONS or --inspect; asar integrity and app.asar only', async () => {
    const wire = await getCurrentFuseWire(x64.executable);
    expect(wire.version).toBe(FuseVersion.V1);
    const state = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse] as number);
    expect(state(FuseV1Options.RunAsNode)).toBe('0');
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0');
  });

  it('the packed main.cjs, loaded from outside the repository, answers music.list and system.encoders through IPC', async () => {
    const installed = mkdtempSync(join(tmpdir(), 'echoes-installed-'));
    try {
      const app = join(installed, 'app');
      extractAll(join(x64.resourcesDir, 'app.asar'), app);
      const standIn = createElectronStandIn({ paths: { userData: join(installed, 'userData'), logs: join(installed, 'logs') }, isPackaged: true });
      const { required } = loadBundle(join(app, 'dist-electron', 'main.cjs'), standIn, x64.resourcesDir);
      // resolved from the extracted app's own node_modules: nothing of the repository's is reachable from there
      expect(required.filter((name) => !name.startsWith('node:') && !/^[a-z_]+$/.test(name)).every((name) => ['better-sqlite3', 'sharp'].includes(name))).toBe(true);
      await standIn.emitReady();
      expect(standIn.errorBoxes).toEqual([]);
      const page = { url: 'app://studio/index.html', parent: null };
      const tracks = (await standIn.invoke('echoes:call', page, 'music.list', {})) as { ok: boolean; value: Array<{ id: string }> };
      expect(tracks.ok).toBe(true);
      expect(tracks.value.length).toBeGreaterThan(0);
      // the FFmpeg the installer carries in <resources>/ffmpeg, found through app.isPackaged and process.resourcesPath
      const encoders = await standIn.invoke('echoes:call', page, 'system.encoders', {});
      expect(encoders).toMatchObject({ ok: true, value: { ffmpeg: { path: join(x64.resourcesDir, 'ffmpeg', 'ffmpeg') }, problem: null } });
      const index = await standIn.fetch('app://studio/index.html');
      expect(index.status).toBe(200);
      standIn.quit();
    } finally {
      unloadBundles();
      rmSync(installed, { recursive: true, force: true });
    }
  });

  it('refuses to finish an arm64 build that carries the x64 sharp and better-sqlite3 installed here', () => {
    expect(arm64.code).not.toBe(0);
    expect(arm64.output).toMatch(/FFmpeg for linux arm64 checked/);
    expect(arm64.output).toMatch(/The linux arm64 build carries native binaries it cannot run/);
    expect(arm64.output).toMatch(/@img\/sharp-linux-x64\/lib\/sharp-linux-x64\.node is a Linux \(ELF\) binary for x64, but the target is linux arm64/);
    expect(arm64.output).toMatch(/better-sqlite3\/build\/Release\/better_sqlite3\.node is a Linux \(ELF\) binary for x64/);
    expect(arm64.output).toMatch(/sharp \(@img\/sharp-linux-arm64\) is missing/);
  });
});
