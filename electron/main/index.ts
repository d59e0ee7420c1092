import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { setBundledFfmpegPath } from '../services/ffmpeg/locate';
import { createStudio, type Studio } from '../services/studio';
import { APP_VERSION } from '../services/version';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './app-protocol';
import { bundledFfmpegPath } from './bundled-ffmpeg';
import { hardenApp } from './hardening';
import { registerIpc } from './ipc';
import { desktopShellActions } from './shell-actions';
import { registerMediaIpc } from './media-ipc';
import { handleMediaProtocol } from './media-protocol';
import { MEDIA_ORIGIN } from '../../shared/values';
import { registerDeepLinks } from './deep-links';
import { desktopCloudOptions } from './cloud-options';

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: '#0b0d12',
    title: 'Echoes Studio',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** Everything the first instance does; a second instance only hands its argv (deep link) over and exits. */
function startPrimaryInstance(): void {
  registerAppScheme();
  hardenApp();
  const deepLinks = registerDeepLinks();

  let mainWindow: BrowserWindow | null = null;
  let studio: Studio | null = null;

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.whenReady().then(() => {
    const resourcesDir = app.isPackaged ? process.resourcesPath : join(__dirname, '..', 'resources');
    // The FFmpeg shipped in the installer (extraResources); FFMPEG_PATH still wins, `ffmpeg` on PATH is the fallback.
    if (app.isPackaged) setBundledFfmpegPath(bundledFfmpegPath(process.resourcesPath, process.platform));
    studio = createStudio({
      dataDir: app.getPath('userData'),
      transport: 'electron',
      version: APP_VERSION,
      resourcesDir,
      shell: desktopShellActions(() => mainWindow),
      cloud: desktopCloudOptions(app.getPath('userData'), deepLinks.registration),
    });
    deepLinks.deliverTo((url) => studio?.cloud.handleDeepLink(url));
    app.on('browser-window-focus', () => void studio?.cloud.onFocus());
    handleAppProtocol(join(__dirname, '..', 'dist', 'renderer'), [MEDIA_ORIGIN]);
    handleMediaProtocol(studio.media.store);
    registerMediaIpc();
    registerIpc(studio, () => mainWindow);
    mainWindow = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => studio?.close());
}

// A second launch (e.g. the OS opening an echoes:// link on Windows / Linux) passes its argv to the
// running instance through 'second-instance' and stops here: app.exit skips window creation,
// protocol registration and 'ready' altogether (app.quit would let this script carry on).
if (app.requestSingleInstanceLock()) startPrimaryInstance();
else app.exit(0);
