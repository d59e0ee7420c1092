import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { MEDIA_ORIGIN } from '../../shared/values';
import { setBundledFfmpegPath } from '../services/ffmpeg/locate';
import { createStudio, type Studio } from '../services/studio';
import { APP_VERSION } from '../services/version';
import { prepareLibraryFolder } from '../services/system/library-location';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './app-protocol';
import { bundledFfmpegPath } from './bundled-ffmpeg';
import { desktopCloudOptions } from './cloud-options';
import { registerDeepLinks } from './deep-links';
import { failAndExit } from './fatal';
import { hardenApp, hardenSession } from './hardening';
import { registerIpc } from './ipc';
import { createMainWindow } from './main-window';
import { registerMediaIpc } from './media-ipc';
import { handleMediaProtocol } from './media-protocol';
import { desktopShellActions } from './shell-actions';

/** Everything the first instance does; a second instance only hands its argv (deep link) over and exits. */
function startPrimaryInstance(): void {
  registerAppScheme();
  hardenApp();
  const deepLinks = registerDeepLinks();

  let mainWindow: BrowserWindow | null = null;
  let studio: Studio | null = null;
  const openWindow = () => createMainWindow({ preload: join(__dirname, 'preload.cjs'), url: `${APP_ORIGIN}/index.html`, onFailure: failAndExit });

  app.on('second-instance', () => {
    if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  async function start(dataDir: string): Promise<void> {
    hardenSession(session.defaultSession);
    const resourcesDir = app.isPackaged ? process.resourcesPath : join(__dirname, '..', 'resources');
    // The FFmpeg shipped in the installer (extraResources); FFMPEG_PATH still wins, `ffmpeg` on PATH is the fallback.
    if (app.isPackaged) setBundledFfmpegPath(bundledFfmpegPath(process.resourcesPath, process.platform));
    const cloud = await desktopCloudOptions(dataDir, deepLinks.registration, () => mainWindow);
    const started = createStudio({ dataDir, transport: 'electron', version: APP_VERSION, resourcesDir, shell: desktopShellActions(() => mainWindow), cloud });
    studio = started;
    deepLinks.deliverTo((url) => started.cloud.handleDeepLink(url));
    app.on('browser-window-focus', () => void started.cloud.onFocus());
    handleAppProtocol(join(__dirname, '..', 'dist', 'renderer'), [MEDIA_ORIGIN]);
    handleMediaProtocol(started.media.store);
    registerMediaIpc();
    registerIpc(started, () => mainWindow);
    mainWindow = openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = openWindow();
    });
  }

  // Any failure while starting (an unusable data folder, a database that will not open, a failed
  // migration) is shown in a dialog and ends the process: never an invisible app holding the lock.
  app
    .whenReady()
    // The library lives in %LOCALAPPDATA% on Windows (an earlier version's is moved there once).
    .then(async () => start(await prepareLibraryFolder({ platform: process.platform, env: process.env, userData: app.getPath('userData') })))
    .catch((error: unknown) => failAndExit({ kind: 'start', error, dataDir: safeUserData() }));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => studio?.close());
}

function safeUserData(): string | null {
  try {
    return app.getPath('userData');
  } catch {
    return null;
  }
}

// A second launch (e.g. the OS opening an echoes:// link on Windows / Linux) passes its argv to the
// running instance through 'second-instance' and stops here: app.exit skips window creation,
// protocol registration and 'ready' altogether (app.quit would let this script carry on).
if (app.requestSingleInstanceLock()) {
  try {
    startPrimaryInstance();
  } catch (error) {
    failAndExit({ kind: 'start', error, dataDir: null });
  }
} else app.exit(0);
