import { useEffect, useState } from 'react';
import type { ClipPoster, EditorView } from '../../../../shared/contract';
import { studio } from '../../transport/client';

/** What a clip's first frame depends on: when none of it changed, the posters stay. */
function signatureOf(view: EditorView): string {
  const { aspect, fit, focus, fps } = view.settings.output;
  return JSON.stringify([
    view.project.id,
    aspect,
    fit,
    focus,
    fps,
    view.clips.map((c) => [c.id, c.takes.find((t) => t.approved)?.mediaId ?? null, c.trimInS, c.framing, c.focus, c.workingMediaId]),
  ]);
}

/**
 * The cards' thumbnails: each clip's first frame at the project's shape, framed as the preview and
 * the export frame it. Fetched again when something that shapes a first frame changes.
 */
export function usePosters(view: EditorView | null): Record<string, ClipPoster> {
  const [posters, setPosters] = useState<Record<string, ClipPoster>>({});
  const signature = view ? signatureOf(view) : null;
  const projectId = view?.project.id ?? null;
  useEffect(() => {
    if (!projectId) return;
    let current = true;
    // A burst of edits (approve all, an import) asks once, when it settles.
    const timer = setTimeout(() => {
      studio.api['clips.posters']({ projectId })
        .then((list) => {
          if (!current) return;
          setPosters(Object.fromEntries(list.flatMap(({ clipId, poster }) => (poster ? [[clipId, poster] as const] : []))));
        })
        // The plain thumbnails stay in place; nothing to tell the creator.
        .catch(() => {});
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [signature, projectId]);
  return posters;
}
