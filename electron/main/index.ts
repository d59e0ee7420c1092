import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { createStudio, type Studio } from '../services/studio';
import { APP_VERSION } from '../services/version';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './app-protocol';
import { hardenApp } from './hardening';
import { registerIpc } from './ipc';
import { desktopShellActions } from './shell-actions';
import { registerMediaIpc } from './media-ipc';
import { handleMediaProtocol } from './media-protocol';
import { MEDIA_ORIGIN } from '../../shared/api/media';
import { registerDeepLinks } from './deep-links';
import { desktopCloudOptions } from './cloud-options';

registerAppScheme();
hardenApp();

if (!app.requestSingleInstanceLock()) app.quit();
const deepLinks = registerDeepLinks();

let mainWindow: BrowserWindow | null = null;
let studio: Studio | null = null;

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

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

app.whenReady().then(() => {
  studio = createStudio({
    dataDir: app.getPath('userData'),
    transport: 'electron',
    version: APP_VERSION,
    resourcesDir: app.isPackaged ? process.resourcesPath : join(__dirname, '..', 'resources'),
    shell: desktopShellActions(() => mainWindow),
    cloud: desktopCloudOptions(app.getPath('userData')),
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
