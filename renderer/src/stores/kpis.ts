// The KPIs the renderer measures for the opt-in reports (desktop only): the dashboard's time to
// its first card, and the calls each screen made. Collected in memory and handed over in one call
// a few seconds after a screen settles; the studio keeps them only when the creator said yes.
import type { MethodName } from '../../../shared/contract';
import { callListeners, studio } from '../transport/client';
import { useRoute } from './route';

type Kpi = { name: 'dashboard_first_card_ms' | 'calls_per_screen' | 'preview_first_frame_ms'; value: number };

const SETTLE_MS = 5000;
const pending: Kpi[] = [];
let calls = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

function send() {
  timer = null;
  pending.push({ name: 'calls_per_screen', value: calls });
  calls = 0;
  const reports = pending.splice(0, 20);
  studio.api['reports.kpi']({ reports }).catch(() => undefined);
}

function settleLater() {
  if (timer) clearTimeout(timer);
  timer = setTimeout(send, SETTLE_MS);
}

export function startKpis(): void {
  if (!studio.capabilities.autoUpdate) return;
  callListeners.add((method: MethodName) => {
    if (method === 'reports.kpi' || method === 'reports.error') return;
    calls++;
    settleLater();
  });
  useRoute.subscribe((state, previous) => {
    if (state.route === previous.route) return;
    previewClosed();
    // the previous screen's count ends here
    if (timer) {
      clearTimeout(timer);
      send();
    }
  });
  if (useRoute.getState().route.screen === 'dashboard') {
    const started = performance.now();
    const look = () => {
      if (document.querySelector('[data-testid="project-card"]')) {
        // from the page's start (navigation), as the UI bench measures it
        pending.push({ name: 'dashboard_first_card_ms', value: Math.round(performance.now()) });
        settleLater();
      } else if (performance.now() - started < 10_000) requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }
}

// The preview's first frame: from asking for a project's preview to its first piece being ready.
let previewAsked: number | null = null;

export function previewRequested(): void {
  if (previewAsked === null) previewAsked = performance.now();
}

export function previewPieceReady(): void {
  if (previewAsked === null || !studio.capabilities.autoUpdate) return;
  pending.push({ name: 'preview_first_frame_ms', value: Math.round(performance.now() - previewAsked) });
  previewAsked = null;
  settleLater();
}

/** A new project opened: its preview is timed afresh. */
export function previewClosed(): void {
  previewAsked = null;
}
