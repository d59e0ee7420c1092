/**
 * Start-up smoke test of the built main bundle: dist-electron/main.cjs loaded under Node with the
 * recording Electron stand-in (tests/support/electron-standin), in the repository (dev) and in an
 * installed layout outside it (packaged). The Electron binary cannot run here; this is what can.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltApp } from '../support/electron-standin/built-app';
import { devLayout, packagedLayout, type AppLayout } from '../support/electron-standin/layouts';
import { loadBundle, unloadBundles } from '../support/electron-standin/load-bundle';
import { createElectronStandIn, electronEvent, waitFor, type ElectronStandIn, type StandInOptions } from '../support/electron-standin/standin';
import { ANON_KEY } from '../support/supabase-keys';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir('echoes-startup-');
let root = '';
beforeAll(async () => {
  root = await ensureBuiltApp();
}, 300_000);

const running: ElectronStandIn[] = [];
afterEach(() => {
  for (const standIn of running.splice(0)) standIn.quit();
  unloadBundles();
});

const STUDIO_PAGE = { url: 'app://studio/index.html', parent: null };

function layoutFor(name: AppLayout['name']): AppLayout {
  return name === 'dev' ? devLayout(root) : packagedLayout(root, tempDir());
}

/** Loads main.cjs of the layout with a fresh stand-in; the app has not seen 'ready' yet. */
function launch(layout: AppLayout, options: Partial<StandInOptions> = {}): ElectronStandIn {
  const home = tempDir();
  const standIn = createElectronStandIn({ paths: { userData: join(home, 'userData'), logs: join(home, 'logs') }, isPackaged: layout.isPackaged, ...options });
  running.push(standIn);
  loadBundle(layout.mainPath, standIn, layout.resourcesPath);
  return standIn;
}

async function started(layout: AppLayout, options: Partial<StandInOptions> = {}): Promise<ElectronStandIn> {
  const standIn = launch(layout, options);
  await standIn.emitReady();
  expect(standIn.errorBoxes).toEqual([]);
  return standIn;
}

const call = (standIn: ElectronStandIn, method: string, input: unknown = {}) => standIn.invoke('echoes:call', STUDIO_PAGE, method, input) as Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;

const MIME: Record<string, RegExp> = {
  '.js': /^text\/javascript/,
  '.css': /^text\/css/,
  '.html': /^text\/html/,
  '.svg': /^image\/svg\+xml/,
  '.woff2': /^font\/woff2/,
  '.png': /^image\/png/,
};

describe.each(['dev', 'packaged'] as const)('the built main bundle starting (%s layout)', (layoutName) => {
  it('takes the single-instance lock and registers its schemes before ready, handles the protocols after it', async () => {
    const layout = layoutFor(layoutName);
    const standIn = launch(layout);
    expect(standIn.log).not.toContain('ready');
    expect(standIn.log.slice(0, 2)).toEqual(['app.requestSingleInstanceLock', 'protocol.registerSchemesAsPrivileged app,echoes-media']);
    await standIn.emitReady();
    const at = (entry: string) => standIn.log.indexOf(entry);
    expect(at('ready')).toBeGreaterThan(at('protocol.registerSchemesAsPrivileged app,echoes-media'));
    for (const entry of ['protocol.handle app', 'protocol.handle echoes-media', 'ipcMain.handle echoes:call', 'new BrowserWindow']) expect(at(entry), entry).toBeGreaterThan(at('ready'));
    // the window opens last, once everything it calls is in place
    expect(at('new BrowserWindow')).toBeGreaterThan(at('ipcMain.handle echoes:call'));
    expect(standIn.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) },
      { scheme: 'echoes-media', privileges: expect.objectContaining({ standard: true, secure: true, stream: true }) },
    ]);
    expect(standIn.ipcChannels().sort()).toEqual(['echoes:call', 'echoes:choose-photos']);
    expect(standIn.exitCodes).toEqual([]);
  });

  it('opens one isolated, sandboxed window without Node on app://studio, with a preload that exists, and shows it', async () => {
    const layout = layoutFor(layoutName);
    const standIn = await started(layout);
    expect(standIn.windows).toHaveLength(1);
    const win = standIn.windows[0]!;
    const prefs = win.options.webPreferences ?? {};
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(prefs.preload).toBe(layout.preloadPath);
    expect(existsSync(String(prefs.preload))).toBe(true);
    expect(win.loaded).toEqual(['app://studio/index.html']);
    expect(win.isVisible()).toBe(false);
    win.emit('ready-to-show');
    expect(win.isVisible()).toBe(true);
  });

  it('shows the window when the page finished loading even if ready-to-show never comes', async () => {
    const standIn = await started(layoutFor(layoutName));
    const win = standIn.windows[0]!;
    win.webContents.emit('did-finish-load');
    expect(win.isVisible()).toBe(true);
  });

  it('serves every asset named in the built index.html from app:// with its MIME type and the CSP header', async () => {
    const layout = layoutFor(layoutName);
    const standIn = await started(layout);
    const html = readFileSync(join(layout.rendererDir, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of ['index.html', ...assets]) {
      const res = await standIn.fetch(`app://studio/${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type'), asset).toMatch(MIME[extname(asset)] ?? /^$/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, asset).toMatch(/default-src 'none'/);
      expect(csp, asset).toMatch(/script-src 'self'(;|$)/);
      expect(csp, asset).toMatch(/media-src [^;]*echoes-media:\/\/media/);
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(layout.rendererDir, asset))), asset).toBe(true);
    }
    expect((await standIn.fetch('app://studio/../../package.json')).status).toBe(404);
  });

  it('answers StudioApi calls from the studio page through IPC, and refuses every other sender', async () => {
    const standIn = await started(layoutFor(layoutName));
    const tracks = await call(standIn, 'music.list');
    expect(tracks).toMatchObject({ ok: true });
    expect((tracks.value as unknown[]).length).toBeGreaterThan(0);
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://studio/index.html', parent: STUDIO_PAGE },
      { url: 'app://evil/index.html', parent: null },
      null,
    ]) {
      expect(await standIn.invoke('echoes:call', frame, 'music.list', {}), JSON.stringify(frame)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
      expect(await standIn.invoke('echoes:choose-photos', frame), JSON.stringify(frame)).toEqual([]);
    }
    expect(standIn.messageBoxes).toEqual([]);
  });

  it('sends the studio events to the window on echoes:event, and none once the window is gone', async () => {
    const standIn = await started(layoutFor(layoutName));
    const contents = standIn.windows[0]!.webContents;
    expect(contents.sent).toEqual([]);
    const created = await call(standIn, 'projects.create', { name: 'Summer' });
    expect(created).toMatchObject({ ok: true });
    const projectId = (created.value as { id: string }).id;
    expect(contents.sent).toContainEqual({ channel: 'echoes:event', payload: { type: 'projects.changed', payload: { projectId } } });
    expect(contents.sent.every((s) => s.channel === 'echoes:event')).toBe(true);
    const before = contents.sent.length;
    standIn.windows[0]!.destroyed = true;
    expect(await call(standIn, 'projects.rename', { id: projectId, name: 'Winter' })).toMatchObject({ ok: true });
    expect(contents.sent).toHaveLength(before);
  });

  it('opens the photo dialog for the studio page only', async () => {
    const standIn = await started(layoutFor(layoutName));
    standIn.answerOpenDialogs(['/photos/a.jpg', '/photos/b.png']);
    expect(await standIn.invoke('echoes:choose-photos', STUDIO_PAGE)).toEqual(['/photos/a.jpg', '/photos/b.png']);
    expect(await standIn.invoke('echoes:choose-photos', { url: 'https://evil.example/', parent: null })).toEqual([]);
    expect(standIn.log.filter((entry) => entry === 'dialog.showOpenDialog')).toHaveLength(1);
  });

  it('serves media-store files over echoes-media:// with ranges, and nothing outside the store', async () => {
    const standIn = await started(layoutFor(layoutName));
    const tracks = (await call(standIn, 'music.list')).value as Array<{ id: string }>;
    const preview = await call(standIn, 'music.preview', { trackId: tracks[0]!.id });
    const mediaId = (preview.value as { mediaId: string }).mediaId;
    const whole = await standIn.fetch(`echoes-media://media/${mediaId}`);
    expect(whole.status).toBe(200);
    const size = Number(whole.headers.get('content-length'));
    expect(size).toBeGreaterThan(100);
    await whole.body?.cancel();
    const part = await standIn.fetch(`echoes-media://media/${mediaId}`, { headers: { Range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${size}`);
    expect((await part.arrayBuffer()).byteLength).toBe(10);
    expect((await standIn.fetch('echoes-media://media/..%2f..%2fstudio.db')).status).toBeGreaterThanOrEqual(400);
  });

  it('a second launch focuses the running window and opens no other', async () => {
    const standIn = await started(layoutFor(layoutName));
    standIn.secondInstance(['/Applications/Echoes Studio', 'echoes://checkout/done']);
    expect(standIn.windows).toHaveLength(1);
    expect(standIn.log.at(-1)).toBe('window.focus');
  });

  it('keeps every web contents on the studio: navigation and window.open are blocked', async () => {
    const standIn = await started(layoutFor(layoutName));
    const contents = standIn.windows[0]!.webContents;
    for (const [event, url, blocked] of [
      ['will-navigate', 'https://evil.example/', true],
      ['will-navigate', 'file:///etc/passwd', true],
      ['will-redirect', 'http://127.0.0.1:9/', true],
      ['will-navigate', 'app://studio/projects/1', false],
    ] as const) {
      const e = electronEvent();
      contents.emit(event, e, url);
      expect(e.defaultPrevented, `${event} ${url}`).toBe(blocked);
    }
    const webview = electronEvent();
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://checkout.stripe.com/x' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://studio/index.html' })).toEqual({ action: 'deny' });
  });

  it('grants fullscreen to the studio page (the players need it) and refuses every other permission', async () => {
    const standIn = await started(layoutFor(layoutName));
    expect(await standIn.requestPermission('fullscreen', 'app://studio/index.html')).toBe(true);
    expect(standIn.checkPermission('fullscreen', 'app://studio')).toBe(true);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      expect(await standIn.requestPermission(permission, 'app://studio/index.html'), permission).toBe(false);
      expect(standIn.checkPermission(permission, 'app://studio'), permission).toBe(false);
    }
    expect(await standIn.requestPermission('fullscreen', 'https://evil.example/')).toBe(false);
    expect(standIn.checkPermission('fullscreen', 'https://evil.example')).toBe(false);
  });
});

describe('a start-up that fails shows a dialog and exits instead of leaving an invisible process', () => {
  it('an unusable data folder: says which folder, what to do and where the log is, then exits with 1', async () => {
    const home = tempDir();
    const userData = join(home, 'userData');
    writeFileSync(userData, 'a file where the data folder should be');
    const standIn = launch(devLayout(root), { paths: { userData, logs: join(home, 'logs') } });
    await standIn.emitReady();
    expect(standIn.exitCodes).toEqual([1]);
    expect(standIn.windows).toEqual([]);
    expect(standIn.errorBoxes).toHaveLength(1);
    const { title, content } = standIn.errorBoxes[0]!;
    expect(title).toBe('Echoes Studio could not start');
    expect(content).toContain(`Its data folder cannot be used: ${userData}`);
    expect(content).toMatch(/Check that this folder is a folder you can write to/);
    const logFile = join(home, 'logs', 'main.log');
    expect(content).toContain(`Log file: ${logFile}`);
    expect(readFileSync(logFile, 'utf8')).toMatch(/could not start \(start\)/);
  });

  it('a database that will not open (not a database file)', async () => {
    const home = tempDir();
    const userData = join(home, 'userData');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(userData);
    writeFileSync(join(userData, 'studio.db'), 'x'.repeat(4096));
    const standIn = launch(devLayout(root), { paths: { userData, logs: join(home, 'logs') } });
    await standIn.emitReady();
    expect(standIn.exitCodes).toEqual([1]);
    expect(standIn.errorBoxes[0]?.content).toMatch(/The project database \(.*studio\.db\) is damaged\.[\s\S]*move studio\.db out of that folder/);
  });

  it.each([
    ['did-fail-load', (contents: NodeJS.EventEmitter) => contents.emit('did-fail-load', electronEvent(), -6, 'ERR_FILE_NOT_FOUND', 'app://studio/index.html', true, 1, 1), /could not load its page[\s\S]*ERR_FILE_NOT_FOUND \(-6\)/],
    ['render-process-gone', (contents: NodeJS.EventEmitter) => contents.emit('render-process-gone', electronEvent(), { reason: 'crashed', exitCode: 139 }), /stopped unexpectedly[\s\S]*crashed \(exit code 139\)/],
    ['preload-error', (contents: NodeJS.EventEmitter) => contents.emit('preload-error', electronEvent(), '/app/preload.cjs', new Error('boom')), /could not connect to the app[\s\S]*boom/],
  ])('%s of the studio window: the same dialog, then exit', async (_name, emit, message) => {
    const standIn = await started(devLayout(root));
    emit(standIn.windows[0]!.webContents);
    await waitFor(() => standIn.exitCodes.length > 0, 'the exit');
    expect(standIn.exitCodes).toEqual([1]);
    expect(standIn.errorBoxes).toHaveLength(1);
    expect(standIn.errorBoxes[0]!.content).toMatch(message);
    expect(standIn.errorBoxes[0]!.content).toMatch(/Log file: .*main\.log/);
  });

  it('a cancelled navigation (ERR_ABORTED) or a failed subframe is not a failure', async () => {
    const standIn = await started(devLayout(root));
    const contents = standIn.windows[0]!.webContents;
    contents.emit('did-fail-load', electronEvent(), -3, 'ERR_ABORTED', 'https://evil.example/', true, 1, 1);
    contents.emit('did-fail-load', electronEvent(), -6, 'ERR_FILE_NOT_FOUND', 'app://studio/x.html', false, 1, 2);
    contents.emit('render-process-gone', electronEvent(), { reason: 'clean-exit', exitCode: 0 });
    expect(standIn.exitCodes).toEqual([]);
    expect(standIn.errorBoxes).toEqual([]);
  });

  it('a second instance hands over and exits at once, registering nothing', () => {
    const standIn = launch(devLayout(root), { singleInstance: false });
    expect(standIn.log).toEqual(['app.requestSingleInstanceLock', 'app.exit 0']);
  });
});

describe('changing the cloud project from the page', () => {
  it('asks in a native dialog naming the host; Cancel leaves the project unchanged', async () => {
    const standIn = await started(devLayout(root));
    standIn.answerMessageBoxes(1);
    const refused = await call(standIn, 'cloud.configure', { supabaseUrl: 'https://attacker.example.co', anonKey: ANON_KEY });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(standIn.messageBoxes).toHaveLength(1);
    expect(standIn.messageBoxes[0]).toMatchObject({ message: 'Connect Echoes Studio to attacker.example.co?', buttons: ['Use attacker.example.co', 'Cancel'], cancelId: 1, defaultId: 1 });
    expect(await call(standIn, 'cloud.status')).toMatchObject({ ok: true, value: { configured: false, projectUrl: null } });
  });

  it('uses the project once the creator confirms it', async () => {
    const standIn = await started(devLayout(root));
    standIn.answerMessageBoxes(0);
    const done = await call(standIn, 'cloud.configure', { supabaseUrl: 'https://abcd.supabase.co', anonKey: ANON_KEY });
    expect(done).toMatchObject({ ok: true, value: { configured: true, source: 'settings', projectUrl: 'https://abcd.supabase.co' } });
  });

  it('refuses a project that is not https, without asking', async () => {
    const standIn = await started(devLayout(root));
    const refused = await call(standIn, 'cloud.configure', { supabaseUrl: 'http://127.0.0.1:54321', anonKey: ANON_KEY });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/https only/) } });
    expect(standIn.messageBoxes).toEqual([]);
  });
});
