import { DEFAULT_EXTERNAL_HOSTS, isAllowedExternalUrl } from '../security/external-url';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * What the app may open in the system browser for the cloud: the default allow-list (Stripe
 * Checkout, Google, *.supabase.co), the configured Supabase project's own https host (a custom
 * domain), and, only when the configured project itself is a local Supabase (http on loopback,
 * as `supabase start` runs it), exactly that origin.
 */
export function isAllowedCloudUrl(raw: string, supabaseUrl: string | null): boolean {
  if (supabaseUrl === null) return isAllowedExternalUrl(raw);
  let project: URL;
  let url: URL;
  try {
    project = new URL(supabaseUrl);
    url = new URL(raw);
  } catch {
    return false;
  }
  const hosts = project.protocol === 'https:' ? [...DEFAULT_EXTERNAL_HOSTS, project.hostname] : DEFAULT_EXTERNAL_HOSTS;
  if (isAllowedExternalUrl(raw, hosts)) return true;
  return project.protocol === 'http:' && LOOPBACK.has(project.hostname) && url.origin === project.origin && !url.username && !url.password;
}

/** Wraps the shell's opener so nothing off the allow-list ever reaches it. */
export function guardedOpener(open: (url: string) => Promise<void>, supabaseUrl: () => string | null) {
  return async (url: string): Promise<boolean> => {
    if (!isAllowedCloudUrl(url, supabaseUrl())) return false;
    await open(url);
    return true;
  };
}
