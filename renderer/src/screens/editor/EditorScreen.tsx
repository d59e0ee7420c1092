import { useEffect } from 'react';
import { studio } from '../../transport/client';
import { Button } from '../../components/Button';
import { formatTime, plural } from '../../format';
import { useTransportKeys } from '../../hooks/use-transport-keys';
import { isTypingTarget } from '../../shortcuts';
import { useEditor } from '../../stores/editor';
import { planEditorTimeline } from '../../stores/editor/timeline-plan';
import { useRoute } from '../../stores/route';
import { ClipCard } from './ClipCard';
import { ImportZone } from './ImportZone';
import { Inspector } from './Inspector';
import { PreviewPlayer } from './PreviewPlayer';
import { ExportButton } from './ExportPanel';
import { GenerationBar } from './GenerationBar';
import { ShapeNotice } from './ShapeNotice';
import { usePosters } from './use-posters';
import { Timeline } from './timeline/Timeline';

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
        state.setInspectorTab('export');
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
  const posters = usePosters(view);
  useTransportKeys();

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
  const durationS = planEditorTimeline(view)?.durationS ?? 0;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <header className="flex shrink-0 flex-wrap items-center gap-x-4 gap-y-2 border-b border-ink-800 px-4 py-2">
        <Button variant="ghost" onClick={() => go({ screen: 'dashboard' })} aria-label="Back to projects">
          ← Projects
        </Button>
        <div className="min-w-[10rem] flex-1">
          <h1 className="truncate text-lg font-semibold" title={view.project.name}>
            {view.project.name}
          </h1>
          <p className="text-xs text-ink-300" data-testid="project-stats">
            {plural(clips.length, 'clip')} · {timeline.length} on the timeline · <span data-testid="edit-duration">{formatTime(durationS)}</span>
          </p>
        </div>
        <GenerationBar view={view} />
        <ExportButton />
      </header>

      <div className="flex min-h-0 flex-1">
        <main className="flex w-[clamp(16rem,24vw,21rem)] shrink-0 flex-col gap-4 overflow-y-auto border-r border-ink-800 p-4" aria-label="Photos and clips">
          <ImportZone compact={clips.length > 0} />
          <ShapeNotice view={view} />
          {clips.length === 0 ? (
            <ol className="flex flex-col gap-3 text-sm" aria-label="How it works">
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
            <ul className="flex flex-col gap-4" aria-label="Clips">
              {clips.map((clip, i) => (
                <ClipCard key={clip.id} clip={clip} index={i} boxAspect={boxAspect} shape={view.settings.output.aspect} focusMode={view.settings.output.focus} poster={posters[clip.id]} />
              ))}
            </ul>
          )}
        </main>
        <section className="flex min-h-0 min-w-0 flex-1 flex-col overflow-y-auto p-4" aria-label="Player" data-testid="player-area">
          <PreviewPlayer />
        </section>
        <aside className="flex w-[22rem] shrink-0 flex-col gap-6 overflow-y-auto border-l border-ink-800 bg-ink-900/50 p-4" aria-label="Transition, music and export">
          <Inspector approvedCount={timeline.length} />
        </aside>
      </div>

      <footer className="max-h-[45vh] shrink-0 overflow-y-auto border-t border-ink-800 bg-ink-900/80" aria-labelledby="timeline-title">
        <div className="flex items-baseline gap-3 px-4 pt-2">
          <h2 id="timeline-title" className="text-xs font-semibold uppercase tracking-wider text-ink-300">
            Timeline
          </h2>
          {timeline.length > 0 && (
            <p className="truncate text-xs text-ink-300">
              Click a clip to go to it, drag its edges to trim, drag it to reorder (or focus it, Space, then the arrow keys); the marker between two clips sets their transition.
            </p>
          )}
        </div>
        <Timeline />
      </footer>
    </div>
  );
}
