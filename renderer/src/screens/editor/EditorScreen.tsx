import { useEffect } from 'react';
import { motions, type Motion } from '../../../../shared/api';
import { studio } from '../../api/client';
import { Button } from '../../components/Button';
import { formatDuration, plural } from '../../format';
import { isTypingTarget } from '../../shortcuts';
import { useEditor } from '../../stores/editor';
import { useRoute } from '../../stores/route';
import { toastError } from '../../stores/toasts';
import { ClipCard } from './ClipCard';
import { ExportPanel } from './ExportPanel';
import { ImportZone } from './ImportZone';
import { MusicPanel } from './MusicPanel';
import { PreviewPlayer } from './PreviewPlayer';
import { clipStatus } from './status';
import { TimelineStrip } from './TimelineStrip';
import { TransitionPicker } from './TransitionPicker';

function useEditorShortcuts() {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || isTypingTarget(event.target)) return;
      const key = event.key.toLowerCase();
      const state = useEditor.getState();
      if (key === 'i') {
        event.preventDefault();
        if (studio.transport.choosePhotos) void state.importWithDialog();
        else document.querySelector<HTMLInputElement>('[data-testid="import-input"]')?.click();
      } else if (key === 'e') {
        event.preventDefault();
        void state.startExport();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function EditorScreen({ projectId }: { projectId: string }) {
  const { view, status, error, open, applyEvent, generate, selectedClipId } = useEditor();
  const go = useRoute((s) => s.go);
  useEditorShortcuts();

  useEffect(() => {
    void open(projectId);
    return studio.subscribe(applyEvent);
  }, [projectId, open, applyEvent]);

  if (status === 'error') {
    return (
      <div role="alert" className="m-8 rounded-lg border border-red-500/40 bg-red-950/50 p-4 text-sm text-red-100">
        Could not open this project: {error}{' '}
        <button className="underline" onClick={() => go({ screen: 'dashboard' })}>
          Back to projects
        </button>
      </div>
    );
  }
  if (!view) return <p className="m-8 text-sm text-ink-300">Opening project…</p>;

  const clips = view.clips;
  const timeline = clips.filter((c) => c.approved);
  const selected = clips.find((c) => c.id === selectedClipId) ?? timeline[0] ?? null;
  const idle = clips.filter((c) => !['queued', 'generating'].includes(clipStatus(c)) && c.takes.length === 0).map((c) => c.id);
  const totalS = timeline.reduce((sum, c) => sum + Math.max(0, (c.trimOutS ?? c.takes.find((t) => t.approved)?.durationS ?? c.durationS) - c.trimInS), 0);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-4 border-b border-ink-800 px-6 py-3">
        <Button variant="ghost" onClick={() => go({ screen: 'dashboard' })} aria-label="Back to projects">
          ← Projects
        </Button>
        <div className="min-w-0">
          <h1 className="truncate text-lg font-semibold">{view.project.name}</h1>
          <p className="text-xs text-ink-300">
            {plural(clips.length, 'clip')} · {timeline.length} on the timeline · {formatDuration(totalS)}
          </p>
        </div>
        <div className="ml-auto flex items-center gap-3">
          <label className="flex items-center gap-2 text-xs text-ink-300">
            Default motion
            <select
              value={view.defaults.defaultMotion}
              onChange={(e) =>
                studio.api['projects.setGenerationDefaults']({ projectId, defaultMotion: e.target.value as Motion, aspect: view.defaults.aspect })
                  .then(() => useEditor.getState().refresh())
                  .catch(toastError)
              }
              className="rounded-md border border-ink-700 bg-ink-900 px-2 py-1 text-sm text-ink-100"
            >
              {motions.map((m) => (
                <option key={m} value={m}>
                  {m.replace('_', ' ')}
                </option>
              ))}
            </select>
          </label>
          <Button variant="primary" disabled={idle.length === 0} onClick={() => void generate(idle)}>
            Generate all{idle.length > 0 ? ` (${idle.length})` : ''}
          </Button>
        </div>
      </div>

      <div className="flex min-h-0 flex-1">
        <main className="flex min-w-0 flex-1 flex-col gap-4 overflow-y-auto p-6">
          <ImportZone compact={clips.length > 0} />
          {clips.length === 0 ? (
            <p className="text-center text-sm text-ink-300">Import photos to start. Each one becomes a clip you can animate, approve and arrange.</p>
          ) : (
            <ul className="grid grid-cols-[repeat(auto-fill,minmax(220px,1fr))] gap-4" aria-label="Clips">
              {clips.map((clip, i) => (
                <ClipCard key={clip.id} clip={clip} index={i} />
              ))}
            </ul>
          )}
        </main>
        <aside className="flex w-96 shrink-0 flex-col gap-6 overflow-y-auto border-l border-ink-800 bg-ink-900/50 p-5" aria-label="Preview, music and export">
          <PreviewPlayer timeline={timeline} selected={selected} />
          <TransitionPicker />
          <MusicPanel />
          <ExportPanel approvedCount={timeline.length} />
        </aside>
      </div>

      <footer className="shrink-0 border-t border-ink-800 bg-ink-900/80">
        <h2 className="px-4 pt-2 text-xs font-semibold uppercase tracking-wider text-ink-300">Timeline</h2>
        <TimelineStrip clips={timeline} />
      </footer>
    </div>
  );
}
