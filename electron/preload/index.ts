import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_CHOOSE_PHOTOS_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract/transport';
/**
 * Exposes exactly one object, window.echoes: a plain invoke / subscribe pair.
 * The typed StudioApi client is built in the renderer (a Proxy would not cross contextBridge).
 */
contextBridge.exposeInMainWorld('echoes', {
  kind: 'electron',
  invoke(method: unknown, input: unknown): Promise<unknown> {
    if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
    return ipcRenderer.invoke(IPC_CALL_CHANNEL, method, input);
  },
  subscribe(listener: unknown): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const forward = (_event: IpcRendererEvent, payload: unknown) => (listener as (p: unknown) => void)(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  },
  /** Drag and drop: File.path is gone since Electron 32; this is its replacement. */
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
  choosePhotos(): Promise<string[]> {
    return ipcRenderer.invoke(IPC_CHOOSE_PHOTOS_CHANNEL) as Promise<string[]>;
  },
});
