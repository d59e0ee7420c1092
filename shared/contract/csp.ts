/**
 * The renderer's Content-Security-Policy, sent as a real response header by both the Electron
 * app:// protocol and the bridge. `extra` adds origins a transport needs (media scheme, WebSocket).
 */
export function contentSecurityPolicy(extra: { connect?: string[]; media?: string[] } = {}): string {
  const connect = ["'self'", ...(extra.connect ?? [])].join(' ');
  const media = ["'self'", 'blob:', ...(extra.media ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    `img-src ${media} data:`,
    `media-src ${media}`,
    `connect-src ${connect}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
