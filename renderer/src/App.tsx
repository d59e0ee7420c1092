import { Toasts } from './components/Toasts';
import { ProjectsScreen } from './screens/ProjectsScreen';

export function App() {
  return (
    <div className="flex h-full flex-col">
      <nav className="flex h-12 shrink-0 items-center gap-3 border-b border-ink-800 bg-ink-900/80 px-6">
        <span className="h-3 w-3 rounded-full bg-accent-500 shadow-[0_0_12px] shadow-accent-500" aria-hidden />
        <span className="text-sm font-semibold tracking-wide">Echoes Studio</span>
      </nav>
      <div className="flex-1 overflow-auto">
        <ProjectsScreen />
      </div>
      <Toasts />
    </div>
  );
}
