import { useEffect, useRef, useState } from 'react';
import type { PreviewManifest } from '../../../../shared/contract';
import { Button } from '../../components/Button';
import { formatTime } from '../../format';
import { pieceAt } from '../../preview/append-plan';
import { MediaSourceTimeline } from '../../preview/media-source-timeline';
import { previewSignature } from '../../preview/preview-signature';
import { refocusPreview, usePreview } from '../../preview/use-preview';
import { useEditor } from '../../stores/editor';
import { usePlayback } from '../../stores/playback';
import { mediaUrl } from '../../transport/client';

async function fetchPiece(mediaId: string): Promise<ArrayBuffer> {
  const response = await fetch(mediaUrl(mediaId));
  if (!response.ok) throw new Error(`piece ${mediaId} answered ${response.status}`);
  return response.arrayBuffer();
}

/** What to say over the picture at the playhead, if anything. */
function statusAt(manifest: PreviewManifest | null, timeS: number, waiting: boolean): { text: string; failed: boolean } | null {
  if (!manifest) return null;
  const piece = pieceAt(manifest, timeS);
  if (piece?.state === 'failed') return { text: piece.error ?? 'This part of the preview could not be made.', failed: true };
  if (manifest.audio.state === 'failed') return { text: manifest.audio.error ?? 'The sound of the preview could not be made.', failed: true };
  if (piece && piece.state !== 'ready') return { text: 'Rendering this part of the preview…', failed: false };
  if (waiting) return { text: 'Loading…', failed: false };
  return null;
}

/**
 * The whole edit as it will export: transitions, music, trims and framing, made by the studio's
 * preview pieces (the export's own chains at a proxy size) and played through Media Source. It obeys
 * the playback store (play, seek, rate) and reports where it is; a take picked on a card plays in
 * its place until the edit is played again.
 */
export function PreviewPlayer() {
  const projectId = useEditor((s) => s.projectId);
  const view = useEditor((s) => s.view);
  const signature = previewSignature(view);
  const { manifest, error, loading } = usePreview(projectId ?? '', projectId ? signature : '');
  const take = usePlayback((s) => s.take);
  const box = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const engine = useRef<MediaSourceTimeline | null>(null);
  const [playError, setPlayError] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);
  const timeS = usePlayback((s) => s.timeS);
  const playing = usePlayback((s) => s.playing);

  // One Media Source per project; every new manifest is shown in it.
  useEffect(() => {
    return () => {
      engine.current?.destroy();
      engine.current = null;
    };
  }, [projectId]);
  useEffect(() => {
    const v = video.current;
    if (!manifest || !v) return;
    engine.current ??= new MediaSourceTimeline(v, fetchPiece, setPlayError);
    usePlayback.getState().report({ durationS: manifest.durationS });
    void engine.current.show(manifest);
  }, [manifest]);

  // The playback store drives the element.
  useEffect(() => {
    let lastSeek = usePlayback.getState().seekRequest?.id ?? 0;
    return usePlayback.subscribe((state, prev) => {
      const v = video.current;
      if (!v) return;
      if (state.seekRequest && state.seekRequest.id !== lastSeek) {
        lastSeek = state.seekRequest.id;
        v.currentTime = state.seekRequest.timeS;
        if (projectId) refocusPreview(projectId, state.seekRequest.timeS);
      }
      if (state.rate !== prev.rate) v.playbackRate = state.rate;
      if (state.take && !prev.take && !v.paused) v.pause();
      if (state.playing !== prev.playing && !state.take) {
        if (state.playing && v.paused) {
          if (v.ended || v.currentTime >= v.duration - 1e-3) v.currentTime = 0;
          v.play().catch(() => usePlayback.getState().report({ playing: false }));
        } else if (!state.playing && !v.paused) {
          v.pause();
        }
      }
    });
  }, [projectId]);

  // While playing, the playhead follows every frame, not only timeupdate's few a second.
  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    const tick = () => {
      const v = video.current;
      if (v) usePlayback.getState().report({ timeS: v.currentTime });
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing]);

  // A piece that could not be made is skipped while playing: the rest of the edit keeps playing.
  const status = take ? null : statusAt(manifest, timeS, waiting);
  useEffect(() => {
    const v = video.current;
    if (!manifest || !v || !playing || !status?.failed) return;
    const piece = pieceAt(manifest, v.currentTime);
    if (piece && piece.state === 'failed') v.currentTime = Math.min(manifest.durationS, piece.startS + piece.durationS);
  }, [manifest, playing, status?.failed]);

  const report = (update: Parameters<ReturnType<typeof usePlayback.getState>['report']>[0]) => usePlayback.getState().report(update);
  const durationS = manifest?.durationS ?? 0;
  const aspect = view ? view.settings.output.aspect.replace(':', ' / ') : '16 / 9';

  return (
    <section aria-label="Preview" className="flex w-full shrink-0 flex-col gap-2">
      <div ref={box} className="relative flex w-full items-center justify-center overflow-hidden rounded-lg bg-black" style={{ aspectRatio: aspect }}>
        <video
          ref={video}
          playsInline
          className={`h-full w-full ${take ? 'invisible' : ''}`}
          aria-label="Preview of the whole video"
          data-testid="preview-video"
          onPlay={() => report({ playing: true })}
          onPause={() => report({ playing: false })}
          onEnded={() => report({ playing: false, timeS: durationS })}
          onSeeking={(e) => report({ timeS: e.currentTarget.currentTime })}
          onSeeked={(e) => report({ timeS: e.currentTarget.currentTime })}
          onTimeUpdate={(e) => report({ timeS: e.currentTarget.currentTime })}
          onWaiting={() => setWaiting(true)}
          onPlaying={() => setWaiting(false)}
          onCanPlay={() => setWaiting(false)}
        />
        {take && (
          <video
            key={take.mediaId}
            src={mediaUrl(take.mediaId)}
            controls
            autoPlay
            playsInline
            className="absolute inset-0 h-full w-full"
            aria-label={`Take preview: ${take.label}`}
            data-testid="take-video"
          />
        )}
        {!take && (error || playError || status || (!manifest && !loading)) && (
          <p
            role={status?.failed || error || playError ? 'alert' : 'status'}
            data-testid="preview-status"
            className={`absolute inset-x-4 bottom-4 rounded-md px-3 py-2 text-center text-sm ${status?.failed || error || playError ? 'bg-red-950/90 text-red-100' : 'bg-black/70 text-ink-100'}`}
          >
            {error ?? playError ?? status?.text ?? 'Approve a take to see the video here.'}
          </p>
        )}
      </div>
      <div className="flex items-center gap-2">
        {take ? (
          <>
            <span className="min-w-0 flex-1 truncate text-xs text-ink-300">Showing the take “{take.label}”</span>
            <Button variant="ghost" onClick={() => usePlayback.getState().showTake(null)}>
              Back to the video
            </Button>
          </>
        ) : (
          <>
            <Button
              aria-label={playing ? 'Pause' : 'Play'}
              title={playing ? 'Pause (Space)' : 'Play (Space)'}
              data-testid="preview-play"
              disabled={!manifest}
              onClick={() => usePlayback.getState().togglePlay()}
            >
              {playing ? '❚❚' : '▶'}
            </Button>
            <span className="font-mono text-xs tabular-nums text-ink-300" data-testid="preview-time">
              {formatTime(timeS)} / {formatTime(durationS)}
            </span>
            <span className="flex-1" />
            <Button variant="ghost" aria-label="Full screen" title="Full screen" onClick={() => void box.current?.requestFullscreen?.()}>
              {/* Drawn, not a character: "⛶" is missing from common system fonts and showed as a box. */}
              <svg viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
                <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" />
              </svg>
            </Button>
          </>
        )}
      </div>
    </section>
  );
}
