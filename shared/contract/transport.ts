import type { CallResult } from './errors';
import type { StudioEvent } from './index';

/**
 * The raw surface a transport offers: what the Electron preload exposes as window.echoes
 * and what the bridge client implements over HTTP + WebSocket. The typed client is built on top.
 */
export interface RawTransport {
  readonly kind: 'electron' | 'bridge';
  invoke(method: string, input: unknown): Promise<CallResult<unknown>>;
  subscribe(listener: (event: StudioEvent) => void): () => void;
  /** Electron only: the file-system path of a dropped File (webUtils.getPathForFile); '' when it has none. */
  pathForFile?(file: File): string;
  /** Electron only: the import dialog; the chosen paths, none when cancelled. */
  choosePhotos?(): Promise<string[]>;
}

/** Limits shared by both transports. */
export const MAX_REQUEST_BYTES = 1_000_000;
export const IPC_CALL_CHANNEL = 'echoes:call';
export const IPC_EVENT_CHANNEL = 'echoes:event';
export const IPC_CHOOSE_PHOTOS_CHANNEL = 'echoes:choose-photos';
