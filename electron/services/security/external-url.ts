/** Hosts the app may open in the system browser: sign-in, checkout, and our own backend. */
export const DEFAULT_EXTERNAL_HOSTS = ['checkout.stripe.com', 'accounts.google.com', '*.supabase.co'];

/**
 * True only for https URLs without credentials whose host is on the allow-list
 * (an entry `*.example.com` allows its subdomains, not example.com itself).
 */
export function isAllowedExternalUrl(raw: string, allowedHosts: readonly string[] = DEFAULT_EXTERNAL_HOSTS): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return allowedHosts.some((allowed) => {
    const entry = allowed.toLowerCase();
    return entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry;
  });
}
