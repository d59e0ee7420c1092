/**
 * A bundle entry of its own, loaded by its own <script> ahead of the app (vite.config.ts adds the
 * tag): it sends the dashboard's one call while the browser is still compiling React and the
 * screens (~80 ms on a 2-core machine), and leaves the pending answer on window for the projects
 * store, which then does not ask again. Kept tiny: it imports only the transport.
 */
import type { CallResult } from '../../shared/errors';
import { createBridgeTransport } from './api/bridge-transport';

declare global {
  interface Window {
    /** The start-up projects.list answer, for the projects store to take once. */
    echoesEarlyProjects?: Promise<CallResult<unknown>>;
  }
}

/** The same test as the route store's: no project or settings route in the address means the dashboard. */
const opensOnDashboard = (hash: string) => !/^#\/?(project\/|settings)/.test(hash);

if (opensOnDashboard(window.location.hash)) {
  const transport = window.echoes ?? createBridgeTransport(window.location);
  window.echoesEarlyProjects = transport.invoke('projects.list', {});
}
