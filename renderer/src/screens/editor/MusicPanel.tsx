import { useEffect, useRef, useState } from 'react';
import type { MusicSettings } from '../../../../shared/contract';
import { mediaUrl, studio } from '../../transport/client';
import { takeBridgeToken } from '../../transport/bridge-transport';
import { uploadMusic } from '../../transport/upload';
import { Button } from '../../components/Button';
import { formatDuration } from '../../format';
import { useDraft } from '../../hooks/use-draft';
import { useEditor } from '../../stores/editor';
import { errorMessage, toastError } from '../../stores/toasts';
import { CloudMusic } from '../cloud/CloudMusic';

const DEFAULT_MUSIC = { volume: 80, fadeInS: 1, fadeOutS: 2 };
const field = 'rounded-md border border-ink-700 bg-ink-850 px-2 py-1.5 text-sm text-ink-100';

/** The creator's own music file: Electron knows its path and copies it into the library; a browser uploads its bytes. */
function OwnTrackPicker({ onPicked }: { onPicked(choice: { mediaId: string; name: string }): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pathForFile = studio.capabilities.pathForFile;
  async function add(file: File) {
    setBusy(true);
    setError(null);
    try {
      let imported: { mediaId: string; name: string };
      if (pathForFile) {
        const path = pathForFile(file);
        if (!path) throw new Error(`${file.name}: it is not a file on this computer; save it to a folder first`);
        imported = await studio.api['music.importPath']({ path });
      } else {
        imported = await uploadMusic(file, { token: takeBridgeToken(window.location) });
      }
      onPicked({ mediaId: imported.mediaId, name: imported.name });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="flex flex-col gap-1">
      <input
        ref={input}
        type="file"
        accept="audio/*,.mp3,.m4a,.aac,.wav,.flac,.ogg,.opus"
        className="hidden"
        aria-hidden
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void add(file);
        }}
      />
      <Button onClick={() => input.current?.click()} disabled={busy}>
        {busy ? 'Adding…' : 'Use my own music file…'}
      </Button>
      {error && (
        <p role="alert" className="text-xs text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

/** Media ids of bundled tracks already put in the media store this session (the studio answers the same id every time). */
const bundledPreviews = new Map<string, string>();

/** Plays the chosen bundled track from the media store, like the creator's own file. */
function BundledPreview({ trackId, title }: { trackId: string; title: string }) {
  const [mediaId, setMediaId] = useState<string | null>(() => bundledPreviews.get(trackId) ?? null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (bundledPreviews.has(trackId)) return;
    let live = true;
    studio.api['music.preview']({ trackId }).then(
      ({ mediaId: id }) => {
        bundledPreviews.set(trackId, id);
        if (live) setMediaId(id);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [trackId]);
  if (error) return <p className="text-xs text-red-300">Preview not available: {error}</p>;
  if (!mediaId) return <div className="h-[54px] w-full rounded-md bg-ink-850" aria-hidden />;
  return <audio controls preload="none" src={mediaUrl(mediaId)} className="w-full" aria-label={`Preview ${title}`} data-testid="music-preview" />;
}

function MusicControls({ music, save, title }: { music: MusicSettings; save(next: MusicSettings): void; title: string }) {
  const [volume, setVolume] = useDraft(music.volume, (volume) => save({ ...music, volume }));
  const [fadeIn, setFadeIn] = useDraft(music.fadeInS, (fadeInS) => save({ ...music, fadeInS }));
  const [fadeOut, setFadeOut] = useDraft(music.fadeOutS, (fadeOutS) => save({ ...music, fadeOutS }));
  const seconds = (value: string) => Math.max(0, Math.min(10, Number(value) || 0));
  return (
    <>
      {music.choice.source === 'file' ? (
        <audio controls preload="none" src={mediaUrl(music.choice.mediaId)} className="w-full" aria-label={`Preview ${music.choice.name}`} data-testid="music-preview" />
      ) : (
        <BundledPreview trackId={music.choice.trackId} title={title} />
      )}
      <label className="flex flex-col gap-1 text-xs text-ink-300">
        <span className="flex justify-between">
          Volume <span className="tabular-nums text-ink-100">{volume}%</span>
        </span>
        <input type="range" min={0} max={100} value={volume} onChange={(e) => setVolume(Number(e.target.value))} className="accent-accent-500" />
      </label>
      <div className="flex gap-2">
        <label className="flex flex-1 flex-col gap-1 text-xs text-ink-300">
          Fade in (s)
          <input type="number" min={0} max={10} step={0.5} value={fadeIn} onChange={(e) => setFadeIn(seconds(e.target.value))} className={field} />
        </label>
        <label className="flex flex-1 flex-col gap-1 text-xs text-ink-300">
          Fade out (s)
          <input type="number" min={0} max={10} step={0.5} value={fadeOut} onChange={(e) => setFadeOut(seconds(e.target.value))} className={field} />
        </label>
      </div>
    </>
  );
}

/** "Cut to the beat": the switch, and what the studio found in the track. */
function BeatSync() {
  const view = useEditor((s) => s.view);
  const finding = useEditor((s) => s.findingBeats);
  const updateSettings = useEditor((s) => s.updateSettings);
  // Shown at once, saved at once: the box does not wait for the studio's answer to tick.
  const [on, , setOn] = useDraft(view?.settings.beatSync ?? false, (beatSync) => updateSettings({ beatSync }));
  if (!view?.settings.music) return null;
  const beats = view.beats;
  const status = finding
    ? 'Finding the beat…'
    : beats?.status === 'found'
      ? `${Math.round(beats.tempoBpm ?? 0)} BPM, ${beats.beats.length} beats: the timeline shows them as ticks.`
      : beats?.status === 'none'
        ? `No steady beat in this track (${beats.message ?? 'none found'}): clip lengths are left as they are.`
        : '';
  return (
    <div className="flex flex-col gap-1 rounded-lg border border-ink-700 p-3">
      <label className="flex items-center gap-2 text-sm text-ink-100">
        <input
          type="checkbox"
          checked={on}
          onChange={(e) => setOn(e.target.checked)}
          className="accent-accent-500"
        />
        Cut to the beat
      </label>
      <p className="text-xs text-ink-300">Clip lengths shift a little so every cut lands on a beat; strong beats get a short transition.</p>
      {status && (
        <p className="text-xs text-ink-300" data-testid="beat-status" role="status">
          {status}
        </p>
      )}
    </div>
  );
}

export function MusicPanel() {
  const { view, tracks, updateSettings } = useEditor();
  if (!view) return null;
  const music = view.settings.music;
  const choice = music?.choice.source === 'bundled' ? music.choice.trackId : music ? 'file' : '';
  const save = (next: MusicSettings | null) => updateSettings({ music: next }).catch(toastError);

  return (
    <div className="flex flex-col gap-3">
      <p className="text-xs text-ink-300">Royalty-free tracks that ship with Echoes, or your own. Music fades in and out with the video.</p>
      <label className="flex flex-col gap-1 text-xs text-ink-300">
        Track
        <select
          value={choice}
          onChange={(e) => {
            if (e.target.value === 'file') return;
            save(e.target.value ? { ...DEFAULT_MUSIC, ...music, choice: { source: 'bundled', trackId: e.target.value } } : null);
          }}
          className={field}
        >
          <option value="">No music</option>
          {tracks.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title} · {formatDuration(t.durationS)}
            </option>
          ))}
          {music?.choice.source === 'file' && <option value="file">{music.choice.name}</option>}
        </select>
      </label>
      <OwnTrackPicker onPicked={(file) => save({ ...DEFAULT_MUSIC, ...music, choice: { source: 'file', ...file } })} />
      <CloudMusic onPicked={(file) => save({ ...DEFAULT_MUSIC, ...music, choice: { source: 'file', ...file } })} />
      <BeatSync />
      {music && (
        <MusicControls
          key={choice}
          music={music}
          save={save}
          title={music.choice.source === 'file' ? music.choice.name : (tracks.find((t) => t.id === choice)?.title ?? choice)}
        />
      )}
    </div>
  );
}
