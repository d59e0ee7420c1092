import { useEffect, useRef, useState } from 'react';
import { mediaUrl } from '../transport/client';

interface LazyImageProps {
  mediaId: string;
  /** The stored size of the image: it sizes the box before the image arrives. */
  width: number;
  height: number;
  alt: string;
  className?: string;
  /** The box's own aspect ratio (e.g. "16 / 9"), when it should not follow the image's; the image covers it. */
  boxAspect?: string;
  /** How far outside the viewport loading starts. */
  margin?: string;
}

/**
 * A thumbnail that reserves its box from the stored size (nothing shifts when it arrives) and loads
 * only when it comes near the viewport, so the visible cards load first.
 */
export function LazyImage({ mediaId, width, height, alt, className = '', boxAspect, margin = '300px' }: LazyImageProps) {
  const box = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    const element = box.current;
    if (!element || near) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [near, margin]);

  return (
    <div ref={box} className={`relative overflow-hidden bg-ink-800 ${className}`} style={{ aspectRatio: boxAspect ?? `${width} / ${height}` }}>
      {near && (
        <img
          src={mediaUrl(mediaId)}
          alt={alt}
          width={width}
          height={height}
          decoding="async"
          draggable={false}
          onLoad={() => setLoaded(true)}
          className={`absolute inset-0 h-full w-full object-cover transition-opacity duration-300 ${loaded ? 'opacity-100' : 'opacity-0'}`}
        />
      )}
    </div>
  );
}
