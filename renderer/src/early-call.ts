import type { CallResult } from '../../shared/contract/errors';
import { pickTransport } from './transport/pick-transport';

declare global {
  interface Window {
    /** The start-up projects.list answer, for the projects store to take once. */
    echoesEarlyProjects?: Promise<CallResult<unknown>>;
  }
}

/** The same test as the route store's: no project or settings route in the address means the dashboard. */
const opensOnDashboard = (hash: string) => !/^#\/?(project\/|settings)/.test(hash);

if (opensOnDashboard(window.location.hash)) {
  const transport = pickTransport();
  window.echoesEarlyProjects = transport.invoke('projects.list', {});
}
