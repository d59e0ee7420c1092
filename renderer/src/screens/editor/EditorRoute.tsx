import { useEffect, useState, type ComponentType } from 'react';

type Editor = ComponentType<{ projectId: string }>;

// The editor (with drag and drop) is its own chunk, so the dashboard starts with less script.
let loaded: Editor | null = null;
const loadEditor = () => import('./EditorScreen').then((m) => (loaded = m.EditorScreen));

/** Fetches the editor's code once the first screen is idle, so opening a project does not wait for it. */
export function usePreloadEditor(): void {
  useEffect(() => {
    const id = requestIdleCallback(() => void loadEditor(), { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }, []);
}

/**
 * The project screen. Once its code is loaded it renders in the same frame (React.lazy would
 * suspend again, and React holds a suspended screen back for up to 300 ms).
 */
export function EditorRoute({ projectId }: { projectId: string }) {
  const [Screen, setScreen] = useState<Editor | null>(() => loaded);
  useEffect(() => {
    if (!Screen) void loadEditor().then((editor) => setScreen(() => editor));
  }, [Screen]);
  if (!Screen) {
    return (
      <p className="m-8 text-sm text-ink-300" role="status">
        Opening project…
      </p>
    );
  }
  return <Screen key={projectId} projectId={projectId} />;
}
