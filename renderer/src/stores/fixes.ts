import { StudioError } from '../../../shared/contract/errors';
import { useRoute } from './route';

export interface Fix {
  label: string;
  run: () => void;
}

export type SettingsSection = 'encoder' | 'account';

/** Opens Settings at one card (the encoder card says how to install FFmpeg; the account card sells credits). */
export function openSettings(section: SettingsSection): void {
  useRoute.getState().go({ screen: 'settings' });
  const reveal = (triesLeft: number) => {
    const card = document.getElementById(section);
    if (card) {
      card.scrollIntoView({ behavior: 'smooth', block: 'start' });
      card.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
    } else if (triesLeft > 0) requestAnimationFrame(() => reveal(triesLeft - 1));
  };
  requestAnimationFrame(() => reveal(30));
}

const installFfmpeg: Fix = { label: 'How to install FFmpeg', run: () => openSettings('encoder') };
const buyCredits: Fix = { label: 'Buy credits', run: () => openSettings('account') };
const signIn: Fix = { label: 'Sign in', run: () => openSettings('account') };

/** FfmpegNotFoundError's messages (no FFmpeg, FFMPEG_PATH wrong, FFmpeg too old) all end with the install hint. */
export const isFfmpegMissing = (message: string) => /FFmpeg was not found|FFMPEG_PATH|Install FFmpeg/i.test(message);

/** The fix for an error a StudioApi call answered with; `retry` repeats what failed (offered when it could work next time). */
export function fixesForError(error: unknown, retry?: () => void): Fix[] {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof StudioError ? error.code : null;
  if (isFfmpegMissing(message)) return [installFfmpeg];
  if (code === 'FORBIDDEN' && /credit/i.test(message)) return [buyCredits];
  if (code === 'FORBIDDEN' && /sign in/i.test(message)) return [signIn];
  // Offline, the studio or the cloud not reachable for a moment: the same request can work next time.
  if ((code === 'UNAVAILABLE' || code === 'INTERNAL' || code === null) && retry) return [{ label: 'Try again', run: retry }];
  return [];
}

/** A generation job's failure, by the provider's code. */
export function fixesForJob(errorCode: string | null): Fix[] {
  if (errorCode === 'FFMPEG_MISSING') return [installFfmpeg];
  if (errorCode === 'INSUFFICIENT_CREDITS') return [buyCredits];
  if (errorCode === 'SIGNED_OUT') return [signIn];
  return [];
}

/** The clip an export failure names: the compile engine labels clips "Clip <n> (<clip id>)", n counting the timeline from 1. */
export function clipNamedIn(message: string): { number: number; clipId: string } | null {
  const match = /\bClip (\d+) \(([^()\s"]+)\)/.exec(message);
  return match ? { number: Number(match[1]), clipId: match[2]! } : null;
}

/**
 * An export failure for people: "Clip 2 (<id>) "<media-store path>" cannot be read" becomes
 * "Clip 2 (beach.jpg) cannot be read" (the id and the store's path mean nothing to the creator).
 */
export function describeExportFailure(message: string, nameOf: (clipId: string) => string | null): string {
  return message.replace(/\bClip (\d+) \(([^()\s"]+)\)(?: "[^"]*")?/g, (whole, n: string, clipId: string) => {
    const name = nameOf(clipId);
    return name ? `Clip ${n} (${name})` : `Clip ${n}`;
  });
}

export interface ExportFixActions {
  retry(): void;
  regenerate(clipId: string): void;
  remove(clipId: string): void;
  /** Whether the clip is still in the project (only then are its fixes offered). */
  hasClip(clipId: string): boolean;
}

/** What fixes a failed export: install FFmpeg, regenerate or remove the clip it names, else try again. */
export function fixesForExport(message: string, actions: ExportFixActions): Fix[] {
  if (isFfmpegMissing(message)) return [installFfmpeg];
  const clip = clipNamedIn(message);
  if (clip && actions.hasClip(clip.clipId)) {
    return [
      { label: `Regenerate clip ${clip.number}`, run: () => actions.regenerate(clip.clipId) },
      { label: `Remove clip ${clip.number}`, run: () => actions.remove(clip.clipId) },
    ];
  }
  return [{ label: 'Try again', run: actions.retry }];
}
