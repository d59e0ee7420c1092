import type { RawTransport } from '../../../shared/contract/transport';
import { createBridgeTransport } from './bridge-transport';
import { buildMediaUrl, type MediaTarget } from './media-url';

/**
 * What the renderer can do beyond StudioApi calls, which depends on where it runs: the Electron
 * app (preload) or a browser on the localhost bridge. The only place that asks which; screens and
 * stores read these fields and never the transport's kind.
 */
export interface Capabilities {
  /** The native photo picker (Electron); null in a browser, where a file input picks. */
  choosePhotos: (() => Promise<string[]>) | null;
  /** A dropped file's path on this computer (Electron); null in a browser, where files are uploaded. */
  pathForFile: ((file: File) => string) | null;
  /** The bridge's per-run token that uploads carry; '' in Electron. */
  uploadToken: string;
  /** Save As and Show in folder (Electron); a browser downloads instead. */
  fileDialogs: boolean;
  /** For <img src> and <video src>: media is named by its opaque id, never by a path. */
  mediaUrl(id: string): string;
}

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

export function capabilitiesOf(transport: RawTransport & { token?: string }): Capabilities {
  const electron = transport.kind === 'electron';
  const target: MediaTarget = electron ? { kind: 'electron' } : { kind: 'bridge', token: transport.token ?? '' };
  return {
    choosePhotos: electron && transport.choosePhotos ? transport.choosePhotos.bind(transport) : null,
    pathForFile: electron && transport.pathForFile ? transport.pathForFile.bind(transport) : null,
    uploadToken: electron ? '' : (transport.token ?? ''),
    fileDialogs: electron,
    mediaUrl: (id) => buildMediaUrl(id, target),
  };
}
