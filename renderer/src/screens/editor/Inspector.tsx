import { useRef, type KeyboardEvent } from 'react';
import { useEditor, type InspectorTab } from '../../stores/editor';
import { ExportPanel } from './ExportPanel';
import { MusicPanel } from './MusicPanel';
import { TextPanel } from './TextPanel';
import { TransitionPicker } from './TransitionPicker';

const tabs: Array<{ id: InspectorTab; label: string }> = [
  { id: 'transition', label: 'Transition' },
  { id: 'music', label: 'Music' },
  { id: 'text', label: 'Text' },
  { id: 'export', label: 'Export' },
];

/** Transition, music, text and export settings as tabs under the preview (arrow keys move between tabs). */
export function Inspector({ approvedCount }: { approvedCount: number }) {
  const { inspectorTab, setInspectorTab, view } = useEditor();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const running = view?.exports[0]?.state === 'running' ? view.exports[0] : null;
  const musicOn = Boolean(view?.settings.music);

  function onKeyDown(event: KeyboardEvent) {
    const index = tabs.findIndex((t) => t.id === inspectorTab);
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length]!;
    setInspectorTab(tab.id);
    refs.current[tab.id]?.focus();
  }

  return (
    <div className="flex flex-col gap-4">
      <div role="tablist" aria-label="Project settings" className="flex gap-1 rounded-lg bg-ink-850 p-1" onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const selected = tab.id === inspectorTab;
          return (
            <button
              key={tab.id}
              ref={(el) => {
                refs.current[tab.id] = el;
              }}
              id={`tab-${tab.id}`}
              role="tab"
              aria-selected={selected}
              aria-controls={`panel-${tab.id}`}
              tabIndex={selected ? 0 : -1}
              onClick={() => setInspectorTab(tab.id)}
              className={`flex flex-1 items-center justify-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium transition-colors ${
                selected ? 'bg-ink-700 text-ink-100 shadow' : 'text-ink-300 hover:text-ink-100'
              }`}
            >
              {tab.label}
              {tab.id === 'music' && musicOn && <span className="h-1.5 w-1.5 rounded-full bg-emerald-400" aria-hidden />}
              {tab.id === 'export' && running && <span className="text-xs tabular-nums text-accent-300">{Math.floor(running.progress)}%</span>}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`panel-${inspectorTab}`} aria-labelledby={`tab-${inspectorTab}`}>
        {inspectorTab === 'transition' ? (
          <TransitionPicker />
        ) : inspectorTab === 'music' ? (
          <MusicPanel />
        ) : inspectorTab === 'text' ? (
          <TextPanel />
        ) : (
          <ExportPanel approvedCount={approvedCount} />
        )}
      </div>
    </div>
  );
}
