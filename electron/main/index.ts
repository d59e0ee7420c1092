import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { ShellCommand } from '../../shared/contract/system';
import { MEDIA_ORIGIN } from '../../shared/values';
import { setBundledFfmpegPath } from '../services/ffmpeg/locate';
import { createStudio, type Studio } from '../services/studio';
import { APP_VERSION } from '../services/version';
import { prepareLibraryFolder } from '../services/system/library-location';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './app-protocol';
import { bundledFfmpegPath } from './bundled-ffmpeg';
import { desktopCloudOptions } from './cloud-options';
import { registerDeepLinks } from './deep-links';
import { desktopUpdateOptions } from './auto-update';
import { failAndExit, setFatalDataFolder } from './fatal';
import { hardenApp, hardenSession } from './hardening';
import { registerIpc } from './ipc';
import { createMainWindow } from './main-window';
import { installDesktop, prepareDesktop, type Desktop } from './desktop';
import { openedProject, projectFromArgv } from './recent-projects';
import { registerMediaIpc } from './media-ipc';
import { handleMediaProtocol } from './media-protocol';
import { desktopShellActions } from './shell-actions';

/**
 * The hash route a new window opens on for a command (renderer/src/stores/route.ts reads it), so
 * a window made for Settings or a recent project shows it at once; other commands need a page.
 */
function routeFor(command: ShellCommand | undefined): string {
  if (command?.command === 'settings') return '#/settings';
  if (command?.command === 'open-project') return `#/project/${encodeURIComponent(command.projectId)}`;
  return '';
}

/** Everything the first instance does; a second instance only hands its argv (deep link) over and exits. */
function startPrimaryInstance(): void {
  const platform = process.platform;
  registerAppScheme();
  hardenApp();
  prepareDesktop(platform);
  const deepLinks = registerDeepLinks();

  let mainWindow: BrowserWindow | null = null;
  let studio: Studio | null = null;
  let desktop: Desktop | null = null;

  const liveWindow = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null);

  /**
   * The studio window, brought up or created: macOS keeps the app running with no window (Cmd+W),
   * so the dock, a deep link, a second launch, a menu or a notification open a new one then.
   * Before the studio has started there is nothing to show yet (start() opens the first window).
   */
  function showWindow(command?: ShellCommand): void {
    const started = studio;
    if (!started) return;
    const existing = liveWindow();
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.focus();
      if (command) started.events.emit({ type: 'shell.command', payload: ShellCommand.parse(command) });
      return;
    }
    const win = createMainWindow({ preload: join(__dirname, 'preload.cjs'), url: `${APP_ORIGIN}/index.html${routeFor(command)}`, platform, onFailure: failAndExit });
    mainWindow = win;
    // Cmd+W on macOS (or any close): forget the window so nothing calls a destroyed one
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    desktop?.attachWindow(win);
  }

  app.on('second-instance', (_event, argv: string[]) => {
    const projectId = projectFromArgv(argv);
    showWindow(projectId ? { command: 'open-project', projectId } : undefined);
  });

  async function start(dataDir: string): Promise<void> {
    hardenSession(session.defaultSession);
    const resourcesDir = app.isPackaged ? process.resourcesPath : join(__dirname, '..', 'resources');
    // The FFmpeg shipped in the installer (extraResources); FFMPEG_PATH still wins, `ffmpeg` on PATH is the fallback.
    if (app.isPackaged) setBundledFfmpegPath(bundledFfmpegPath(process.resourcesPath, process.platform));
    setFatalDataFolder(dataDir);
    const cloud = await desktopCloudOptions(dataDir, deepLinks.registration, liveWindow);
    const update = desktopUpdateOptions(app.isPackaged ? process.resourcesPath : null, platform);
    const started = createStudio({ dataDir, transport: 'electron', version: APP_VERSION, resourcesDir, shell: desktopShellActions(liveWindow), cloud, update });
    studio = started;
    // FFmpeg processes for the preview start now, so the first project opens without waiting for one.
    void started.preview.warm().catch(() => {});
    // unhandled errors of the main process: in the log, and in the opt-in reports (when the creator said yes)
    const mainLog = started.logger.scope('main');
    process.on('unhandledRejection', (error: unknown) => {
      mainLog.error('unhandled rejection', error);
      started.telemetry.error('unhandled_rejection', error);
    });
    process.on('uncaughtException', (error: Error) => {
      mainLog.error('uncaught exception', error);
      started.telemetry.error('uncaught_exception', error);
    });
    app.on('browser-window-focus', () => void started.cloud.onFocus());
    handleAppProtocol(join(__dirname, '..', 'dist', 'renderer'), [MEDIA_ORIGIN]);
    handleMediaProtocol(started.media.store);
    registerMediaIpc();
    const shell = installDesktop({ studio: started, host: { window: liveWindow, show: showWindow }, platform, packaged: app.isPackaged, dataDir });
    desktop = shell;
    registerIpc(started, liveWindow, (method, result) => {
      const opened = openedProject(method, result);
      if (opened) shell.projectOpened(opened);
    });
    const projectId = projectFromArgv(process.argv);
    showWindow(projectId ? { command: 'open-project', projectId } : undefined);
    // an echoes:// link (sign-in, Checkout) brings the window back, or opens one (macOS without a window)
    deepLinks.deliverTo((url) => {
      showWindow();
      return started.cloud.handleDeepLink(url);
    });
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) showWindow();
    });
  }

  // Any failure while starting (an unusable data folder, a database that will not open, a failed
  // migration) is shown in a dialog and ends the process: never an invisible app holding the lock.
  app
    .whenReady()
    // The library lives in %LOCALAPPDATA% on Windows (an earlier version's is moved there once).
    .then(async () => start(await prepareLibraryFolder({ platform: process.platform, env: process.env, userData: app.getPath('userData') })))
    .catch((error: unknown) => failAndExit({ kind: 'start', error, dataDir: safeUserData() }));

  // macOS: the app stays in the dock without a window (the standard there); elsewhere the last window ends it
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    const closing = studio;
    studio = null;
    closing?.close();
  });
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
