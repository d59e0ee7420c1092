import { useEffect, useState } from 'react';
import { SaveIndicator } from './components/SaveIndicator';
import { ShortcutsOverlay } from './components/ShortcutsOverlay';
import { Toasts } from './components/Toasts';
import { UpdateBanner } from './components/UpdateBanner';
import { EditorRoute, usePreloadEditor } from './screens/editor/EditorRoute';
import { ProjectsScreen } from './screens/ProjectsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { AdminScreen } from './screens/cloud/AdminScreen';
import { CloudNotices } from './screens/cloud/CloudNotices';
import { LibraryScreen } from './screens/cloud/LibraryScreen';
import { isAdminRoute } from './screens/cloud/cloud-route';
import { isTypingTarget } from './shortcuts';
import { PROJECTS_SCOPE, projectScope, useHistory } from './stores/history';
import { useRoute } from './stores/route';

function useGlobalShortcuts(toggleHelp: () => void) {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z' && !isTypingTarget(event.target)) {
        event.preventDefault();
        void (event.shiftKey ? useHistory.getState().redo() : useHistory.getState().undo());
      } else if (mod && key === 'y' && !isTypingTarget(event.target)) {
        event.preventDefault();
        void useHistory.getState().redo();
      } else if (event.key === '?' && !isTypingTarget(event.target)) {
        event.preventDefault();
        toggleHelp();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggleHelp]);
}

export function App() {
  const { route, go } = useRoute();
  const [help, setHelp] = useState(false);
  useGlobalShortcuts(() => setHelp((h) => !h));
  usePreloadEditor();
  // Ctrl+Z undoes what was done on this screen: never an edit of a project that is not open.
  useEffect(() => {
    useHistory.getState().enter(route.screen === 'project' ? projectScope(route.projectId) : route.screen === 'settings' ? 'settings' : PROJECTS_SCOPE);
  }, [route]);

  return (
    <div className="flex h-full flex-col">
      <header className="flex h-12 shrink-0 items-center gap-6 border-b border-ink-800 bg-ink-900/80 px-6">
        <button className="flex items-center gap-3" onClick={() => go({ screen: 'dashboard' })} aria-label="Echoes Studio: all projects">
          <span className="h-3 w-3 rounded-full bg-accent-500 shadow-[0_0_12px] shadow-accent-500" aria-hidden />
          <span className="text-sm font-semibold tracking-wide">Echoes Studio</span>
        </button>
        <nav aria-label="Main" className="flex gap-1 text-sm">
          <button
            aria-current={route.screen === 'dashboard' ? 'page' : undefined}
            className="rounded-md px-3 py-1 text-ink-300 hover:text-ink-100 aria-[current=page]:bg-ink-800 aria-[current=page]:text-ink-100"
            onClick={() => go({ screen: 'dashboard' })}
          >
            Projects
          </button>
          <button
            aria-current={route.screen === 'library' ? 'page' : undefined}
            className="rounded-md px-3 py-1 text-ink-300 hover:text-ink-100 aria-[current=page]:bg-ink-800 aria-[current=page]:text-ink-100"
            onClick={() => go({ screen: 'library' })}
          >
            Cloud library
          </button>
          <button
            aria-current={route.screen === 'settings' ? 'page' : undefined}
            className="rounded-md px-3 py-1 text-ink-300 hover:text-ink-100 aria-[current=page]:bg-ink-800 aria-[current=page]:text-ink-100"
            onClick={() => go({ screen: 'settings' })}
          >
            Settings
          </button>
        </nav>
        <div className="ml-auto flex items-center gap-4">
          <SaveIndicator />
          <button className="flex h-7 w-7 items-center justify-center rounded-full border border-ink-700 text-xs text-ink-300 hover:bg-ink-800 hover:text-ink-100" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts" aria-keyshortcuts="?">
            ?
          </button>
        </div>
      </header>
      <div className="min-h-0 flex-1 overflow-auto">
        {route.screen === 'project' ? (
          <EditorRoute key={route.projectId} projectId={route.projectId} />
        ) : route.screen === 'library' ? (
          <LibraryScreen />
        ) : route.screen === 'settings' && isAdminRoute() ? (
          <AdminScreen />
        ) : route.screen === 'settings' ? (
          <SettingsScreen />
        ) : (
          <ProjectsScreen />
        )}
      </div>
      {help && <ShortcutsOverlay onClose={() => setHelp(false)} />}
      <Toasts />
      <CloudNotices />
      <UpdateBanner />
    </div>
  );
}
