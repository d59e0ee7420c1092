import { useEffect, useRef, useState } from 'react';
import type { AdminMusic as Catalogue } from '../../../../shared/contract';
import { Button } from '../../components/Button';
import { formatDuration } from '../../format';
import { errorMessage, toastError } from '../../stores/toasts';
import { takeBridgeToken } from '../../transport/bridge-transport';
import { studio } from '../../transport/client';
import { uploadMusic } from '../../transport/upload';

const input = 'rounded-md border border-ink-700 bg-ink-850 px-2 py-1.5 text-sm text-ink-100';

/** Settings › Admin › Music catalogue: upload (MP3, M4A, AAC, WAV), title, order, remove, through the admin function. */
export function AdminMusic({ password }: { password: string }) {
  const [tracks, setTracks] = useState<Catalogue['tracks'] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [artist, setArtist] = useState('');
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    studio.api['admin.music']({ password }).then((r) => setTracks(r.tracks), toastError);
  }, [password]);

  async function run(action: () => Promise<Catalogue>) {
    setBusy(true);
    setError(null);
    try {
      setTracks((await action()).tracks);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function add(picked: File) {
    await run(async () => {
      const pathForFile = studio.capabilities.pathForFile;
      const path = pathForFile?.(picked);
      const stored = path ? await studio.api['music.importPath']({ path }) : await uploadMusic(picked, { token: takeBridgeToken(window.location) });
      const name = title.trim() || picked.name.replace(/\.[^.]+$/, '');
      const next = await studio.api['admin.musicAdd']({ password, mediaId: stored.mediaId, title: name, ...(artist.trim() ? { artist: artist.trim() } : {}), durationS: stored.durationS });
      setTitle('');
      setArtist('');
      return next;
    });
  }

  function move(index: number, by: number) {
    if (!tracks) return;
    const ids = tracks.map((t) => t.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    void run(() => studio.api['admin.musicOrder']({ password, ids }));
  }

  return (
    <div className="flex flex-col gap-3" data-testid="admin-music">
      <ol className="flex flex-col gap-1 text-sm">
        {tracks?.map((t, i) => (
          <li key={t.id} className="flex items-center gap-2">
            <input
              aria-label={`Title of track ${i + 1}`}
              defaultValue={t.title}
              className={`${input} flex-1`}
              onBlur={(e) => e.target.value.trim() && e.target.value.trim() !== t.title && void run(() => studio.api['admin.musicUpdate']({ password, id: t.id, title: e.target.value.trim() }))}
            />
            <span className="text-xs text-ink-400">
              {t.artist ?? '—'} · {formatDuration(t.durationS)}
            </span>
            <Button variant="ghost" disabled={busy || i === 0} onClick={() => move(i, -1)} aria-label={`Move ${t.title} up`}>
              ↑
            </Button>
            <Button variant="ghost" disabled={busy || i === tracks.length - 1} onClick={() => move(i, 1)} aria-label={`Move ${t.title} down`}>
              ↓
            </Button>
            <Button variant="ghost" disabled={busy} onClick={() => void run(() => studio.api['admin.musicRemove']({ password, id: t.id }))}>
              Remove
            </Button>
          </li>
        ))}
        {tracks?.length === 0 && <li className="text-ink-400">No tracks in the catalogue yet.</li>}
      </ol>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1 text-xs text-ink-300">
          Title
          <input value={title} onChange={(e) => setTitle(e.target.value)} className={input} placeholder="From the file name" />
        </label>
        <label className="flex flex-col gap-1 text-xs text-ink-300">
          Artist
          <input value={artist} onChange={(e) => setArtist(e.target.value)} className={input} />
        </label>
        <input
          ref={file}
          type="file"
          accept=".mp3,.m4a,.aac,.wav,audio/mpeg,audio/mp4,audio/aac,audio/wav"
          className="hidden"
          aria-hidden
          tabIndex={-1}
          onChange={(e) => {
            const picked = e.target.files?.[0];
            e.target.value = '';
            if (picked) void add(picked);
          }}
        />
        <Button variant="primary" disabled={busy} onClick={() => file.current?.click()}>
          {busy ? 'Working…' : 'Upload a track…'}
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-xs text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
