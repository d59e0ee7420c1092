/** A Supabase-style key: a JWT whose claims Settings reads (the signature is the project's business, not the app's). */
export const jwtWithClaims = (claims: Record<string, unknown>): string =>
  [{ alg: 'HS256', typ: 'JWT' }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2lnbmF0dXJl';

/** A project's anon (public) key, the only kind the desktop app accepts. */
export const ANON_KEY = jwtWithClaims({ iss: 'supabase', role: 'anon' });
