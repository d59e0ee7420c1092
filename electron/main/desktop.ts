import { app, dialog, Menu, nativeTheme, Notification, powerSaveBlocker, shell, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StudioEvent } from '../../shared/contract/index';
import { ShellCommand } from '../../shared/contract/system';
import { guardedOpener } from '../services/cloud/external';
import { callStudio } from '../services/rpc/call';
import type { Studio } from '../services/studio';
import { APP_HOMEPAGE } from '../services/version';
import { applicationMenuTemplate, logFolderToShow } from './app-menu';
import { contextMenuTemplate } from './context-menu';
import { finishNotice, idleActivity, type Finished, isExporting, nextActivity, progressBarValue, quitQuestion, type Activity, type QuitQuestion } from './desktop-activity';
import { dockMenuTemplate, jumpListCategories, parseRecent, reconcileRecent, rememberProject, type RecentProject } from './recent-projects';

/** electron-builder.yml's appId: Windows ties notifications and the jump list to it (the installer's shortcut carries the same id). */
export const APP_USER_MODEL_ID = 'studio.echoes.app';
export const APP_NAME = 'Echoes Studio';

/** Before 'ready', on Windows: the app's identity, which notifications and the jump list go by. */
export function prepareDesktop(platform: NodeJS.Platform): void {
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
}

/** What desktop.ts needs from index.ts: the window (if any) and a way to bring one up. */
export interface WindowHost {
  window(): BrowserWindow | null;
  /**
   * Brings the studio window up, creating it when there is none; a command goes to the page
   * (a new window opens on the command's screen instead).
   */
  show(command?: ShellCommand): void;
}

export interface Desktop {
  /** The window was created: context menu, progress bar and the close question follow it. */
  attachWindow(win: BrowserWindow): void;
  /** Records a project the page opened (editor.open answered): dock menu / jump list. */
  projectOpened(project: RecentProject): void;
}

/**
 * The desktop conventions, as thin glue over pure decisions (call after 'ready', before the first
 * window): the application menu (app-menu.ts), taskbar / dock progress, a notification when an export or a generation batch ends while the
 * window is not focused, the question before quitting or closing during one (desktop-activity.ts),
 * a power-save blocker while exporting, the text-field context menu (context-menu.ts) and the
 * recent projects in the dock menu or jump list (recent-projects.ts).
 */
export function installDesktop(options: { studio: Studio; host: WindowHost; platform: NodeJS.Platform; packaged: boolean; dataDir: string }): Desktop {
  const { studio, host, platform } = options;
  // dark native chrome whatever the OS setting: title bar, dialogs, menus, scrollbars (the page sets color-scheme: dark too)
  nativeTheme.themeSource = 'dark';

  // ---- menu
  const openHelp = guardedOpener((url) => shell.openExternal(url), () => null);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      applicationMenuTemplate(
        { platform, packaged: options.packaged, appName: APP_NAME },
        {
          command(command) {
            if (command === 'settings') host.show({ command });
            else if (host.window()) sendCommand({ command });
          },
          openHelp: () => void openHelp(APP_HOMEPAGE).catch((error: unknown) => console.error('help site not opened', error)),
          showLogFolder: () => void shell.openPath(logFolderToShow(logsDir(), options.dataDir, existsSync)),
        },
      ),
    ),
  );
  app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: app.getVersion(), website: APP_HOMEPAGE });

  function sendCommand(command: ShellCommand): void {
    studio.events.emit({ type: 'shell.command', payload: ShellCommand.parse(command) });
  }

  // ---- activity: progress, notifications, power-save blocker
  let activity: Activity = idleActivity;
  let blocker: number | null = null;
  studio.events.subscribe((event: StudioEvent) => {
    if (event.type !== 'export.progress' && event.type !== 'job.updated') return;
    const next = nextActivity(activity, event);
    activity = next.activity;
    host.window()?.setProgressBar(progressBarValue(activity));
    if (isExporting(activity) && blocker === null) blocker = powerSaveBlocker.start('prevent-app-suspension');
    if (!isExporting(activity) && blocker !== null) {
      powerSaveBlocker.stop(blocker);
      blocker = null;
    }
    if (next.finished) void notify(next.finished);
  });
  async function notify(finished: Finished): Promise<void> {
    const windowFocused = host.window()?.isFocused() ?? false;
    if (windowFocused || !Notification.isSupported()) return;
    const project = finished.kind === 'export' ? await callStudio(studio.handlers, 'projects.get', { id: finished.projectId }).catch(() => null) : null;
    const notice = finishNotice(finished, { windowFocused, projectName: project?.name ?? null });
    if (!notice) return;
    const notification = new Notification({ title: notice.title, body: notice.body });
    notification.on('click', () => host.show());
    notification.show();
  }

  // ---- quitting or closing while something runs
  let quitConfirmed = false;
  let asking = false;
  /**
   * Before a quit (or a close that quits): when something runs, holds it back and asks; `proceed`
   * runs again once the creator agreed. One question at a time: a request while it is open is
   * held back and left to that answer.
   */
  function confirmFirst(event: { preventDefault(): void }, action: 'quit' | 'close', proceed: () => void): void {
    if (quitConfirmed) return;
    const question = quitQuestion(activity, { platform, action });
    if (!question) return;
    event.preventDefault();
    if (asking) return;
    asking = true;
    void agrees(question)
      .then((yes) => {
        if (!yes) return;
        quitConfirmed = true;
        proceed();
      })
      .finally(() => (asking = false));
  }
  async function agrees(question: QuitQuestion): Promise<boolean> {
    const box: MessageBoxOptions = { type: 'warning', message: question.message, detail: question.detail, buttons: question.buttons, defaultId: 1, cancelId: 1, noLink: true };
    const win = host.window();
    const { response } = win ? await dialog.showMessageBox(win, box) : await dialog.showMessageBox(box);
    return response === 0;
  }
  app.on('before-quit', (event) => confirmFirst(event, 'quit', () => app.quit()));

  // ---- recent projects
  const recentFile = join(options.dataDir, 'recent-projects.json');
  let recent = parseRecent(readText(recentFile));
  function publishRecent(next: RecentProject[]): void {
    if (JSON.stringify(next) !== JSON.stringify(recent)) {
      recent = next;
      try {
        writeFileSync(recentFile, JSON.stringify(recent));
      } catch (error) {
        console.error('recent projects not saved', error);
      }
    }
    if (platform === 'darwin') app.dock?.setMenu(Menu.buildFromTemplate(dockMenuTemplate(recent, (projectId) => host.show({ command: 'open-project', projectId }))));
    if (platform === 'win32') {
      // development (electron .): the jump list starts the interpreter with our entry script
      const scriptArgs = process.defaultApp && process.argv.length >= 2 ? [resolve(process.argv[1]!)] : [];
      const result = app.setJumpList(jumpListCategories(recent, { program: process.execPath, scriptArgs }));
      if (result !== 'ok') console.warn(`jump list not set: ${result}`);
    }
  }
  const refreshRecent = () =>
    callStudio(studio.handlers, 'projects.list', {})
      .then((projects) => publishRecent(reconcileRecent(recent, projects)))
      .catch((error: unknown) => console.error('recent projects not refreshed', error));
  void refreshRecent();
  studio.events.subscribe((event) => {
    if (event.type === 'projects.changed') void refreshRecent();
  });

  return {
    attachWindow(win) {
      win.setProgressBar(progressBarValue(activity));
      win.webContents.on('context-menu', (_event, params) => {
        const template = contextMenuTemplate(params);
        if (template.length > 0) Menu.buildFromTemplate(template).popup({ window: win });
      });
      win.on('close', (event) => confirmFirst(event, 'close', () => win.isDestroyed() || win.close()));
    },
    projectOpened(project) {
      publishRecent(rememberProject(recent, project));
    },
  };
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function logsDir(): string | null {
  try {
    return app.getPath('logs');
  } catch {
    return null;
  }
}
