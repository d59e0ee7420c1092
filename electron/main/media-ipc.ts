import { BrowserWindow, dialog, ipcMain } from 'electron';
import { IPC_CHOOSE_PHOTOS_CHANNEL } from '../../shared/contract/transport';
import { fromOurPage } from './ipc';

const PHOTO_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'heic', 'heif', 'avif'];

/** The import dialog: returns the chosen paths (none when cancelled); the renderer then calls media.importPaths. */
export function registerMediaIpc(): () => void {
  ipcMain.handle(IPC_CHOOSE_PHOTOS_CHANNEL, async (event) => {
    if (!fromOurPage(event)) return [];
    const window = BrowserWindow.fromWebContents(event.sender);
    const options: Electron.OpenDialogOptions = {
      title: 'Import photos',
      buttonLabel: 'Import',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Photos', extensions: PHOTO_EXTENSIONS },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  });
  return () => ipcMain.removeHandler(IPC_CHOOSE_PHOTOS_CHANNEL);
}
