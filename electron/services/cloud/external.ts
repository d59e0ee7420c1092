import { APP_HOMEPAGE } from '../version';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Stripe Checkout's own host (the URL create-checkout returns). */
export const STRIPE_CHECKOUT_HOST = 'checkout.stripe.com';
/** The one page of the Supabase project the app opens: the OAuth authorize endpoint (supabase-js' signInWithOAuth URL). */
export const SUPABASE_AUTHORIZE_PATH = '/auth/v1/authorize';

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * What the app may open in the system browser, and nothing else:
 * - the project's help site (package.json `homepage`): https, its origin, pages under its path;
 * - Stripe Checkout: https://checkout.stripe.com/... (default port, no credentials);
 * - sign-in: exactly the configured Supabase project's /auth/v1/authorize, on the project's own
 *   origin: https, or http only when the project itself is a local Supabase on loopback (as
 *   `supabase start` runs it). The project URL can come from Settings, so its host is trusted
 *   for that one path only, never as a whole.
 */
export function isAllowedCloudUrl(raw: string, supabaseUrl: string | null): boolean {
  const url = parse(raw);
  if (!url || url.username || url.password) return false;
  if (url.protocol === 'https:' && url.host === STRIPE_CHECKOUT_HOST) return true;
  if (isHelpSiteUrl(url)) return true;
  const project = supabaseUrl === null ? null : parse(supabaseUrl);
  if (!project || project.username || project.password) return false;
  const local = project.protocol === 'http:' && LOOPBACK.has(project.hostname);
  if (project.protocol !== 'https:' && !local) return false;
  const base = project.pathname.replace(/\/+$/, '');
  return url.origin === project.origin && url.pathname === `${base}${SUPABASE_AUTHORIZE_PATH}`;
}

function isHelpSiteUrl(url: URL): boolean {
  const site = parse(APP_HOMEPAGE);
  return site !== null && site.protocol === 'https:' && url.protocol === 'https:' && url.origin === site.origin && url.pathname.startsWith(site.pathname);
}

/** Wraps the shell's opener so nothing off the allow-list ever reaches it. */
export function guardedOpener(open: (url: string) => Promise<void>, supabaseUrl: () => string | null) {
  return async (url: string): Promise<boolean> => {
    if (!isAllowedCloudUrl(url, supabaseUrl())) return false;
    await open(url);
    return true;
  };
}
