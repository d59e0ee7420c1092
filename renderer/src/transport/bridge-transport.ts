import type { StudioEvent } from '../../../shared/contract/index';
import type { CallResult } from '../../../shared/contract/errors';
import type { RawTransport } from '../../../shared/contract/transport';
const TOKEN_KEY = 'echoes.bridgeToken';

/** The bridge hands its per-run token in the URL fragment; keep it for reloads, then clean the address bar. */
export function takeBridgeToken(location: Location, storage: Storage = sessionStorage): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    storage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return storage.getItem(TOKEN_KEY) ?? '';
}

export function createBridgeTransport(location: Location): RawTransport & { token: string } {
  const token = takeBridgeToken(location);
  const listeners = new Set<(event: StudioEvent) => void>();
  let socket: WebSocket | null = null;
  let retryMs = 500;

  function connect(): void {
    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/events?token=${encodeURIComponent(token)}`;
    socket = new WebSocket(wsUrl);
    socket.onopen = () => {
      retryMs = 500;
    };
    socket.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as StudioEvent;
      for (const listener of listeners) listener(event);
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size > 0) setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  }

  return {
    kind: 'bridge',
    token,
    async invoke(method, input): Promise<CallResult<unknown>> {
      try {
        const response = await fetch(`/api/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as CallResult<unknown>;
      } catch {
        return { ok: false, error: { code: 'UNAVAILABLE', message: 'The studio is not reachable. Is `npm run studio` still running?' } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) socket?.close();
      };
    },
  };
}
