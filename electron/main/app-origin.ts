/** The scheme and host the studio page is served from (see app-protocol.ts). No 'electron' import: unit-tested under Node. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * True for app://studio/... only. Compares scheme and host rather than URL.origin: for a custom
 * scheme Node's URL (which the main process uses) reports the opaque origin 'null'.
 * Empty, relative or garbage input is not ours.
 */
export function isAppPageUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw === '') return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}
