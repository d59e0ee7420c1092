import { useRoute } from '../../stores/route';

/** The admin screen lives under Settings: #/settings/admin (the route store reads it as settings). */
export const ADMIN_HASH = '#/settings/admin';

export function isAdminRoute(hash: string = window.location.hash): boolean {
  return hash === ADMIN_HASH;
}

export function openAdmin(): void {
  if (window.location.hash !== ADMIN_HASH) history.pushState(null, '', ADMIN_HASH);
  useRoute.setState({ route: { screen: 'settings' } });
}

export function openAccount(): void {
  useRoute.getState().go({ screen: 'settings' });
  requestAnimationFrame(() => document.getElementById('account')?.scrollIntoView({ behavior: 'smooth' }));
}
