import { BrowserWindow } from 'electron';
import type { ShellFailure } from './shell-failure';

/** Chromium's net::ERR_ABORTED: a navigation that was replaced or cancelled (will-navigate refused it), not a failure. */
const ERR_ABORTED = -3;

/**
 * The studio window: sandboxed, isolated, no Node. Hidden until its first paint to avoid a white
 * flash, but never left hidden: it shows on ready-to-show or when the page finished loading, and a
 * page that fails to load, a renderer that dies or a preload that throws goes to onFailure.
 */
export function createMainWindow(options: { preload: string; url: string; platform: NodeJS.Platform; onFailure: (failure: ShellFailure) => void }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: '#0b0d12',
    title: 'Echoes Studio',
    show: false,
    // Windows and Linux: the menu bar stays out of the dark studio until Alt shows it (macOS has its own menu bar)
    autoHideMenuBar: options.platform !== 'darwin',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const show = () => {
    if (!win.isDestroyed() && !win.isVisible()) win.show();
  };
  win.once('ready-to-show', show);
  const contents = win.webContents;
  contents.once('did-finish-load', show);
  contents.on('did-fail-load', (_event, errorCode, errorDescription, url, isMainFrame) => {
    if (isMainFrame && errorCode !== ERR_ABORTED) options.onFailure({ kind: 'load', errorCode, errorDescription, url });
  });
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') options.onFailure({ kind: 'renderer-gone', reason: details.reason, exitCode: details.exitCode });
  });
  contents.on('preload-error', (_event, _path, error) => options.onFailure({ kind: 'preload', error }));
  // a failed load also rejects this promise; did-fail-load above reports it once
  win.loadURL(options.url).catch(() => undefined);
  return win;
}
