import { MEDIA_ORIGIN } from '../domain';
import { takeBridgeToken } from './bridge-transport';

export type MediaTarget = { kind: 'electron' } | { kind: 'bridge'; token: string; baseUrl?: string };

/** The URL of a media-store id: the privileged protocol in Electron, the token-checked route on the bridge. */
export function buildMediaUrl(id: string, target: MediaTarget): string {
  const path = encodeURIComponent(id);
  if (target.kind === 'electron') return `${MEDIA_ORIGIN}/${path}`;
  return `${target.baseUrl ?? ''}/media/${path}?token=${encodeURIComponent(target.token)}`;
}

let target: MediaTarget | null = null;

/** For <img src> and <video src>: media is named by its opaque id, never by a path. */
export function mediaUrl(id: string): string {
  target ??= window.echoes ? { kind: 'electron' } : { kind: 'bridge', token: takeBridgeToken(window.location) };
  return buildMediaUrl(id, target);
}
