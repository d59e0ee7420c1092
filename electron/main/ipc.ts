import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/transport';
import { dispatch } from '../services/api/dispatch';
import type { Studio } from '../services/studio';
import { APP_ORIGIN } from './app-protocol';

export function fromOurPage(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && new URL(frame.url).origin === APP_ORIGIN;
}

/** One IPC channel for every StudioApi call; the shared dispatcher validates method and input. */
export function registerIpc(studio: Studio, window: () => BrowserWindow | null): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!fromOurPage(event)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the studio page' } };
    }
    return dispatch(studio.handlers, method, input);
  });
  const unsubscribe = studio.events.subscribe((studioEvent) => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, studioEvent);
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    unsubscribe();
  };
}
