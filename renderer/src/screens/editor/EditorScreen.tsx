import { useEffect } from 'react';
import { studio } from '../../transport/client';
import { Button } from '../../components/Button';
import { formatDuration, plural } from '../../format';
import { isTypingTarget } from '../../shortcuts';
import { currentTake, useEditor } from '../../stores/editor';
import { useRoute } from '../../stores/route';
import { ClipCard } from './ClipCard';
import { ImportZone } from './ImportZone';
import { Inspector } from './Inspector';
import { PreviewPlayer } from './PreviewPlayer';
import { GenerationBar } from './GenerationBar';
import { TimelineStrip } from './TimelineStrip';

function useEditorShortcuts() {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || isTypingTarget(event.target)) return;
      const key = event.key.toLowerCase();
      const state = useEditor.getState();
      if (key === 'i') {
        event.preventDefault();
        if (studio.capabilities.choosePhotos) void state.importWithDialog();
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
  const { view, status, error, open, applyEvent } = useEditor();
  const go = useRoute((s) => s.go);
  useEditorShortcuts();

  useEffect(() => {
    void open(projectId);
    return studio.subscribe(applyEvent);
  }, [projectId, open, applyEvent]);

  if (status === 'error') {
    return (
      <div role="alert" className="m-8 flex flex-col items-start gap-3 rounded-lg border border-red-500/40 bg-red-950/50 p-4 text-sm text-red-100">
        <p>Could not open this project: {error}</p>
        <div className="flex gap-2">
          <Button onClick={() => void open(projectId)}>Try again</Button>
          <Button variant="ghost" onClick={() => go({ screen: 'dashboard' })}>
            Back to projects
          </Button>
        </div>
      </div>
    );
  }
  if (!view) {
    return (
      <p className="m-8 text-sm text-ink-300" role="status">
        Opening project…
      </p>
    );
  }

  const clips = view.clips;
  const boxAspect = view.defaults.aspect.replace(':', ' / ');
  const timeline = clips.filter((c) => c.approved);
  const totalS = timeline.reduce((sum, c) => sum + Math.max(0, (c.trimOutS ?? currentTake(c)?.durationS ?? c.durationS) - c.trimInS), 0);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-4 border-b border-ink-800 px-6 py-3">
        <Button variant="ghost" onClick={() => go({ screen: 'dashboard' })} aria-label="Back to projects">
          ← Projects
        </Button>
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-lg font-semibold" title={view.project.name}>{view.project.name}</h1>
          <p className="text-xs text-ink-300" data-testid="project-stats">
            {plural(clips.length, 'clip')} · {timeline.length} on the timeline · {formatDuration(totalS)}
          </p>
        </div>
        <GenerationBar view={view} />
      </div>

      <div className="flex min-h-0 flex-1">
        <main className="flex min-w-0 flex-1 flex-col gap-4 overflow-y-auto p-6" aria-label="Photos and clips">
          <ImportZone compact={clips.length > 0} />
          {clips.length === 0 ? (
            <ol className="grid grid-cols-3 gap-3 text-sm" aria-label="How it works">
              {[
                ['Import', 'Drop photos or pick them. Each one becomes a clip card.'],
                ['Generate and approve', 'Animate every photo on this computer, then approve the takes you like.'],
                ['Arrange and export', 'Order the timeline, add a transition and music, export an MP4.'],
              ].map(([title, text], i) => (
                <li key={title} className="flex gap-3 rounded-lg border border-ink-800 bg-ink-900/60 p-3">
                  <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-ink-700 text-xs font-semibold" aria-hidden>
                    {i + 1}
                  </span>
                  <span>
                    <span className="block font-medium">{title}</span>
                    <span className="text-xs text-ink-300">{text}</span>
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <ul className="grid grid-cols-[repeat(auto-fill,minmax(230px,1fr))] gap-4" aria-label="Clips">
              {clips.map((clip, i) => (
                <ClipCard key={clip.id} clip={clip} index={i} boxAspect={boxAspect} />
              ))}
            </ul>
          )}
        </main>
        <aside className="flex w-96 shrink-0 flex-col gap-6 overflow-y-auto border-l border-ink-800 bg-ink-900/50 p-5" aria-label="Preview, transition, music and export">
          <PreviewPlayer />
          <Inspector approvedCount={timeline.length} />
        </aside>
      </div>

      <footer className="shrink-0 border-t border-ink-800 bg-ink-900/80" aria-labelledby="timeline-title">
        <div className="flex items-baseline gap-3 px-4 pt-2">
          <h2 id="timeline-title" className="text-xs font-semibold uppercase tracking-wider text-ink-300">
            Timeline
          </h2>
          {timeline.length > 1 && <p className="text-xs text-ink-300">Drag clips to reorder, or focus one and press Space, then the arrow keys.</p>}
        </div>
        <TimelineStrip clips={timeline} />
      </footer>
    </div>
  );
}
