import type { MusicSettings } from '../../../../shared/api';
import { useEditor } from '../../stores/editor';
import { toastError } from '../../stores/toasts';

const DEFAULT_MUSIC = { volume: 80, fadeInS: 1, fadeOutS: 2 };

export function MusicPanel() {
  const { view, tracks, updateSettings } = useEditor();
  if (!view) return null;
  const music = view.settings.music;
  const choice = music?.choice.source === 'bundled' ? music.choice.trackId : music ? 'file' : '';
  const save = (next: MusicSettings | null) => updateSettings({ music: next }).catch(toastError);
  const set = (patch: Partial<MusicSettings>) => music && save({ ...music, ...patch });

  return (
    <section aria-labelledby="music-title" className="flex flex-col gap-3">
      <h3 id="music-title" className="text-sm font-semibold">
        Music
      </h3>
      <label className="flex flex-col gap-1 text-xs text-ink-300">
        Track
        <select
          value={choice}
          onChange={(e) =>
            save(e.target.value ? { ...DEFAULT_MUSIC, ...music, choice: { source: 'bundled', trackId: e.target.value } } : null)
          }
          className="rounded-md border border-ink-700 bg-ink-850 px-2 py-1.5 text-sm text-ink-100"
        >
          <option value="">No music</option>
          {tracks.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
          {music?.choice.source === 'file' && <option value="file">{music.choice.name}</option>}
        </select>
      </label>
      {music && (
        <>
          <label className="flex flex-col gap-1 text-xs text-ink-300">
            Volume {music.volume}
            <input type="range" min={0} max={100} value={music.volume} onChange={(e) => set({ volume: Number(e.target.value) })} className="accent-accent-500" />
          </label>
          <div className="flex gap-2">
            <label className="flex flex-1 flex-col gap-1 text-xs text-ink-300">
              Fade in (s)
              <input type="number" min={0} max={10} step={0.5} value={music.fadeInS} onChange={(e) => set({ fadeInS: Number(e.target.value) })} className="rounded-md border border-ink-700 bg-ink-850 px-2 py-1 text-sm text-ink-100" />
            </label>
            <label className="flex flex-1 flex-col gap-1 text-xs text-ink-300">
              Fade out (s)
              <input type="number" min={0} max={10} step={0.5} value={music.fadeOutS} onChange={(e) => set({ fadeOutS: Number(e.target.value) })} className="rounded-md border border-ink-700 bg-ink-850 px-2 py-1 text-sm text-ink-100" />
            </label>
          </div>
        </>
      )}
    </section>
  );
}
