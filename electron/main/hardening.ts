import { app, session, type WebContents } from 'electron';
import { decideWindowOpen, mayNavigate } from './navigation-policy';

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!mayNavigate(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!mayNavigate(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => decideWindowOpen());
}

/** Applies to every web contents the app ever creates: no navigation away, no popups, no permissions. */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  });
}
