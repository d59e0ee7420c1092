import { protocol } from 'electron';
import { contentSecurityPolicy } from '../../shared/contract/csp';
import { answerAppRequest } from './app-assets';
import { APP_SCHEME } from './app-origin';
import { mediaScheme } from './media-protocol';

export { APP_ORIGIN, APP_SCHEME } from './app-origin';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    mediaScheme,
  ]);
}

/** Serves the built renderer from app://studio/ with the CSP as a real response header. */
export function handleAppProtocol(rendererDir: string, mediaOrigins: string[]): void {
  const csp = contentSecurityPolicy({ media: mediaOrigins, connect: mediaOrigins });
  protocol.handle(APP_SCHEME, (request) => answerAppRequest(request, { rendererDir, csp }));
}
