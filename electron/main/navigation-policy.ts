import { isAppPageUrl } from './app-origin';

/** will-navigate / will-redirect: a web contents may only ever show the studio's own pages. */
export function mayNavigate(url: string): boolean {
  return isAppPageUrl(url);
}

/**
 * window.open and target=_blank links: never a new window, and nothing goes to the system browser
 * this way either. The renderer opens no links itself; what the app does open (sign-in, Checkout)
 * goes through the cloud service's opener, which allows exact URLs only.
 */
export function decideWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}
