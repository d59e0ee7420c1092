import { dialog, shell, type BrowserWindow } from 'electron';
import type { ShellActions } from '../services/export/export-service';

/** Save As and Show in folder for the export service, backed by Electron's dialog and shell. */
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
  };
}
