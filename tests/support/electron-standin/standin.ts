/**
 * A recording stand-in for the 'electron' module (tests only, never product code). It has the part
 * of Electron's API the main bundle and the preload use, records every call in order, and lets a
 * test drive what Electron would: 'ready', IPC calls from a given frame, protocol requests, window
 * and web-contents events. The Electron binary cannot be downloaded here; this is how the built
 * bundles run under Node (see DESIGN.md, "Electron").
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';

export interface StandInOptions {
  /** What app.getPath answers: userData, logs, temp ... (userData and logs are required). */
  paths: Record<string, string>;
  isPackaged?: boolean;
  /** app.requestSingleInstanceLock()'s answer (false: another instance runs). */
  singleInstance?: boolean;
  /** safeStorage.isAsyncEncryptionAvailable()'s answer. */
  encryptionAvailable?: boolean;
  /** dialog.showMessageBox's response index. */
  messageBoxResponse?: number;
  /** The platform the app is told it runs on (app.dock exists on 'darwin' only); the test sets process.platform to match (load-bundle.ts). */
  platform?: NodeJS.Platform;
}

/** A menu as Menu.buildFromTemplate made it: the template the shell gave, kept whole (click handlers included). */
export interface BuiltMenu {
  readonly template: MenuTemplateItem[];
  popup(options?: unknown): void;
}

export interface MenuTemplateItem {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  enabled?: boolean;
  click?: (...args: unknown[]) => unknown;
  submenu?: MenuTemplateItem[];
}

export interface RecordedEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

export function electronEvent(): RecordedEvent {
  let prevented = false;
  return {
    preventDefault: () => void (prevented = true),
    get defaultPrevented() {
      return prevented;
    },
  };
}

type Handler = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SenderFrame {
  url: string;
  parent: unknown;
}

export function createElectronStandIn(options: StandInOptions) {
  const log: string[] = [];
  const record = (entry: string) => void log.push(entry);

  // ---- app
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));
  let isReady = false;
  const exitCodes: number[] = [];
  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.isPackaged ?? false,
    requestSingleInstanceLock() {
      record('app.requestSingleInstanceLock');
      return options.singleInstance ?? true;
    },
    whenReady() {
      record('app.whenReady');
      return readyPromise;
    },
    isReady: () => isReady,
    getPath(name: string) {
      const path = options.paths[name];
      if (!path) throw new Error(`stand-in: app.getPath('${name}') has no answer`);
      return path;
    },
    getVersion: () => '0.0.0-standin',
    setAppLogsPath: () => record('app.setAppLogsPath'),
    setAsDefaultProtocolClient(scheme: string) {
      record(`app.setAsDefaultProtocolClient ${scheme}`);
      return true;
    },
    isDefaultProtocolClient: () => true,
    exit(code = 0) {
      record(`app.exit ${code}`);
      exitCodes.push(code);
    },
    /** As Electron quits: before-quit (cancellable), each window's close (cancellable), then will-quit. */
    quit() {
      record('app.quit');
      const beforeQuit = electronEvent();
      app.emit('before-quit', beforeQuit);
      if (beforeQuit.defaultPrevented) return;
      for (const win of windows.filter((w) => !w.destroyed)) {
        if (!win.close()) return;
      }
      quitCount++;
      app.emit('will-quit', electronEvent());
    },
    relaunch() {
      record('app.relaunch');
    },
    setAppUserModelId(id: string) {
      record(`app.setAppUserModelId ${id}`);
    },
    setAboutPanelOptions(about: Record<string, unknown>) {
      aboutPanel = about;
    },
    setJumpList(categories: unknown[] | null) {
      record('app.setJumpList');
      jumpLists.push(categories);
      return 'ok';
    },
    async getFileIcon(path: string) {
      return { icon: path, isEmpty: () => false };
    },
    dock:
      options.platform === 'darwin'
        ? {
            setMenu(menu: BuiltMenu) {
              record('app.dock.setMenu');
              dockMenus.push(menu);
            },
          }
        : undefined,
  });
  let quitCount = 0;
  let aboutPanel: Record<string, unknown> | null = null;
  const jumpLists: Array<unknown[] | null> = [];
  const dockMenus: BuiltMenu[] = [];

  // ---- protocol
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const privilegedSchemes: Array<{ scheme: string; privileges?: Record<string, boolean> }> = [];
  const protocol = {
    registerSchemesAsPrivileged(schemes: typeof privilegedSchemes) {
      record(`protocol.registerSchemesAsPrivileged ${schemes.map((s) => s.scheme).join(',')}`);
      if (isReady) throw new Error('registerSchemesAsPrivileged must be called before app is ready');
      privilegedSchemes.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
      record(`protocol.handle ${scheme}`);
      if (!isReady) throw new Error('protocol.handle must be called after app is ready');
      protocolHandlers.set(scheme, handler);
    },
  };

  // ---- session
  let permissionRequest: Handler | null = null;
  let permissionCheck: Handler | null = null;
  const session = {
    defaultSession: {
      setPermissionRequestHandler(handler: Handler) {
        record('session.setPermissionRequestHandler');
        permissionRequest = handler;
      },
      setPermissionCheckHandler(handler: Handler) {
        record('session.setPermissionCheckHandler');
        permissionCheck = handler;
      },
    },
  };

  // ---- web contents and windows
  const sends = new EventEmitter();
  class WebContents extends EventEmitter {
    readonly sent: Array<{ channel: string; payload: unknown }> = [];
    windowOpenHandler: Handler | null = null;
    destroyed = false;
    send(channel: string, payload: unknown) {
      this.sent.push({ channel, payload });
      sends.emit('sent', this, payload);
    }
    setWindowOpenHandler(handler: Handler) {
      this.windowOpenHandler = handler;
    }
    readonly drags: Array<{ file: string; icon: unknown }> = [];
    startDrag(item: { file: string; icon: unknown }) {
      record(`webContents.startDrag ${item.file}`);
      if (!item.icon) throw new Error('stand-in: startDrag needs an icon (it must be non-empty on macOS)');
      this.drags.push(item);
    }
    isDestroyed() {
      return this.destroyed;
    }
  }

  const windows: BrowserWindow[] = [];
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => windows.filter((w) => !w.destroyed);
    static fromWebContents = (contents: unknown) => windows.find((w) => w.webContents === contents) ?? null;
    readonly webContents = new WebContents();
    readonly loaded: string[] = [];
    visible = false;
    destroyed = false;
    constructor(readonly options: { show?: boolean; webPreferences?: Record<string, unknown> }) {
      super();
      record('new BrowserWindow');
      if (!isReady) throw new Error('BrowserWindow cannot be created before app is ready');
      this.visible = options.show ?? true;
      windows.push(this);
      app.emit('web-contents-created', electronEvent(), this.webContents);
    }
    loadURL(url: string) {
      record(`window.loadURL ${url}`);
      this.loaded.push(url);
      return Promise.resolve();
    }
    show() {
      record('window.show');
      this.visible = true;
    }
    isVisible = () => this.visible;
    isDestroyed = () => this.destroyed;
    isMinimized = () => false;
    restore() {}
    focused = true;
    isFocused = () => this.focused;
    focus() {
      record('window.focus');
      this.focused = true;
    }
    /** Every value given to setProgressBar, in order (-1 removes the bar). */
    readonly progress: number[] = [];
    setProgressBar(value: number) {
      this.progress.push(value);
    }
    /** As the close button or Cmd+W: 'close' (cancellable), then 'closed'; the last window's close emits window-all-closed. Returns whether it closed. */
    close(): boolean {
      if (this.destroyed) return true;
      record('window.close');
      const event = electronEvent();
      this.emit('close', event);
      if (event.defaultPrevented) return false;
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
      if (windows.every((w) => w.destroyed)) app.emit('window-all-closed', electronEvent());
      return true;
    }
  }

  // ---- IPC (main and renderer sides)
  const ipcHandlers = new Map<string, Handler>();
  const ipcMain = {
    handle(channel: string, handler: Handler) {
      record(`ipcMain.handle ${channel}`);
      if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      ipcHandlers.delete(channel);
    },
  };
  const rendererInvokes: Array<{ channel: string; args: unknown[] }> = [];
  const rendererListeners = new EventEmitter();
  const ipcRenderer = {
    invoke(channel: string, ...args: unknown[]) {
      rendererInvokes.push({ channel, args });
      return Promise.resolve({ channel, args });
    },
    on(channel: string, listener: Handler) {
      rendererListeners.on(channel, listener);
    },
    removeListener(channel: string, listener: Handler) {
      rendererListeners.removeListener(channel, listener);
    },
  };
  const exposed = new Map<string, unknown>();
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      record(`contextBridge.exposeInMainWorld ${key}`);
      exposed.set(key, api);
    },
  };
  const webUtils = { getPathForFile: (file: { name: string }) => join('/dropped', file.name) };

  // ---- dialogs, shell, safeStorage
  let messageBoxResponse = options.messageBoxResponse ?? 0;
  let savePath: string | null = null;
  const openDialogPaths: string[] = [];
  const errorBoxes: Array<{ title: string; content: string }> = [];
  const messageBoxes: Array<Record<string, unknown>> = [];
  const dialog = {
    showErrorBox(title: string, content: string) {
      record('dialog.showErrorBox');
      errorBoxes.push({ title, content });
    },
    async showMessageBox(...args: unknown[]) {
      record('dialog.showMessageBox');
      messageBoxes.push(args.at(-1) as Record<string, unknown>);
      return { response: messageBoxResponse, checkboxChecked: false };
    },
    async showOpenDialog() {
      record('dialog.showOpenDialog');
      return openDialogPaths.length > 0 ? { canceled: false, filePaths: [...openDialogPaths] } : { canceled: true, filePaths: [] };
    },
    async showSaveDialog() {
      record('dialog.showSaveDialog');
      return savePath ? { canceled: false, filePath: savePath } : { canceled: true };
    },
  };
  const opened: string[] = [];
  const shell = {
    openExternal: async (url: string) => void opened.push(url),
    showItemInFolder: (path: string) => void opened.push(`folder:${path}`),
    openPath: async (path: string) => {
      opened.push(`open:${path}`);
      return '';
    },
  };

  // ---- menus, theme, notifications, power-save blockers
  let applicationMenu: BuiltMenu | null = null;
  const popups: BuiltMenu[] = [];
  const Menu = {
    buildFromTemplate(template: MenuTemplateItem[]): BuiltMenu {
      const menu: BuiltMenu = {
        template,
        popup() {
          record('menu.popup');
          popups.push(menu);
        },
      };
      return menu;
    },
    setApplicationMenu(menu: BuiltMenu | null) {
      record('Menu.setApplicationMenu');
      applicationMenu = menu;
    },
  };
  const nativeTheme = Object.assign(new EventEmitter(), { themeSource: 'system', shouldUseDarkColors: false });
  const notifications: Array<{ title: string; body: string; shown: boolean; click(): void }> = [];
  class Notification extends EventEmitter {
    static isSupported = () => true;
    readonly entry: { title: string; body: string; shown: boolean; click(): void };
    constructor(notice: { title: string; body: string }) {
      super();
      this.entry = { title: notice.title, body: notice.body, shown: false, click: () => this.emit('click', electronEvent()) };
      notifications.push(this.entry);
    }
    show() {
      record('notification.show');
      this.entry.shown = true;
    }
  }
  let nextBlocker = 1;
  const blockers = new Map<number, string>();
  const powerSaveBlocker = {
    start(type: string) {
      record(`powerSaveBlocker.start ${type}`);
      const id = nextBlocker++;
      blockers.set(id, type);
      return id;
    },
    stop(id: number) {
      record('powerSaveBlocker.stop');
      if (!blockers.delete(id)) throw new Error(`stand-in: no power-save blocker ${id}`);
    },
    isStarted: (id: number) => blockers.has(id),
  };
  const safeStorage = {
    isAsyncEncryptionAvailable: async () => options.encryptionAvailable ?? true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptStringAsync: async (plain: string) => Buffer.from(`enc:${plain}`),
    decryptStringAsync: async (data: Buffer) => ({ shouldReEncrypt: false, result: data.toString().replace(/^enc:/, '') }),
    isEncryptionAvailable() {
      throw new Error('stand-in: safeStorage.isEncryptionAvailable is deprecated in Electron 45; use isAsyncEncryptionAvailable');
    },
    encryptString() {
      throw new Error('stand-in: safeStorage.encryptString is deprecated in Electron 45; use encryptStringAsync');
    },
    decryptString() {
      throw new Error('stand-in: safeStorage.decryptString is deprecated in Electron 45; use decryptStringAsync');
    },
  };

  /** What `require('electron')` returns in the main process and the preload. */
  const electron = { app, protocol, session, BrowserWindow, ipcMain, ipcRenderer, contextBridge, webUtils, dialog, shell, safeStorage, Menu, nativeTheme, Notification, powerSaveBlocker };

  return {
    electron,
    log,
    exitCodes,
    errorBoxes,
    messageBoxes,
    opened,
    windows,
    privilegedSchemes,
    exposed,
    rendererInvokes,
    rendererListeners,
    nativeTheme,
    notifications,
    jumpLists,
    dockMenus,
    popups,
    /** The menu given to Menu.setApplicationMenu (null before). */
    applicationMenu: () => applicationMenu,
    aboutPanel: () => aboutPanel,
    /** Power-save blockers started and not stopped: id -> type. */
    blockers,
    /** How many times a quit went all the way (will-quit). */
    quits: () => quitCount,
    /** Windows not closed yet. */
    openWindows: () => windows.filter((w) => !w.destroyed),
    /** The macOS dock icon clicked (Electron's 'activate'). */
    activate(): void {
      app.emit('activate', electronEvent(), windows.some((w) => !w.destroyed));
    },
    /** A deep link as macOS delivers it (open-url). */
    openUrl(url: string): void {
      app.emit('open-url', electronEvent(), url);
    },
    /** Emits 'ready' and resolves whenReady(), then waits until the start-up work opened a window or exited. */
    async emitReady(): Promise<void> {
      record('ready');
      isReady = true;
      app.emit('ready', electronEvent(), {});
      resolveReady();
      await waitFor(() => windows.length > 0 || exitCodes.length > 0, 'a window or an exit after ready');
    },
    /** What dialog.showOpenDialog answers with from now on (none: cancelled). */
    answerOpenDialogs(paths: string[]): void {
      openDialogPaths.splice(0, openDialogPaths.length, ...paths);
    },
    /** What dialog.showSaveDialog answers with from now on (null: cancelled). */
    answerSaveDialogs(path: string | null): void {
      savePath = path;
    },
    /**
     * Resolves with the first payload a window's web contents sent (to the page) that `matches`,
     * already sent or still to come; the test's own timeout bounds the wait.
     */
    untilSent<T>(matches: (payload: unknown) => payload is T): Promise<T> {
      for (const win of windows) for (const { payload } of win.webContents.sent) if (matches(payload)) return Promise.resolve(payload);
      return new Promise((resolve) => {
        const listener = (_contents: unknown, payload: unknown) => {
          if (!matches(payload)) return;
          sends.off('sent', listener);
          resolve(payload);
        };
        sends.on('sent', listener);
      });
    },
    /** A second launch, as Electron reports it to the first instance. */
    secondInstance(argv: string[]): void {
      app.emit('second-instance', electronEvent(), argv, process.cwd(), {});
    },
    /** Which button dialog.showMessageBox answers with from now on. */
    answerMessageBoxes(response: number): void {
      messageBoxResponse = response;
    },
    /** An invoke from a page frame, the way ipcMain.handle's handler receives it. */
    invoke(channel: string, frame: SenderFrame | null, ...args: unknown[]): Promise<unknown> {
      const handler = ipcHandlers.get(channel);
      if (!handler) throw new Error(`no IPC handler for ${channel}`);
      const sender = windows.filter((w) => !w.destroyed).at(-1)?.webContents ?? new WebContents();
      return Promise.resolve(handler({ senderFrame: frame, sender, frameId: 1, processId: 1 }, ...args));
    },
    ipcChannels: () => [...ipcHandlers.keys()],
    fetch(url: string, init?: RequestInit): Promise<Response> {
      const scheme = new URL(url).protocol.slice(0, -1);
      const handler = protocolHandlers.get(scheme);
      if (!handler) throw new Error(`no protocol handler for ${scheme}:`);
      return Promise.resolve(handler(new Request(url, init)));
    },
    /** Asks the session's request handler, as Chromium does for a page's permission request. */
    requestPermission(permission: string, requestingUrl: string): Promise<boolean> {
      if (!permissionRequest) throw new Error('no permission request handler');
      const handler = permissionRequest;
      return new Promise((resolve) => handler(windows[0]?.webContents ?? null, permission, resolve, { requestingUrl }));
    },
    checkPermission(permission: string, requestingOrigin: string): boolean {
      if (!permissionCheck) throw new Error('no permission check handler');
      return Boolean(permissionCheck(windows[0]?.webContents ?? null, permission, requestingOrigin, {}));
    },
    /** Ends the app the way Electron does on quit (will-quit closes the studio). */
    quit(): void {
      app.emit('will-quit', electronEvent());
    },
  };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;

/** Waits, one event-loop turn at a time (no timer), until the condition holds; throws after very many turns. */
export async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 1_000_000; turn++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`stand-in: never saw ${what}`);
}
