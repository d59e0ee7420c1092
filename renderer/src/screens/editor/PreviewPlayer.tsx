import { useEffect, useRef, useState } from 'react';
import type { EditorClip } from '../../../../shared/contract';
import { mediaUrl } from '../../transport/client';
import { Button } from '../../components/Button';
import { currentTake } from '../../stores/editor';

interface PreviewPlayerProps {
  timeline: EditorClip[];
  selected: EditorClip | null;
}

/** Plays one clip's take, or the whole timeline clip after clip with its trims. */
export function PreviewPlayer({ timeline, selected }: PreviewPlayerProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [playingTimeline, setPlayingTimeline] = useState(false);
  const [index, setIndex] = useState(0);

  const clip = playingTimeline ? timeline[index] : selected;
  const take = clip ? currentTake(clip) : null;
  const src = take ? mediaUrl(take.mediaId) : null;

  // Seek only when a different clip, take or in point comes up: a refresh hands over new clip objects
  // (every event does), and seeking on those would jump a playing timeline back to the in point.
  const clipId = clip?.id ?? null;
  const inS = clip?.trimInS ?? 0;
  useEffect(() => {
    const v = video.current;
    if (!v || !clipId || !src) return;
    v.currentTime = inS;
    if (playingTimeline) void v.play().catch(() => setPlayingTimeline(false));
  }, [src, clipId, inS, playingTimeline]);

  function onTimeUpdate() {
    const v = video.current;
    if (!v || !clip || !playingTimeline) return;
    if (clip.trimOutS !== null && v.currentTime >= clip.trimOutS) next();
  }

  function next() {
    if (index + 1 < timeline.length) setIndex(index + 1);
    else setPlayingTimeline(false);
  }

  return (
    <section aria-label="Preview" className="flex flex-col gap-2">
      <div className="flex aspect-video items-center justify-center overflow-hidden rounded-lg bg-black">
        {src ? (
          <video
            ref={video}
            key={src}
            src={src}
            controls
            playsInline
            onTimeUpdate={onTimeUpdate}
            onEnded={() => playingTimeline && next()}
            className="h-full w-full"
            aria-label={playingTimeline ? `Timeline preview, clip ${index + 1}` : 'Clip preview'}
            data-testid="preview-video"
          />
        ) : (
          <p className="px-6 text-center text-sm text-ink-300">{clip ? 'Generate this clip to preview it.' : 'Select a clip to preview it.'}</p>
        )}
      </div>
      <div className="flex gap-2">
        <Button
          disabled={timeline.length === 0}
          onClick={() => {
            setIndex(0);
            setPlayingTimeline(true);
          }}
        >
          ▶ Play timeline
        </Button>
        {playingTimeline && (
          <Button variant="ghost" onClick={() => setPlayingTimeline(false)}>
            Stop
          </Button>
        )}
      </div>
    </section>
  );
}
