import { app, session, shell, type WebContents } from 'electron';
import { decideWindowOpen, mayNavigate } from './navigation-policy';

/** Opens a URL in the system browser only when it is https and on the allow-list. */
export async function openExternalSafely(url: string): Promise<boolean> {
  if (!decideWindowOpen(url).openExternally) {
    console.warn(`refused to open ${url.slice(0, 200)}: host not allowed`);
    return false;
  }
  await shell.openExternal(url);
  return true;
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!mayNavigate(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!mayNavigate(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(url);
    return { action: decideWindowOpen(url).action };
  });
}

/** Applies to every web contents the app ever creates: no navigation away, no popups, no permissions. */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  });
}
