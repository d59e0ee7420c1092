/**
 * Start-up smoke test of the built main bundle: dist-electron/main.cjs loaded under Node with the
 * recording Electron stand-in (tests/support/electron-standin), in the repository (dev) and in an
 * installed layout outside it (packaged). The Electron binary cannot run here; this is what can.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devLayout } from '../support/electron-standin/layouts';
import { call, useBuiltShell } from '../support/electron-standin/smoke';
import { electronEvent, waitFor } from '../support/electron-standin/standin';
import { ANON_KEY } from '../support/supabase-keys';

const { root, tempDir, layoutFor, launch, started } = useBuiltShell();

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

});

describe('a start-up that fails shows a dialog and exits instead of leaving an invisible process', () => {
  it('an unusable data folder: says which folder, what to do and where the log is, then exits with 1', async () => {
    const home = tempDir();
    const userData = join(home, 'userData');
    writeFileSync(userData, 'a file where the data folder should be');
    const standIn = launch(devLayout(root()), { paths: { userData, logs: join(home, 'logs') } });
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
    const standIn = launch(devLayout(root()), { paths: { userData, logs: join(home, 'logs') } });
    await standIn.emitReady();
    expect(standIn.exitCodes).toEqual([1]);
    expect(standIn.errorBoxes[0]?.content).toMatch(/The project database \(.*studio\.db\) is damaged\.[\s\S]*move studio\.db out of that folder/);
  });

  it.each([
    ['did-fail-load', (contents: NodeJS.EventEmitter) => contents.emit('did-fail-load', electronEvent(), -6, 'ERR_FILE_NOT_FOUND', 'app://studio/index.html', true, 1, 1), /could not load its page[\s\S]*ERR_FILE_NOT_FOUND \(-6\)/],
    ['render-process-gone', (contents: NodeJS.EventEmitter) => contents.emit('render-process-gone', electronEvent(), { reason: 'crashed', exitCode: 139 }), /stopped unexpectedly[\s\S]*crashed \(exit code 139\)/],
    ['preload-error', (contents: NodeJS.EventEmitter) => contents.emit('preload-error', electronEvent(), '/app/preload.cjs', new Error('boom')), /could not connect to the app[\s\S]*boom/],
  ])('%s of the studio window: the same dialog, then exit', async (_name, emit, message) => {
    const standIn = await started(devLayout(root()));
    emit(standIn.windows[0]!.webContents);
    await waitFor(() => standIn.exitCodes.length > 0, 'the exit');
    expect(standIn.exitCodes).toEqual([1]);
    expect(standIn.errorBoxes).toHaveLength(1);
    expect(standIn.errorBoxes[0]!.content).toMatch(message);
    // once the data folder is known, the failure goes to its log (logs/echoes.log), as everything else
    expect(standIn.errorBoxes[0]!.content).toMatch(/Log file: .*\/logs\/echoes\.log/);
  });

  it('a cancelled navigation (ERR_ABORTED) or a failed subframe is not a failure', async () => {
    const standIn = await started(devLayout(root()));
    const contents = standIn.windows[0]!.webContents;
    contents.emit('did-fail-load', electronEvent(), -3, 'ERR_ABORTED', 'https://evil.example/', true, 1, 1);
    contents.emit('did-fail-load', electronEvent(), -6, 'ERR_FILE_NOT_FOUND', 'app://studio/x.html', false, 1, 2);
    contents.emit('render-process-gone', electronEvent(), { reason: 'clean-exit', exitCode: 0 });
    expect(standIn.exitCodes).toEqual([]);
    expect(standIn.errorBoxes).toEqual([]);
  });

  it('a second instance hands over and exits at once, registering nothing', () => {
    const standIn = launch(devLayout(root()), { singleInstance: false });
    expect(standIn.log).toEqual(['app.requestSingleInstanceLock', 'app.exit 0']);
  });
});

describe('changing the cloud project from the page', () => {
  it('asks in a native dialog naming the host; Cancel leaves the project unchanged', async () => {
    const standIn = await started(devLayout(root()));
    standIn.answerMessageBoxes(1);
    const refused = await call(standIn, 'cloud.configure', { supabaseUrl: 'https://attacker.example.co', anonKey: ANON_KEY });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(standIn.messageBoxes).toHaveLength(1);
    expect(standIn.messageBoxes[0]).toMatchObject({ message: 'Connect Echoes Studio to attacker.example.co?', buttons: ['Use attacker.example.co', 'Cancel'], cancelId: 1, defaultId: 1 });
    expect(await call(standIn, 'cloud.status')).toMatchObject({ ok: true, value: { configured: false, projectUrl: null } });
  });

  it('uses the project once the creator confirms it', async () => {
    const standIn = await started(devLayout(root()));
    standIn.answerMessageBoxes(0);
    const done = await call(standIn, 'cloud.configure', { supabaseUrl: 'https://abcd.supabase.co', anonKey: ANON_KEY });
    expect(done).toMatchObject({ ok: true, value: { configured: true, source: 'settings', projectUrl: 'https://abcd.supabase.co' } });
  });

  it('refuses a project that is not https, without asking', async () => {
    const standIn = await started(devLayout(root()));
    const refused = await call(standIn, 'cloud.configure', { supabaseUrl: 'http://127.0.0.1:54321', anonKey: ANON_KEY });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/https only/) } });
    expect(standIn.messageBoxes).toEqual([]);
  });
});
