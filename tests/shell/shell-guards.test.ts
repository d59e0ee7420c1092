/**
 * The shell's guards, run in the built main bundle under the Electron stand-in (one app in the dev
 * layout, shared by the tests; the packaged layout runs the same code, its start-up is in
 * startup-smoke.test.ts): IPC answered only for the studio page (ipc.ts, trusted-sender.ts), studio events sent to
 * the window, navigation, window.open and webviews blocked, permissions refused but fullscreen
 * (hardening.ts). Kept apart from the start-up smoke tests so that the mutation run of the shell
 * group (tests/mutation/groups.ts) runs these, not the whole start-up.
 */
import { describe, expect, it } from 'vitest';
import { call, STUDIO_PAGE, useStartedShell } from '../support/electron-standin/smoke';
import { electronEvent } from '../support/electron-standin/standin';

const app = useStartedShell('echoes-guards-');

describe('the shell guards of the built main bundle', () => {
  it('answers StudioApi calls from the studio page through IPC, and refuses every other sender', async () => {
    const standIn = app();
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

  it('opens the photo dialog for the studio page only', async () => {
    const standIn = app();
    standIn.answerOpenDialogs(['/photos/a.jpg', '/photos/b.png']);
    expect(await standIn.invoke('echoes:choose-photos', STUDIO_PAGE)).toEqual(['/photos/a.jpg', '/photos/b.png']);
    expect(await standIn.invoke('echoes:choose-photos', { url: 'https://evil.example/', parent: null })).toEqual([]);
    expect(standIn.log.filter((entry) => entry === 'dialog.showOpenDialog')).toHaveLength(1);
  });

  it('keeps every web contents on the studio: navigation and window.open are blocked', async () => {
    const standIn = app();
    const contents = standIn.windows[0]!.webContents;
    for (const [event, url, blocked] of [
      ['will-navigate', 'https://evil.example/', true],
      ['will-navigate', 'file:///etc/passwd', true],
      ['will-redirect', 'http://127.0.0.1:9/', true],
      ['will-navigate', 'app://studio/projects/1', false],
      ['will-redirect', 'app://studio/index.html', false],
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
    const standIn = app();
    expect(await standIn.requestPermission('fullscreen', 'app://studio/index.html')).toBe(true);
    expect(standIn.checkPermission('fullscreen', 'app://studio')).toBe(true);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      expect(await standIn.requestPermission(permission, 'app://studio/index.html'), permission).toBe(false);
      expect(standIn.checkPermission(permission, 'app://studio'), permission).toBe(false);
    }
    expect(await standIn.requestPermission('fullscreen', 'https://evil.example/')).toBe(false);
    expect(standIn.checkPermission('fullscreen', 'https://evil.example')).toBe(false);
  });
  it('sends the studio events to the window on echoes:event, and none once the window is gone (last: it ends the window)', async () => {
    const standIn = app();
    const contents = standIn.windows[0]!.webContents;
    const earlier = contents.sent.length;
    const created = await call(standIn, 'projects.create', { name: 'Summer' });
    expect(created).toMatchObject({ ok: true });
    const projectId = (created.value as { id: string }).id;
    expect(contents.sent).toContainEqual({ channel: 'echoes:event', payload: { type: 'projects.changed', payload: { projectId } } });
    expect(contents.sent.slice(earlier).every((s) => s.channel === 'echoes:event')).toBe(true);
    const before = contents.sent.length;
    standIn.windows[0]!.destroyed = true;
    expect(await call(standIn, 'projects.rename', { id: projectId, name: 'Winter' })).toMatchObject({ ok: true });
    expect(contents.sent).toHaveLength(before);
  });
});
