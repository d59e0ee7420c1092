import { MEDIA_ORIGIN } from '../../../shared/values';

export type MediaTarget = { kind: 'electron' } | { kind: 'bridge'; token: string; baseUrl?: string };

/** The URL of a media-store id: the privileged protocol in Electron, the token-checked route on the bridge. */
export function buildMediaUrl(id: string, target: MediaTarget): string {
  const path = encodeURIComponent(id);
  if (target.kind === 'electron') return `${MEDIA_ORIGIN}/${path}`;
  return `${target.baseUrl ?? ''}/media/${path}?token=${encodeURIComponent(target.token)}`;
}
