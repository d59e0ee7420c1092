import { isAppPageUrl } from './app-origin';

/**
 * Which web permissions the studio page gets: fullscreen only (the video players' fullscreen
 * buttons), and only for app://studio. Camera, microphone, notifications, geolocation, clipboard
 * reads and every other permission are refused, for any page. No 'electron' import: unit-tested under Node.
 */
export function mayUsePermission(permission: string, requestingUrl: string | undefined): boolean {
  return permission === 'fullscreen' && isAppPageUrl(requestingUrl);
}
