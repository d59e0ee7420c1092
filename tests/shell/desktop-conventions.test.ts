/**
 * The desktop conventions and the macOS window lifecycle, as the built main bundle carries them out
 * under the recording Electron stand-in: the menu it sets and what its items do, the window it
 * recreates, the progress bars, notifications, dialogs, power-save blockers, drags, jump lists and
 * dock menus it asks Electron for, driven by real studio work (an import, a generation, an export).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Export, JobUpdated, ShellCommand, StudioEvent } from '../../shared/contract/index';
import { APP_HOMEPAGE } from '../../electron/services/version';
import { ensureBuiltApp } from '../support/electron-standin/built-app';
import { devLayout, packagedLayout } from '../support/electron-standin/layouts';
import { loadBundle, pretendPlatform, unloadBundles } from '../support/electron-standin/load-bundle';
import { createElectronStandIn, electronEvent, waitFor, type ElectronStandIn, type MenuTemplateItem } from '../support/electron-standin/standin';
import { makeStill } from '../generate/support/media';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-desktop-');
let root = '';
beforeAll(async () => {
  root = await ensureBuiltApp();
}, 300_000);

/** Lets an answered dialog's promise chain run to its end (one event-loop turn: the stand-in answers at once). */
const answered = () => new Promise<void>((resolve) => setImmediate(resolve));

const running: ElectronStandIn[] = [];
afterEach(() => {
  for (const standIn of running.splice(0)) standIn.quit();
  unloadBundles();
});

const STUDIO_PAGE = { url: 'app://studio/index.html', parent: null };
const PAGE = 'app://studio/index.html';

interface Launched {
  standIn: ElectronStandIn;
  home: string;
  userData: string;
  logs: string;
}

/** The built main bundle started under the stand-in as `platform` (process.platform answers it until the test ends). */
async function launch(options: { platform?: NodeJS.Platform; packaged?: boolean; home?: string } = {}): Promise<Launched> {
  const home = options.home ?? tempDir();
  const userData = join(home, 'userData');
  const logs = join(home, 'logs');
  if (options.platform) pretendPlatform(options.platform);
  const layout = options.packaged ? packagedLayout(root, tempDir()) : devLayout(root);
  const standIn = createElectronStandIn({ paths: { userData, logs }, isPackaged: layout.isPackaged, platform: options.platform ?? process.platform });
  running.push(standIn);
  loadBundle(layout.mainPath, standIn, layout.resourcesPath);
  await standIn.emitReady();
  expect(standIn.errorBoxes).toEqual([]);
  return { standIn, home, userData, logs };
}

async function call<T = unknown>(standIn: ElectronStandIn, method: string, input: unknown = {}): Promise<T> {
  const result = (await standIn.invoke('echoes:call', STUDIO_PAGE, method, input)) as { ok: boolean; value?: T; error?: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value as T;
}

const studioEvents = (standIn: ElectronStandIn, index: number): StudioEvent[] =>
  standIn.windows[index]!.webContents.sent.filter((s) => s.channel === 'echoes:event').map((s) => s.payload as StudioEvent);
const shellCommands = (standIn: ElectronStandIn, index: number): ShellCommand[] =>
  studioEvents(standIn, index).flatMap((e) => (e.type === 'shell.command' ? [e.payload] : []));

const menuItems = (items: MenuTemplateItem[]): MenuTemplateItem[] => items.flatMap((m) => [m, ...menuItems(m.submenu ?? [])]);
function menuItem(standIn: ElectronStandIn, label: string): MenuTemplateItem {
  const menu = standIn.applicationMenu();
  if (!menu) throw new Error('no application menu was set');
  const item = menuItems(menu.template).find((m) => m.label === label || m.role === label);
  if (!item) throw new Error(`no menu item ${label}`);
  return item;
}
const clickMenu = (standIn: ElectronStandIn, label: string) => menuItem(standIn, label).click!({}, undefined, {});

describe('macOS: the window can close while the app runs on, and comes back', () => {
  it('Cmd+W closes the window, the app stays; the dock icon opens a new window, which then gets the events', async () => {
    const { standIn } = await launch({ platform: 'darwin' });
    expect(standIn.windows[0]!.close()).toBe(true);
    expect(standIn.openWindows()).toEqual([]);
    expect(standIn.log).not.toContain('app.quit');
    expect(standIn.quits()).toBe(0);
    // the studio still answers (nothing was closed with the window)
    expect((await call<unknown[]>(standIn, 'music.list')).length).toBeGreaterThan(0);
    // a menu command with no window has no page to go to: nothing is sent to the destroyed one
    clickMenu(standIn, 'Undo');
    expect(shellCommands(standIn, 0)).toEqual([]);

    standIn.activate();
    expect(standIn.windows).toHaveLength(2);
    expect(standIn.openWindows()).toEqual([standIn.windows[1]]);
    expect(standIn.windows[1]!.loaded).toEqual([PAGE]);
    clickMenu(standIn, 'Undo');
    expect(shellCommands(standIn, 1)).toEqual([{ command: 'undo' }]);
    // the dock icon with a window open makes no other
    standIn.activate();
    expect(standIn.windows).toHaveLength(2);
  });

  it('a second launch, an echoes:// link or Settings with no window each open one', async () => {
    const { standIn } = await launch({ platform: 'darwin' });
    standIn.windows[0]!.close();
    standIn.secondInstance(['/Applications/Echoes Studio.app/Contents/MacOS/Echoes Studio']);
    expect(standIn.openWindows()).toHaveLength(1);
    expect(standIn.windows[1]!.loaded).toEqual([PAGE]);

    standIn.windows[1]!.close();
    standIn.openUrl('echoes://auth/callback?code=c&state=s');
    expect(standIn.openWindows()).toHaveLength(1);
    expect(standIn.windows[2]!.loaded).toEqual([PAGE]);

    standIn.windows[2]!.close();
    clickMenu(standIn, 'Settings…');
    expect(standIn.windows[3]!.loaded).toEqual([`${PAGE}#/settings`]);
    // with the window open, Settings goes to the page
    clickMenu(standIn, 'Settings…');
    expect(standIn.windows).toHaveLength(4);
    expect(shellCommands(standIn, 3)).toEqual([{ command: 'settings' }]);
    expect(standIn.quits()).toBe(0);
  });

  it('Windows and Linux: closing the last window quits the app', async () => {
    const { standIn } = await launch({ platform: 'win32' });
    standIn.windows[0]!.close();
    expect(standIn.quits()).toBe(1);
  });
});

describe('the application menu and the native chrome', () => {
  it('macOS in development: the app menu first, Reload and DevTools in View, dark chrome, the menu bar not hidden', async () => {
    const { standIn } = await launch({ platform: 'darwin' });
    const template = standIn.applicationMenu()!.template;
    expect(template.map((m) => m.label ?? m.role)).toEqual(['Echoes Studio', 'File', 'Edit', 'View', 'windowMenu', 'Help']);
    expect(menuItems(template).map((m) => m.role)).toEqual(expect.arrayContaining(['about', 'quit', 'reload', 'toggleDevTools']));
    expect(standIn.nativeTheme.themeSource).toBe('dark');
    expect(standIn.windows[0]!.options).toMatchObject({ autoHideMenuBar: false, backgroundColor: '#0b0d12' });
    expect(standIn.log.some((entry) => entry.startsWith('app.setAppUserModelId'))).toBe(false);
    expect(standIn.aboutPanel()).toMatchObject({ applicationName: 'Echoes Studio', website: APP_HOMEPAGE });
  });

  it('Windows, packaged: its AppUserModelId before any notification, no Reload or DevTools, the menu bar hidden until Alt', async () => {
    const { standIn } = await launch({ platform: 'win32', packaged: true });
    expect(standIn.log).toContain('app.setAppUserModelId studio.echoes.app');
    expect(standIn.log.indexOf('app.setAppUserModelId studio.echoes.app')).toBeLessThan(standIn.log.indexOf('ready'));
    const roles = menuItems(standIn.applicationMenu()!.template).map((m) => m.role);
    for (const developer of ['reload', 'forceReload', 'toggleDevTools']) expect(roles).not.toContain(developer);
    expect(standIn.windows[0]!.options).toMatchObject({ autoHideMenuBar: true });
    expect(standIn.nativeTheme.themeSource).toBe('dark');
  });

  it('Edit and File items reach the page as shell.command events; Help opens the site over https; Show Log Folder the data folder until there are logs', async () => {
    const { standIn, userData, logs } = await launch({ platform: 'linux' });
    for (const label of ['Undo', 'Redo', 'Export Video', 'Settings']) clickMenu(standIn, label);
    expect(shellCommands(standIn, 0)).toEqual([{ command: 'undo' }, { command: 'redo' }, { command: 'export' }, { command: 'settings' }]);

    clickMenu(standIn, 'Echoes Studio Help');
    await waitFor(() => standIn.opened.length > 0, 'the help site opened');
    expect(standIn.opened).toEqual([APP_HOMEPAGE]);
    expect(APP_HOMEPAGE).toMatch(/^https:/);

    clickMenu(standIn, 'Show Log Folder');
    await waitFor(() => standIn.opened.length > 1, 'a folder opened');
    expect(standIn.opened[1]).toBe(`open:${userData}`);
    mkdirSync(logs, { recursive: true });
    clickMenu(standIn, 'Show Log Folder');
    await waitFor(() => standIn.opened.length > 2, 'the log folder opened');
    expect(standIn.opened[2]).toBe(`open:${logs}`);
  });

  it('right-click in a text field: Cut, Copy, Paste, Select All; on a plain spot: no menu', async () => {
    const { standIn } = await launch();
    const contents = standIn.windows[0]!.webContents;
    contents.emit('context-menu', electronEvent(), { isEditable: false, selectionText: '', editFlags: { canCut: false, canCopy: false, canPaste: false, canSelectAll: false } });
    expect(standIn.popups).toEqual([]);
    contents.emit('context-menu', electronEvent(), { isEditable: true, selectionText: 'Tr', editFlags: { canCut: true, canCopy: true, canPaste: true, canSelectAll: true } });
    expect(standIn.popups).toHaveLength(1);
    expect(standIn.popups[0]!.template.map((m) => m.role ?? m.type)).toEqual(['cut', 'copy', 'paste', 'separator', 'selectAll']);
  });
});

const isJob = (state: JobUpdated['state']) => (p: unknown): p is StudioEvent => (p as StudioEvent).type === 'job.updated' && (p as { payload: JobUpdated }).payload.state === state;
const isExportEnd = (p: unknown): p is { payload: Export } => (p as StudioEvent).type === 'export.progress' && (p as { payload: Export }).payload.state !== 'running';

describe('generating and exporting through the shell', () => {
  it('progress on the taskbar, a notification when the window is not focused, a question before closing or quitting, no sleep while exporting, the exported file shown and dragged out', async () => {
    const { standIn, home, userData } = await launch();
    const win = standIn.windows[0]!;
    const project = await call<{ id: string }>(standIn, 'projects.create', { name: 'Trip' });
    const photo = await makeStill(join(home, 'photo.png'), { width: 480, height: 270, variant: 1, blobs: [{ u: 0.4, v: 0.5 }] });
    const imported = await call<{ results: Array<{ ok: boolean; clip: { id: string } }> }>(standIn, 'media.importPaths', { projectId: project.id, paths: [photo] });
    const clipId = imported.results[0]!.clip.id;
    await call(standIn, 'clips.update', { clipId, durationS: 2 });

    // device takes are made at the project's export size and rate
    await call(standIn, 'timeline.update', { projectId: project.id, output: { aspect: '16:9', resolution: '720p', fps: 24, quality: 'draft' } });
    // generation, the window in the background
    win.focused = false;
    const progressBefore = win.progress.length;
    await call(standIn, 'generate.clips', { clipIds: [clipId], seed: 7, fps: 24 });
    await standIn.untilSent(isJob('succeeded'));
    await waitFor(() => standIn.notifications.length > 0, 'the generation notification');
    expect(standIn.notifications[0]).toMatchObject({ title: 'Clips ready', body: '1 clip generated.', shown: true });
    const generationBars = win.progress.slice(progressBefore);
    expect(generationBars.at(-1)).toBe(-1);
    expect(generationBars.slice(0, -1).every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(generationBars.length).toBeGreaterThan(1);

    const [take] = await call<Array<{ id: string }>>(standIn, 'takes.list', { clipId });
    await call(standIn, 'takes.approve', { clipId, takeId: take!.id });

    // an export: the machine may not sleep, closing and quitting ask first
    const barsBeforeExport = win.progress.length;
    const started = await call<Export>(standIn, 'exports.start', { projectId: project.id });
    expect([...standIn.blockers.values()]).toEqual(['prevent-app-suspension']);
    standIn.answerMessageBoxes(1);
    expect(win.close()).toBe(false);
    await waitFor(() => standIn.messageBoxes.length === 1, 'the close question');
    expect(standIn.messageBoxes[0]).toMatchObject({ message: 'Close Echoes Studio while it exports?', buttons: ['Close', 'Keep exporting'], cancelId: 1, defaultId: 1 });
    await answered();
    standIn.electron.app.quit();
    await waitFor(() => standIn.messageBoxes.length === 2, 'the quit question');
    expect(standIn.messageBoxes[1]).toMatchObject({ message: 'Quit Echoes Studio while it exports?' });
    expect(standIn.quits()).toBe(0);
    expect(win.isDestroyed()).toBe(false);

    const ended = await standIn.untilSent(isExportEnd);
    expect(ended.payload).toMatchObject({ id: started.id, state: 'succeeded' });
    expect(standIn.blockers.size).toBe(0);
    expect(standIn.log).toContain('powerSaveBlocker.stop');
    const exportBars = win.progress.slice(barsBeforeExport);
    expect(exportBars.at(-1)).toBe(-1);
    expect(exportBars.slice(0, -1).every((v) => v >= 0 && v <= 1)).toBe(true);
    await waitFor(() => standIn.notifications.length > 1, 'the export notification');
    expect(standIn.notifications[1]).toMatchObject({ title: 'Export finished', body: 'Trip is ready to watch and share.', shown: true });
    standIn.notifications[1]!.click();
    expect(standIn.log.at(-1)).toBe('window.focus');

    // Show in folder and dragging out: a copy named after the project, not the hash-named media file
    const namedCopy = join(userData, 'exports', started.id, 'Trip.mp4');
    await call(standIn, 'exports.showInFolder', { exportId: started.id });
    expect(standIn.opened.at(-1)).toBe(`folder:${namedCopy}`);
    expect(statSync(namedCopy).size).toBe(ended.payload.sizeBytes);
    await call(standIn, 'exports.startDrag', { exportId: started.id });
    expect(win.webContents.drags.map((d) => d.file)).toEqual([namedCopy]);

    // after Save As, the saved file; once it is gone, the named copy again
    const desktop = join(home, 'Desktop');
    mkdirSync(desktop);
    standIn.answerSaveDialogs(join(desktop, 'Holiday.mp4'));
    expect(await call(standIn, 'exports.saveAs', { exportId: started.id })).toEqual({ path: join(desktop, 'Holiday.mp4') });
    await call(standIn, 'exports.showInFolder', { exportId: started.id });
    expect(standIn.opened.at(-1)).toBe(`folder:${join(desktop, 'Holiday.mp4')}`);
    await call(standIn, 'exports.startDrag', { exportId: started.id });
    expect(win.webContents.drags.at(-1)?.file).toBe(join(desktop, 'Holiday.mp4'));
    rmSync(join(desktop, 'Holiday.mp4'));
    await call(standIn, 'projects.rename', { id: project.id, name: 'Trip: day 2' });
    await call(standIn, 'exports.showInFolder', { exportId: started.id });
    const renamedCopy = join(userData, 'exports', started.id, 'Trip- day 2.mp4');
    expect(standIn.opened.at(-1)).toBe(`folder:${renamedCopy}`);
    expect(existsSync(renamedCopy)).toBe(true);
    expect(existsSync(namedCopy)).toBe(false);

    // nothing runs any more: closing the window asks nothing and quits (Linux)
    expect(win.close()).toBe(true);
    expect(standIn.messageBoxes).toHaveLength(2);
    expect(standIn.quits()).toBe(1);
  }, 240_000);

  it('a notification is not shown while the creator is looking at the window', async () => {
    const { standIn, home } = await launch();
    const project = await call<{ id: string }>(standIn, 'projects.create', { name: 'Seen' });
    const photo = await makeStill(join(home, 'photo.png'), { width: 320, height: 180, variant: 2 });
    const imported = await call<{ results: Array<{ clip: { id: string } }> }>(standIn, 'media.importPaths', { projectId: project.id, paths: [photo] });
    await call(standIn, 'timeline.update', { projectId: project.id, output: { resolution: '720p' } });
    await call(standIn, 'generate.clips', { clipIds: [imported.results[0]!.clip.id], seed: 1, fps: 24 });
    await standIn.untilSent(isJob('succeeded'));
    await waitFor(() => standIn.windows[0]!.progress.at(-1) === -1, 'the progress bar removed');
    expect(standIn.notifications).toEqual([]);
  }, 120_000);
});

describe('recent projects', () => {
  const jumpTitles = (standIn: ElectronStandIn) => {
    const categories = (standIn.jumpLists.at(-1) ?? []) as Array<{ items: Array<{ title: string; args: string }> }>;
    return categories.flatMap((c) => c.items.map((i) => i.title));
  };

  it('Windows: the projects opened lately in the jump list, renamed and deleted ones followed, kept across launches', async () => {
    const first = await launch({ platform: 'win32' });
    const a = await call<{ id: string }>(first.standIn, 'projects.create', { name: 'Alpha' });
    const b = await call<{ id: string }>(first.standIn, 'projects.create', { name: 'Beta' });
    await call(first.standIn, 'editor.open', { projectId: a.id });
    await call(first.standIn, 'editor.open', { projectId: b.id });
    expect(jumpTitles(first.standIn)).toEqual(['Beta', 'Alpha']);
    const items = (first.standIn.jumpLists.at(-1) as Array<{ items: Array<{ args: string; program: string }> }>)[0]!.items;
    expect(items[0]!.args).toContain(`--open-project=${b.id}`);
    expect(items[0]!.program).toBe(process.execPath);

    await call(first.standIn, 'projects.rename', { id: a.id, name: 'Alpha 2' });
    await waitFor(() => jumpTitles(first.standIn).includes('Alpha 2'), 'the renamed project in the jump list');
    await call(first.standIn, 'projects.delete', { id: b.id });
    await waitFor(() => !jumpTitles(first.standIn).includes('Beta'), 'the deleted project gone from the jump list');
    expect(jumpTitles(first.standIn)).toEqual(['Alpha 2']);
    expect(JSON.parse(readFileSync(join(first.userData, 'recent-projects.json'), 'utf8'))).toEqual([{ id: a.id, name: 'Alpha 2' }]);

    // the next launch sets the jump list from the saved list; a jump-list click is a second launch with the project
    first.standIn.quit();
    unloadBundles();
    const second = await launch({ platform: 'win32', home: first.home });
    await waitFor(() => jumpTitles(second.standIn).length > 0, 'the jump list at start');
    expect(jumpTitles(second.standIn)).toEqual(['Alpha 2']);
    second.standIn.secondInstance(['C:\\Program Files\\Echoes Studio\\Echoes Studio.exe', `--open-project=${a.id}`]);
    expect(shellCommands(second.standIn, 0)).toEqual([{ command: 'open-project', projectId: a.id }]);
  });

  it('macOS: the dock menu opens a recent project, in a new window when there is none', async () => {
    const { standIn } = await launch({ platform: 'darwin' });
    const project = await call<{ id: string }>(standIn, 'projects.create', { name: 'Dock' });
    await call(standIn, 'editor.open', { projectId: project.id });
    const dock = standIn.dockMenus.at(-1)!;
    expect(dock.template.map((m) => m.label)).toEqual(['Dock']);
    dock.template[0]!.click!();
    expect(shellCommands(standIn, 0)).toEqual([{ command: 'open-project', projectId: project.id }]);
    standIn.windows[0]!.close();
    dock.template[0]!.click!();
    expect(standIn.windows[1]!.loaded).toEqual([`${PAGE}#/project/${project.id}`]);
  });
});
