import { isAllowedExternalUrl } from '../services/security/external-url';
import { isAppPageUrl } from './app-origin';

/** will-navigate / will-redirect: a web contents may only ever show the studio's own pages. */
export function mayNavigate(url: string): boolean {
  return isAppPageUrl(url);
}

export interface WindowOpenDecision {
  /** No window is ever created by the page. */
  action: 'deny';
  /** Whether the URL goes to the system browser instead (https and on the allow-list). */
  openExternally: boolean;
}

/** window.open and target=_blank links: never a new window; allowed https links open in the browser. */
export function decideWindowOpen(url: string, allowedHosts?: readonly string[]): WindowOpenDecision {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url, allowedHosts) };
}
