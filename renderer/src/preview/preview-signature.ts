import type { EditorView } from '../../../shared/contract';
import { currentTake } from '../stores/editor/selectors';

/**
 * Everything in the view that changes what the preview shows, as one string: the approved clips in
 * order with their takes, trims, transitions and captions, and the project's settings (transition,
 * music, output, title and end card, beat sync).
 * The preview is asked again only when this changes (not on every job progress event).
 */
export function previewSignature(view: Pick<EditorView, 'clips' | 'settings'> | null): string {
  if (!view) return '';
  const clips = view.clips
    .filter((c) => c.approved)
    .map((c) => [c.id, currentTake(c)?.mediaId ?? null, c.trimInS, c.trimOutS, c.transitionOut, c.caption]);
  return JSON.stringify([clips, view.settings]);
}
