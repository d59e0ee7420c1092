import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract/transport';
import { dispatch } from '../services/rpc/dispatch';
import type { Studio } from '../services/studio';
import { FORBIDDEN_CALL, isTrustedSender } from './trusted-sender';

export function fromOurPage(event: IpcMainInvokeEvent): boolean {
  return isTrustedSender(event.senderFrame);
}

/** One IPC channel for every StudioApi call; the shared dispatcher validates method and input. */
export function registerIpc(studio: Studio, window: () => BrowserWindow | null): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!fromOurPage(event)) return FORBIDDEN_CALL;
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
