import { useEffect, useRef, useState } from 'react';
import { previewPieceReady, previewRequested } from '../stores/kpis';
import type { PreviewManifest, PreviewPieceUpdate } from '../../../shared/contract';
import { studio } from '../transport/client';
import { usePlayback } from '../stores/playback';
import { errorMessage } from '../stores/toasts';

export interface PreviewState {
  manifest: PreviewManifest | null;
  /** Why the preview cannot be planned (a trim past a take's end, FFmpeg missing, ...). */
  error: string | null;
  loading: boolean;
}

/** A manifest with the piece updates heard so far applied. */
export function applyPieceUpdates(manifest: PreviewManifest, updates: ReadonlyMap<string, PreviewPieceUpdate>): PreviewManifest {
  const patch = <P extends PreviewManifest['audio']>(p: P): P => {
    const u = updates.get(p.key);
    // A piece the studio just listed as ready stays ready whatever older news says.
    return u && p.state !== 'ready' ? { ...p, state: u.state, mediaId: u.mediaId, error: u.error } : p;
  };
  return { ...manifest, video: manifest.video.map(patch), audio: patch(manifest.audio) };
}

/**
 * The open project's preview manifest, kept current: asked again when `signature` (what the edit
 * looks like) changes, patched by the studio's `preview.piece` events as pieces become ready.
 * Updates that arrive before the answer that lists their piece are kept and applied to it.
 */
export function usePreview(projectId: string, signature: string): PreviewState {
  const [state, setState] = useState<PreviewState>({ manifest: null, error: null, loading: true });
  const updates = useRef(new Map<string, PreviewPieceUpdate>());

  useEffect(() => {
    updates.current = new Map();
    return studio.subscribe((event) => {
      if (event.type !== 'preview.piece' || event.payload.projectId !== projectId) return;
      updates.current.set(event.payload.key, event.payload);
      if (event.payload.state === 'ready') previewPieceReady();
      setState((s) => (s.manifest ? { ...s, manifest: applyPieceUpdates(s.manifest, new Map([[event.payload.key, event.payload]])) } : s));
    });
  }, [projectId]);

  useEffect(() => {
    if (!signature) {
      setState({ manifest: null, error: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    previewRequested();
    studio.api['preview.open']({ projectId, focusS: usePlayback.getState().timeS }).then(
      (manifest) => {
        if (!live) return;
        const next = manifest && applyPieceUpdates(manifest, updates.current);
        if (next?.video.some((p) => p.state === 'ready')) previewPieceReady();
        setState({ manifest: next, error: null, loading: false });
      },
      (error: unknown) => {
        if (live) setState({ manifest: null, error: errorMessage(error), loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, [projectId, signature]);

  return state;
}

/** Tells the studio where the playhead went, so the pieces there are rendered first. */
export function refocusPreview(projectId: string, timeS: number): void {
  void studio.api['preview.open']({ projectId, focusS: timeS }).catch(() => undefined);
}
