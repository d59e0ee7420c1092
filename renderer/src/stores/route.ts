import { create } from 'zustand';

export type Route = { screen: 'dashboard' } | { screen: 'project'; projectId: string } | { screen: 'settings' } | { screen: 'library' };

/** Hash routes (#/, #/project/<id>, #/settings, #/library) so reload and back/forward keep the place. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  if (parts[0] === 'project' && parts[1]) return { screen: 'project', projectId: decodeURIComponent(parts[1]) };
  if (parts[0] === 'settings') return { screen: 'settings' };
  if (parts[0] === 'library') return { screen: 'library' };
  return { screen: 'dashboard' };
}

export function routeHash(route: Route): string {
  if (route.screen === 'project') return `#/project/${encodeURIComponent(route.projectId)}`;
  if (route.screen === 'settings') return '#/settings';
  if (route.screen === 'library') return '#/library';
  return '#/';
}

/** False when the stores are loaded outside a page (their unit tests run under Node). */
const inBrowser = typeof window !== 'undefined';

interface RouteState {
  route: Route;
  go(route: Route): void;
}

export const useRoute = create<RouteState>((set) => ({
  route: parseRoute(inBrowser ? window.location.hash : ''),
  go(route) {
    const hash = routeHash(route);
    if (window.location.hash !== hash) history.pushState(null, '', hash);
    set({ route });
  },
}));

if (inBrowser) window.addEventListener('popstate', () => useRoute.setState({ route: parseRoute(window.location.hash) }));
