import { useState, type ReactNode } from 'react';
import type { ClipPoster, EditorClip } from '../../../../shared/contract';
import { LazyImage } from '../../components/LazyImage';
import { mediaUrl } from '../../transport/client';
import { currentTake } from '../../stores/editor';

/**
 * A clip's thumbnail that plays its take, muted and looping, while the pointer rests on it (cards and
 * timeline tiles): a quick look without touching the player.
 */
export function HoverTake({ clip, boxAspect, poster, className = '', children }: { clip: EditorClip; boxAspect?: string; /** The clip's first frame at the project's shape, when known. */ poster?: ClipPoster | undefined; className?: string; children?: ReactNode }) {
  const [hovering, setHovering] = useState(false);
  const take = currentTake(clip);
  return (
    <div className={`relative overflow-hidden ${className}`} onPointerEnter={() => setHovering(true)} onPointerLeave={() => setHovering(false)}>
      {poster ? (
        <LazyImage mediaId={poster.mediaId} width={poster.width} height={poster.height} alt="" {...(boxAspect ? { boxAspect } : {})} className="h-full w-full" />
      ) : clip.thumbMediaId && clip.thumbWidth && clip.thumbHeight ? (
        <LazyImage mediaId={clip.thumbMediaId} width={clip.thumbWidth} height={clip.thumbHeight} alt="" {...(boxAspect ? { boxAspect } : {})} className="h-full w-full" />
      ) : (
        <div className="h-full w-full bg-ink-800" style={boxAspect ? { aspectRatio: boxAspect } : undefined} />
      )}
      {hovering && take && (
        <video
          src={`${mediaUrl(take.mediaId)}#t=${clip.trimInS}`}
          muted
          autoPlay
          loop
          playsInline
          aria-hidden
          tabIndex={-1}
          data-testid="hover-take"
          className="pointer-events-none absolute inset-0 h-full w-full object-cover"
        />
      )}
      {children}
    </div>
  );
}
