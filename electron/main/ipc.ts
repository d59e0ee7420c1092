import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { CallResult } from '../../shared/contract/errors';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract/transport';
import { dispatch } from '../services/rpc/dispatch';
import type { Studio } from '../services/studio';
import { FORBIDDEN_CALL, isTrustedSender } from './trusted-sender';

export function fromOurPage(event: IpcMainInvokeEvent): boolean {
  return isTrustedSender(event.senderFrame);
}

/**
 * One IPC channel for every StudioApi call; the shared dispatcher validates method and input.
 * `answered` sees each answer the page gets (the shell follows which project it opened).
 */
export function registerIpc(studio: Studio, window: () => BrowserWindow | null, answered: (method: unknown, result: CallResult<unknown>) => void = () => {}): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!fromOurPage(event)) return FORBIDDEN_CALL;
    const result = await dispatch(studio.handlers, method, input);
    answered(method, result);
    return result;
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
