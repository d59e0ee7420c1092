import type { RawTransport } from '../../../shared/contract/transport';
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
  /** The desktop shell's menus, dock and jump list send `shell.command` events (Electron); a browser has none to listen for. */
  shellCommands: boolean;
  /** The app updates itself (Electron); the bridge serves whatever the repository builds. */
  autoUpdate: boolean;
  /** For <img src> and <video src>: media is named by its opaque id, never by a path. */
  mediaUrl(id: string): string;
}

export function capabilitiesOf(transport: RawTransport & { token?: string }): Capabilities {
  const electron = transport.kind === 'electron';
  const target: MediaTarget = electron ? { kind: 'electron' } : { kind: 'bridge', token: transport.token ?? '' };
  return {
    choosePhotos: electron && transport.choosePhotos ? transport.choosePhotos.bind(transport) : null,
    pathForFile: electron && transport.pathForFile ? transport.pathForFile.bind(transport) : null,
    uploadToken: electron ? '' : (transport.token ?? ''),
    fileDialogs: electron,
    shellCommands: electron,
    autoUpdate: electron,
    mediaUrl: (id) => buildMediaUrl(id, target),
  };
}
