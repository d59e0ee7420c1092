import { app, dialog, shell, type BrowserWindow } from 'electron';
import type { ShellActions } from '../services/export/export-service';

/** Save As, Show in folder and dragging a video out, for the export service, backed by Electron's dialog, shell and web contents. */
export function desktopShellActions(window: () => BrowserWindow | null): ShellActions {
  return {
    async chooseSavePath(defaultName) {
      const options = { defaultPath: defaultName, filters: [{ name: 'MP4 video', extensions: ['mp4'] }] };
      const win = window();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    showInFolder(path) {
      shell.showItemInFolder(path);
    },
    async openFolder(path) {
      // openPath answers an error message, or '' when the folder opened
      return (await shell.openPath(path)) === '';
    },
    async startDrag(path) {
      const win = window();
      if (!win) return;
      // the drag image: the system's icon for the file (startDrag needs a non-empty one on macOS)
      const icon = await app.getFileIcon(path, { size: 'normal' });
      if (!win.isDestroyed()) win.webContents.startDrag({ file: path, icon });
    },
  };
}
