import type { RawTransport } from '../../../shared/contract/transport';
import { createBridgeTransport } from './bridge-transport';

// Its own small module: the early projects.list call (early-call.ts) loads it before the app bundle.

/**
 * Inside the app (app://), a page without window.echoes means its preload failed: every call says so,
 * instead of falling back to the localhost bridge (which is not there, and which the app's CSP blocks).
 */
function missingPreloadTransport(): RawTransport {
  const message = 'Echoes Studio could not connect this window to the app (its preload script did not run). Quit and open the app again; if this keeps happening, reinstall Echoes Studio.';
  return {
    kind: 'electron',
    invoke: () => Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message } }),
    subscribe: () => () => undefined,
  };
}

/** Electron when the preload exposed window.echoes; inside the app without it, an error; otherwise the localhost bridge. */
export function pickTransport(): RawTransport {
  if (window.echoes) return window.echoes;
  return window.location.protocol === 'app:' ? missingPreloadTransport() : createBridgeTransport(window.location);
}
