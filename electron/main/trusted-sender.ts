import { isAppPageUrl } from './app-origin';

/** The parts of Electron's WebFrameMain the IPC check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * Whether an IPC call comes from the studio page itself: the top frame (not an iframe) of a page
 * served from app://studio. A missing frame (navigated or closed meanwhile), a frame that throws
 * when read (disposed), an empty or unparsable URL are all refused, never an exception.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame) return false;
  try {
    return frame.parent === null && isAppPageUrl(frame.url);
  } catch {
    return false;
  }
}

export const FORBIDDEN_CALL = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the studio page' },
} as const;
