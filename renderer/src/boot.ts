/**
 * Imported first by main.tsx, so it runs before React and the screens are evaluated: the
 * dashboard's data is on its way while the rest of the script loads.
 */
import { useProjects } from './stores/projects';
import { useRoute } from './stores/route';

/** How long the first render may wait for the data, so it draws the cards instead of a skeleton and then the cards. */
const WAIT_FOR_DATA_MS = 150;

const data = useRoute.getState().route.screen === 'dashboard' ? useProjects.getState().prefetch() : Promise.resolve();

export const firstRenderReady: Promise<unknown> = Promise.race([data, new Promise((resolve) => setTimeout(resolve, WAIT_FOR_DATA_MS))]);
