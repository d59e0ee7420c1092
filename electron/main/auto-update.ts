// The Electron side of auto-update: how a downloaded, verified update is installed. The updater
// itself (feed, sha512, version, resume, when a restart may happen) is plain Node in
// services/update; this file only quits the app and hands over to the installer, as
// electron-updater's NsisUpdater and AppImageUpdater do:
//   Windows: the NSIS installer, silent, started detached, relaunching the app (--force-run).
//   Linux AppImage: the new AppImage over $APPIMAGE, then relaunch.
//   macOS: the signed .zip is unpacked by `ditto` into a staging folder and swapped in for the
//   running .app by a detached shell once this process has exited, then reopened.
import { app } from 'electron';
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { StudioOptions } from '../services/studio';

export type InstallUpdate = (file: string, version: string) => void;

function detached(command: string, args: string[]): void {
  spawn(command, args, { detached: true, stdio: 'ignore' }).unref();
}

export function desktopInstaller(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = process.env, execPath = process.execPath): InstallUpdate {
  return (file) => {
    if (platform === 'win32') {
      detached(file, ['--updated', '/S', '--force-run']);
    } else if (platform === 'darwin') {
      const bundle = execPath.slice(0, execPath.indexOf('.app/') + 4);
      const staging = mkdtempSync(join(dirname(bundle), '.echoes-update-'));
      const script = [
        `while kill -0 ${process.pid} 2>/dev/null; do sleep 0.2; done`,
        `ditto -x -k "$1" "$2"`,
        `app=$(ls -d "$2"/*.app | head -n 1)`,
        `rm -rf "$3" && mv "$app" "$3" && rm -rf "$2" && open "$3"`,
      ].join('\n');
      detached('/bin/sh', ['-c', script, 'echoes-update', file, staging, bundle]);
    } else {
      const image = env.APPIMAGE;
      if (!image) throw new Error('This installation cannot update itself (not an AppImage): install the new version from the website.');
      copyFileSync(file, image);
      chmodSync(image, 0o755);
      app.relaunch();
    }
    app.quit();
  };
}

/**
 * Where releases live: ECHOES_UPDATE_URL, else the url electron-builder wrote into the packaged
 * app's resources/app-update.yml from electron-builder.yml's publish setting. HTTPS only (a plain
 * http host is allowed on loopback, for a local test feed); none = auto-update off.
 */
export function updateFeedUrl(resourcesPath: string | null, env: NodeJS.ProcessEnv = process.env): string | null {
  let url = env.ECHOES_UPDATE_URL ?? null;
  if (!url && resourcesPath) {
    try {
      const config = parse(readFileSync(join(resourcesPath, 'app-update.yml'), 'utf8')) as { provider?: string; url?: string } | null;
      if (config?.provider === 'generic' && typeof config.url === 'string') url = config.url;
    } catch {
      url = null;
    }
  }
  if (!url) return null;
  try {
    const parsed = new URL(url);
    const loopback = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost';
    return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback) ? url : null;
  } catch {
    return null;
  }
}

export function desktopUpdateOptions(resourcesPath: string | null, platform: NodeJS.Platform): StudioOptions['update'] {
  const feedUrl = updateFeedUrl(resourcesPath);
  return feedUrl ? { feedUrl, platform, install: desktopInstaller(platform) } : undefined;
}
