import { firstRenderReady } from './boot';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createErrorReporter, installErrorReports } from './error-reports';
import { runShellCommand } from './shell-commands';
import { isTypingTarget } from './shortcuts';
import { useEditor } from './stores/editor';
import { useHistory } from './stores/history';
import { startKpis } from './stores/kpis';
import { useRoute } from './stores/route';
import { useToasts } from './stores/toasts';
import { studio } from './transport/client';
import './styles.css';

// Unhandled errors of the page go to the opt-in reports (the studio keeps them only after a yes).
const reportError = createErrorReporter((report) => studio.api['reports.error'](report));
installErrorReports(window, reportError);
startKpis();

// The desktop menu, dock and jump list (Electron only): subscribed before the first render, so a
// command sent as soon as the page has loaded is not missed.
if (studio.capabilities.shellCommands) {
  studio.subscribe((event) => {
    if (event.type !== 'shell.command') return;
    runShellCommand(event.payload, {
      go: (route) => useRoute.getState().go(route),
      focused: () => document.activeElement,
      isTyping: isTypingTarget,
      // the text field's own undo stack, as the Edit menu's Undo role would use it
      editText: (command) => void document.execCommand(command),
      history: (command) => void useHistory.getState()[command](),
      exportOpenProject() {
        const route = useRoute.getState().route;
        const editor = useEditor.getState();
        if (route.screen !== 'project' || editor.view?.project.id !== route.projectId) return false;
        void editor.startExport();
        return true;
      },
      tell: (message) => useToasts.getState().push({ kind: 'info', message }),
    });
  });
}

await firstRenderReady;
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root, {
  // React's render errors: reported, then shown as React would by default
  onUncaughtError(error, info) {
    reportError('renderer_render_error', error, info.componentStack);
    globalThis.reportError(error);
  },
  onCaughtError(error, info) {
    reportError('renderer_render_error', error, info.componentStack);
    console.error(error);
  },
}).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
