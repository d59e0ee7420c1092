/**
 * The decisions behind the desktop conventions, as pure functions: the application menu per
 * platform, what the studio is busy with (progress, notifications, the question before quitting),
 * the text-field context menu, the recent projects, and what the page does with a shell command.
 * The glue that applies them is tested through the Electron stand-in (desktop-conventions.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Export, JobUpdated, StudioEvent } from '../../shared/contract/index';
import type { ShellCommand } from '../../shared/contract/system';
import { applicationMenuTemplate, logFolderToShow, type MenuActions } from '../../electron/main/app-menu';
import { contextMenuTemplate } from '../../electron/main/context-menu';
import { finishNotice, idleActivity, isBusy, nextActivity, progressBarValue, quitQuestion, type Activity, type Finished } from '../../electron/main/desktop-activity';
import {
  dockMenuTemplate,
  jumpListCategories,
  openedProject,
  parseRecent,
  projectFromArgv,
  RECENT_LIMIT,
  reconcileRecent,
  rememberProject,
} from '../../electron/main/recent-projects';
import { runShellCommand, type ShellCommandTarget } from '../../renderer/src/shell-commands';
import type { Route } from '../../renderer/src/stores/route';

type Item = Electron.MenuItemConstructorOptions;

function menuFor(platform: NodeJS.Platform, packaged: boolean) {
  const calls: string[] = [];
  const actions: MenuActions = {
    command: (command) => void calls.push(command),
    openHelp: () => void calls.push('help'),
    showLogFolder: () => void calls.push('logs'),
  };
  return { template: applicationMenuTemplate({ platform, packaged, appName: 'Echoes Studio' }, actions), calls };
}

const submenu = (item: Item | undefined) => (item?.submenu ?? []) as Item[];
const labels = (template: Item[]) => template.map((m) => m.label ?? m.role);
const everyItem = (template: Item[]): Item[] => template.flatMap((m) => [m, ...everyItem(submenu(m))]);
const find = (template: Item[], label: string) => everyItem(template).find((m) => m.label === label || m.role === label);
const click = (item: Item | undefined) => (item?.click as (() => void) | undefined)?.();

describe('the application menu', () => {
  it('macOS: the app menu with About, Settings Cmd+, and Quit, then File, Edit, View, Window, Help', () => {
    const { template, calls } = menuFor('darwin', true);
    expect(labels(template)).toEqual(['Echoes Studio', 'File', 'Edit', 'View', 'windowMenu', 'Help']);
    const app = submenu(template[0]);
    expect(app.map((m) => m.role ?? m.label ?? m.type)).toEqual(['about', 'separator', 'Settings…', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
    const settings = app.find((m) => m.label === 'Settings…');
    expect(settings?.accelerator).toBe('CmdOrCtrl+,');
    click(settings);
    expect(calls).toEqual(['settings']);
  });

  it.each(['win32', 'linux'] as const)('%s: File holds Export, Settings and Exit/Quit; Help holds About', (platform) => {
    const { template } = menuFor(platform, true);
    expect(labels(template)).toEqual(['&File', '&Edit', '&View', '&Help']);
    const file = submenu(template[0]);
    expect(file.map((m) => m.label ?? m.role ?? m.type)).toEqual(['Export Video', 'separator', 'Settings', 'separator', platform === 'win32' ? 'E&xit' : '&Quit']);
    expect(file.at(-1)?.role).toBe('quit');
    expect(file.find((m) => m.label === 'Settings')?.accelerator).toBe('CmdOrCtrl+,');
    expect(submenu(template[3]).some((m) => m.role === 'about')).toBe(true);
  });

  it.each(['darwin', 'win32', 'linux'] as const)('%s: Undo / Redo / Export drive the studio (commands, not roles); Cut, Copy, Paste, Select All are roles', (platform) => {
    const { template, calls } = menuFor(platform, true);
    const undo = find(template, 'Undo');
    const redo = find(template, 'Redo');
    const exportItem = find(template, 'Export Video');
    expect([undo?.role, redo?.role, exportItem?.role]).toEqual([undefined, undefined, undefined]);
    expect(undo?.accelerator).toBe('CmdOrCtrl+Z');
    expect(redo?.accelerator).toBe(platform === 'darwin' ? 'Shift+Cmd+Z' : 'Ctrl+Y');
    expect(exportItem?.accelerator).toBe('CmdOrCtrl+E');
    click(undo);
    click(redo);
    click(exportItem);
    expect(calls).toEqual(['undo', 'redo', 'export']);
    const edit = submenu(template.find((m) => m.label?.includes('Edit')));
    expect(edit.filter((m) => m.role).map((m) => m.role)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
  });

  it.each(['darwin', 'win32', 'linux'] as const)('%s: View has no Reload or DevTools when packaged, and has them in development', (platform) => {
    const roles = (packaged: boolean) => submenu(menuFor(platform, packaged).template.find((m) => m.label?.includes('View'))).map((m) => m.role);
    for (const developer of ['reload', 'forceReload', 'toggleDevTools']) {
      expect(roles(true)).not.toContain(developer);
      expect(roles(false)).toContain(developer);
    }
    expect(roles(true)).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']));
  });

  it('Help opens the help site and the log folder, and no item leads to electronjs.org', () => {
    const { template, calls } = menuFor('win32', true);
    click(find(template, 'Echoes Studio Help'));
    click(find(template, 'Show Log Folder'));
    expect(calls).toEqual(['help', 'logs']);
    expect(JSON.stringify(template)).not.toMatch(/electron/i);
  });

  it('Show log folder opens the data folder while there is no log folder yet', () => {
    expect(logFolderToShow('/logs', '/data', (p) => p === '/logs')).toBe('/logs');
    expect(logFolderToShow('/logs', '/data', () => false)).toBe('/data');
    expect(logFolderToShow(null, '/data', () => true)).toBe('/data');
  });
});

const exportEvent = (id: string, state: Export['state'], progress: number, message = ''): StudioEvent => ({
  type: 'export.progress',
  payload: { id, projectId: 'p1', state, progress, message } as Export,
});
const jobEvent = (jobId: string, state: JobUpdated['state'], progress = 0): StudioEvent => ({ type: 'job.updated', payload: { jobId, state, progress } as JobUpdated });

function play(events: StudioEvent[], from: Activity = idleActivity) {
  let activity = from;
  const finished: Finished[] = [];
  const bars: number[] = [];
  for (const event of events) {
    const next = nextActivity(activity, event);
    activity = next.activity;
    if (next.finished) finished.push(next.finished);
    bars.push(progressBarValue(activity));
  }
  return { activity, finished, bars };
}

describe('what the studio is busy with', () => {
  it('an export: its progress on the taskbar, then no bar and one finished export', () => {
    const { activity, finished, bars } = play([exportEvent('e1', 'running', 0), exportEvent('e1', 'running', 40), exportEvent('e1', 'running', 100), exportEvent('e1', 'succeeded', 100, 'Done')]);
    expect(bars).toEqual([0, 0.4, 1, -1]);
    expect(finished).toEqual([{ kind: 'export', exportId: 'e1', projectId: 'p1', state: 'succeeded', message: 'Done' }]);
    expect(isBusy(activity)).toBe(false);
  });

  it('a cancelled export finishes nothing worth a notification; an export never seen running neither', () => {
    expect(play([exportEvent('e1', 'running', 10), exportEvent('e1', 'cancelled', 10)]).finished).toEqual([]);
    expect(play([exportEvent('e2', 'failed', 0, 'x')]).finished).toEqual([]);
    expect(play([exportEvent('e3', 'running', 10), exportEvent('e3', 'failed', 10, 'FFmpeg failed')]).finished).toEqual([
      { kind: 'export', exportId: 'e3', projectId: 'p1', state: 'failed', message: 'FFmpeg failed' },
    ]);
  });

  it('a generation batch: ended jobs count as done, one notice when the last job ends', () => {
    const { bars, finished, activity } = play([
      jobEvent('j1', 'queued'),
      jobEvent('j2', 'queued'),
      jobEvent('j1', 'running', 0.5),
      jobEvent('j1', 'succeeded', 1),
      jobEvent('j2', 'running', 0.5),
      jobEvent('j2', 'failed', 0.5),
    ]);
    expect(bars).toEqual([0, 0, 0.25, 0.5, 0.75, -1]);
    expect(finished).toEqual([{ kind: 'generation', succeeded: 1, failed: 1 }]);
    expect(activity.batch).toEqual(idleActivity.batch);
  });

  it('exports win the progress bar over generation; a batch where everything was cancelled finishes nothing', () => {
    const { bars, finished } = play([jobEvent('j1', 'running', 0.5), exportEvent('e1', 'running', 20), exportEvent('e1', 'cancelled', 20), jobEvent('j1', 'cancelled')]);
    expect(bars).toEqual([0.5, 0.2, 0.5, -1]);
    expect(finished).toEqual([]);
  });

  it('other events change nothing', () => {
    const { activity, bars } = play([{ type: 'projects.changed', payload: {} }]);
    expect(activity).toBe(idleActivity);
    expect(bars).toEqual([-1]);
  });

  it('notifies only when the window is not focused, naming the project', () => {
    const done: Finished = { kind: 'export', exportId: 'e1', projectId: 'p1', state: 'succeeded', message: 'Done' };
    expect(finishNotice(done, { windowFocused: true, projectName: 'Trip' })).toBeNull();
    expect(finishNotice(done, { windowFocused: false, projectName: 'Trip' })).toEqual({ title: 'Export finished', body: 'Trip is ready to watch and share.' });
    expect(finishNotice({ ...done, state: 'failed', message: 'The disk is full' }, { windowFocused: false, projectName: null })).toEqual({ title: 'Export failed', body: 'Your video: The disk is full' });
    expect(finishNotice({ kind: 'generation', succeeded: 1, failed: 0 }, { windowFocused: false, projectName: null })).toEqual({ title: 'Clips ready', body: '1 clip generated.' });
    expect(finishNotice({ kind: 'generation', succeeded: 3, failed: 2 }, { windowFocused: false, projectName: null })?.body).toBe('3 clips generated, 2 clips failed.');
  });

  it('asks before quitting during an export or generation; closing the window asks only where it quits the app', () => {
    const exporting = play([exportEvent('e1', 'running', 5)]).activity;
    const generating = play([jobEvent('j1', 'queued'), jobEvent('j2', 'running', 0.1)]).activity;
    expect(quitQuestion(idleActivity, { platform: 'win32', action: 'quit' })).toBeNull();
    expect(quitQuestion(exporting, { platform: 'darwin', action: 'quit' })).toMatchObject({ message: 'Quit Echoes Studio while it exports?', buttons: ['Quit', 'Keep exporting'] });
    expect(quitQuestion(exporting, { platform: 'win32', action: 'close' })).toMatchObject({ message: 'Close Echoes Studio while it exports?', buttons: ['Close', 'Keep exporting'] });
    expect(quitQuestion(exporting, { platform: 'darwin', action: 'close' })).toBeNull();
    expect(quitQuestion(generating, { platform: 'linux', action: 'quit' })).toMatchObject({ message: 'Quit Echoes Studio while 2 clips are being generated?', detail: expect.stringMatching(/picks up where it left off/) });
  });
});

describe('the text-field context menu', () => {
  const flags = { canCut: true, canCopy: false, canPaste: true, canSelectAll: true };
  it('a text field: Cut, Copy, Paste, Select All, each as Chromium allows', () => {
    expect(contextMenuTemplate({ isEditable: true, selectionText: '', editFlags: flags })).toEqual([
      { role: 'cut', enabled: true },
      { role: 'copy', enabled: false },
      { role: 'paste', enabled: true },
      { type: 'separator' },
      { role: 'selectAll', enabled: true },
    ]);
  });
  it('selected text elsewhere: Copy; nothing selected: no menu', () => {
    expect(contextMenuTemplate({ isEditable: false, selectionText: 'Trip', editFlags: { ...flags, canCopy: true } })).toEqual([{ role: 'copy', enabled: true }]);
    expect(contextMenuTemplate({ isEditable: false, selectionText: '  ', editFlags: flags })).toEqual([]);
  });
});

describe('recent projects', () => {
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  it('keeps the latest first, once each, at most RECENT_LIMIT', () => {
    let list = [] as ReturnType<typeof rememberProject>;
    for (let n = 1; n <= RECENT_LIMIT + 2; n++) list = rememberProject(list, { id: id(n), name: `P${n}` });
    list = rememberProject(list, { id: id(5), name: 'P5 again' });
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(list[0]).toEqual({ id: id(5), name: 'P5 again' });
    expect(list.filter((p) => p.id === id(5))).toHaveLength(1);
    expect(list.some((p) => p.id === id(1))).toBe(false);
  });

  it('follows renames and drops deleted projects', () => {
    const list = [
      { id: id(1), name: 'Old' },
      { id: id(2), name: 'Gone' },
    ];
    expect(reconcileRecent(list, [{ id: id(1), name: 'New' }])).toEqual([{ id: id(1), name: 'New' }]);
  });

  it('reads its file back, leaving out anything malformed', () => {
    expect(parseRecent(null)).toEqual([]);
    expect(parseRecent('not json')).toEqual([]);
    expect(parseRecent('{"a":1}')).toEqual([]);
    expect(parseRecent(JSON.stringify([{ id: id(1), name: 'Ok' }, { id: '../x', name: 'bad' }, { id: id(2) }, null]))).toEqual([{ id: id(1), name: 'Ok' }]);
  });

  it('finds the project to open in a launch\'s arguments, ids only', () => {
    expect(projectFromArgv(['app.exe', `--open-project=${id(3)}`])).toBe(id(3));
    expect(projectFromArgv(['app.exe', '--open-project=../../etc'])).toBeNull();
    expect(projectFromArgv(['app.exe', 'echoes://auth/callback'])).toBeNull();
  });

  it('Windows: a jump list category whose tasks start the app with the project (the script too in development)', () => {
    const list = [{ id: id(1), name: 'Trip "2026"' }];
    expect(jumpListCategories([], { program: 'C:\\Echoes.exe', scriptArgs: [] })).toEqual([]);
    const [category] = jumpListCategories(list, { program: 'C:\\Echoes.exe', scriptArgs: [] });
    expect(category).toMatchObject({ type: 'custom', name: 'Recent projects' });
    expect(category!.items).toEqual([expect.objectContaining({ type: 'task', title: 'Trip "2026"', program: 'C:\\Echoes.exe', args: `--open-project=${id(1)}` })]);
    const dev = jumpListCategories(list, { program: 'C:\\electron.exe', scriptArgs: ['C:\\repo'] });
    expect(dev[0]!.items![0]!.args).toBe(`"C:\\repo" --open-project=${id(1)}`);
  });

  it('macOS: a dock menu item per project that opens it', () => {
    const opened: string[] = [];
    const template = dockMenuTemplate([{ id: id(1), name: 'Trip' }], (projectId) => opened.push(projectId));
    expect(template.map((m) => m.label)).toEqual(['Trip']);
    click(template[0]);
    expect(opened).toEqual([id(1)]);
  });

  it('a project counts as opened when editor.open answered it', () => {
    expect(openedProject('editor.open', { ok: true, value: { project: { id: id(1), name: 'Trip' } } })).toEqual({ id: id(1), name: 'Trip' });
    expect(openedProject('editor.open', { ok: false })).toBeNull();
    expect(openedProject('projects.get', { ok: true, value: { project: { id: id(1), name: 'Trip' } } })).toBeNull();
  });
});

describe('the page acting on a shell command', () => {
  function page(options: { typing?: boolean; projectOpen?: boolean } = {}) {
    const done: string[] = [];
    const target: ShellCommandTarget = {
      go: (route: Route) => void done.push(`go ${JSON.stringify(route)}`),
      focused: () => null,
      isTyping: () => options.typing ?? false,
      editText: (command) => void done.push(`text ${command}`),
      history: (command) => void done.push(`history ${command}`),
      exportOpenProject: () => {
        if (options.projectOpen) done.push('export');
        return options.projectOpen ?? false;
      },
      tell: (message) => void done.push(`tell ${message}`),
    };
    return { done, run: (command: ShellCommand) => runShellCommand(command, target) };
  }

  it('Undo / Redo: the studio\'s history outside text fields, the typing inside one', () => {
    const outside = page();
    outside.run({ command: 'undo' });
    outside.run({ command: 'redo' });
    expect(outside.done).toEqual(['history undo', 'history redo']);
    const typing = page({ typing: true });
    typing.run({ command: 'undo' });
    typing.run({ command: 'redo' });
    expect(typing.done).toEqual(['text undo', 'text redo']);
  });

  it('Settings and a recent project change the screen; Export exports the open project or says to open one', () => {
    const p = page({ projectOpen: true });
    p.run({ command: 'settings' });
    p.run({ command: 'open-project', projectId: '00000000-0000-4000-8000-000000000001' });
    p.run({ command: 'export' });
    expect(p.done).toEqual(['go {"screen":"settings"}', 'go {"screen":"project","projectId":"00000000-0000-4000-8000-000000000001"}', 'export']);
    const none = page();
    none.run({ command: 'export' });
    expect(none.done).toEqual(['tell Open a project to export its video.']);
  });
});
