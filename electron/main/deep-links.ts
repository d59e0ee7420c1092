import { app } from 'electron';
import { resolve } from 'node:path';
import type { ProtocolRegistration } from './sign-in-redirect';

export const DEEP_LINK_SCHEME = 'echoes';

/** The echoes:// URL among a process's arguments (Windows and Linux pass deep links this way). */
export function deepLinkFromArgv(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.startsWith(`${DEEP_LINK_SCHEME}://`)) ?? null;
}

/**
 * Deep links (echoes://auth/callback, echoes://checkout/...). Call before 'ready': macOS sends
 * open-url early, Windows / Linux start a second instance with the URL in argv (the
 * single-instance lock in index.ts hands it to us), and a cold start has it in our own argv.
 * URLs wait in a queue until deliverTo() names who takes them.
 */
export function registerDeepLinks() {
  const pending: string[] = [];
  let handler: ((url: string) => unknown) | null = null;
  const take = (url: string | null) => {
    if (!url || url.length > 4096) return;
    if (handler) void Promise.resolve(handler(url)).catch((error: unknown) => console.error('deep link failed', error));
    else pending.push(url);
  };

  // development (electron .): register the interpreter plus our entry script
  const client: [string?, string[]?] = process.defaultApp && process.argv.length >= 2 ? [process.execPath, [resolve(process.argv[1]!)]] : [];
  const registered = app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, ...client);
  const isDefaultClient = app.isDefaultProtocolClient(DEEP_LINK_SCHEME, ...client);
  if (!registered || !isDefaultClient) console.warn(`the ${DEEP_LINK_SCHEME}:// scheme could not be registered: sign-in uses the loopback redirect`);
  app.on('open-url', (event, url) => {
    event.preventDefault();
    take(url);
  });
  app.on('second-instance', (_event, argv) => take(deepLinkFromArgv(argv)));
  take(deepLinkFromArgv(process.argv));

  return {
    /** What the OS said about echoes://; chooseSignInRedirect picks the sign-in redirect from it. */
    registration: { developmentRun: process.defaultApp === true, registered, isDefaultClient } satisfies ProtocolRegistration,
    deliverTo(next: (url: string) => unknown) {
      handler = next;
      for (const url of pending.splice(0)) take(url);
    },
  };
}
