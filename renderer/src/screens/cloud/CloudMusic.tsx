import { useEffect, useState } from 'react';
import type { CloudMusicTrack } from '../../../../shared/contract';
import { Button } from '../../components/Button';
import { formatDuration } from '../../format';
import { toastError } from '../../stores/toasts';
import { mediaUrl, studio } from '../../transport/client';
import { useCloudStatus } from './use-cloud-status';

/**
 * The Echoes music catalogue beside the bundled tracks (signed in): preview a track, use it. A track
 * is downloaded into the library the first time it is previewed or used, so the project exports offline.
 */
export function CloudMusic({ onPicked }: { onPicked(choice: { mediaId: string; name: string }): void }) {
  const [status] = useCloudStatus();
  const [tracks, setTracks] = useState<CloudMusicTrack[] | null>(null);
  const [offline, setOffline] = useState(false);
  const [preview, setPreview] = useState<{ id: string; mediaId: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const signedIn = status?.signedIn ?? false;

  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    studio.api['library.music']({}).then((r) => {
      if (!live) return;
      setTracks(r.tracks);
      setOffline(r.offline);
    }, toastError);
    return () => {
      live = false;
    };
  }, [signedIn]);

  if (!signedIn || !tracks || (tracks.length === 0 && !offline)) return null;

  async function fetchTrack(track: CloudMusicTrack) {
    setBusy(track.id);
    try {
      return await studio.api['library.musicTrack']({ trackId: track.id });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="flex flex-col gap-2" aria-label="Echoes music catalogue" data-testid="cloud-music">
      <h3 className="text-xs font-medium text-ink-300">Echoes catalogue</h3>
      {offline && <p className="text-xs text-amber-200">Offline: only the tracks already on this computer are listed.</p>}
      <ul className="flex flex-col gap-1">
        {tracks.map((t) => (
          <li key={t.id} className="flex flex-col gap-1 rounded-md border border-ink-800 px-2 py-1.5">
            <div className="flex items-center gap-2 text-sm">
              <span className="truncate">{t.title}</span>
              <span className="text-xs text-ink-400">
                {t.artist ? `${t.artist} · ` : ''}
                {formatDuration(t.durationS)}
              </span>
              <div className="ml-auto flex gap-1">
                <Button variant="ghost" disabled={busy !== null} onClick={() => void fetchTrack(t).then((r) => setPreview({ id: t.id, mediaId: r.mediaId }), toastError)}>
                  Preview
                </Button>
                <Button disabled={busy !== null} onClick={() => void fetchTrack(t).then((r) => onPicked({ mediaId: r.mediaId, name: r.name }), toastError)}>
                  Use
                </Button>
              </div>
            </div>
            {preview?.id === t.id && <audio controls autoPlay src={mediaUrl(preview.mediaId)} className="w-full" aria-label={`Preview ${t.title}`} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
