import type { MenuItemConstructorOptions } from 'electron';
import type { ShellCommand } from '../../shared/contract/system';

/** What the menu's own items do; index.ts / desktop.ts back them with Electron. Roles (Cut, Copy, Quit ...) need none. */
export interface MenuActions {
  /** Settings, Export, Undo, Redo: the page does them (a `shell.command` event); Settings opens a window if there is none. */
  command(command: Exclude<ShellCommand['command'], 'open-project'>): void;
  /** Opens the help site in the browser (through the openExternal allow-list). */
  openHelp(): void;
  /** Opens the log folder, or the data folder while there is no log folder yet. */
  showLogFolder(): void;
}

export interface MenuPlatform {
  platform: NodeJS.Platform;
  /** Packaged builds have no Reload / Force Reload / Developer Tools. */
  packaged: boolean;
  appName: string;
}

/**
 * The application menu, per platform: macOS gets the app menu (About, Settings Cmd+,, Services,
 * Hide, Quit) and a Window menu; Windows and Linux put Settings and Exit in File and About in Help.
 *
 * Undo, Redo, Settings and Export are our items, not Electron's roles, so they act on the studio:
 * the page sees every key press first, and it handles Ctrl/Cmd+Z, Y and E itself outside text
 * fields (preventDefault), so these accelerators fire only for key presses it left alone (typing in
 * a text field, or a screen without that shortcut) and for clicks; the page then undoes the typing
 * in a text field and the studio's edit history elsewhere.
 */
export function applicationMenuTemplate(target: MenuPlatform, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = target.platform === 'darwin';
  const settings: MenuItemConstructorOptions = { label: mac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', click: () => actions.command('settings') };
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  // &F: Alt+F opens the menu on Windows and Linux; macOS menus have no mnemonics
  const title = (label: string) => (mac ? label.replace('&', '') : label);

  const appMenu: MenuItemConstructorOptions = {
    label: target.appName,
    submenu: [
      { role: 'about', label: `About ${target.appName}` },
      separator,
      settings,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit', label: `Quit ${target.appName}` },
    ],
  };
  const fileMenu: MenuItemConstructorOptions = {
    label: title('&File'),
    submenu: [
      { label: 'Export Video', accelerator: 'CmdOrCtrl+E', click: () => actions.command('export') },
      ...(mac ? [separator, { role: 'close' } as const] : [separator, settings, separator, { role: 'quit', label: target.platform === 'win32' ? 'E&xit' : '&Quit' } as const]),
    ],
  };
  const editMenu: MenuItemConstructorOptions = {
    label: title('&Edit'),
    submenu: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => actions.command('undo') },
      { label: 'Redo', accelerator: mac ? 'Shift+Cmd+Z' : 'Ctrl+Y', click: () => actions.command('redo') },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const developer: MenuItemConstructorOptions[] = target.packaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator];
  const viewMenu: MenuItemConstructorOptions = {
    label: title('&View'),
    submenu: [...developer, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }],
  };
  const windowMenu: MenuItemConstructorOptions = { role: 'windowMenu' };
  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    label: title('&Help'),
    submenu: [
      { label: `${target.appName} Help`, click: () => actions.openHelp() },
      { label: 'Show Log Folder', click: () => actions.showLogFolder() },
      ...(mac ? [] : [separator, { role: 'about', label: `About ${target.appName}` } as const]),
    ],
  };
  return mac ? [appMenu, fileMenu, editMenu, viewMenu, windowMenu, helpMenu] : [fileMenu, editMenu, viewMenu, helpMenu];
}

/** Show log folder: the log folder once something was logged, the data folder before that. */
export function logFolderToShow(logsDir: string | null, dataDir: string, exists: (path: string) => boolean): string {
  return logsDir !== null && exists(logsDir) ? logsDir : dataDir;
}
