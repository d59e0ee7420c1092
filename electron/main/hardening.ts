import { app, type Session, type WebContents } from 'electron';
import { decideWindowOpen, mayNavigate } from './navigation-policy';
import { mayUsePermission } from './permission-policy';

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

/** Call before 'ready': every web contents the app ever creates may not navigate away, open windows or attach webviews. */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
}

/** Call after 'ready': permissions are refused except fullscreen for the studio page (permission-policy.ts). */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(mayUsePermission(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => mayUsePermission(permission, requestingOrigin));
}
