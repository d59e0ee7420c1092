/**
 * The native confirmation shown before Settings points the app at another Supabase project: its
 * host is what sign-in trusts from then on. https only. No 'electron' import: unit-tested under Node.
 */
export type CloudProjectPrompt = { ok: true; host: string; message: string; detail: string } | { ok: false; reason: string };

export function cloudProjectPrompt(supabaseUrl: string): CloudProjectPrompt {
  let url: URL;
  try {
    url = new URL(supabaseUrl);
  } catch {
    return { ok: false, reason: 'The cloud project address is not a URL.' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'The desktop app connects to a cloud project over https only.' };
  if (url.username || url.password) return { ok: false, reason: 'The cloud project address must not contain a user name or password.' };
  return {
    ok: true,
    host: url.host,
    message: `Connect Echoes Studio to ${url.host}?`,
    detail:
      `Sign-in, credits and Runway clips will go through ${url.host} from now on, and the sign-in page this server names will open in your browser. ` +
      'Continue only if you entered this address yourself (for example from Echoes Studio support).',
  };
}
