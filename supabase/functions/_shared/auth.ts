// The signed-in user behind a request. Verification is injected: the adapter asks Supabase
// Auth (supabase-js auth.getUser(jwt)), which also rejects revoked sessions.
import { ApiError } from './http.ts';

export interface AuthUser {
  id: string;
  email?: string;
}

/** Returns the user for a valid access token, null for an invalid or expired one. */
export type VerifyUser = (accessToken: string) => Promise<AuthUser | null>;

export function bearerToken(req: Request): string | null {
  const header = req.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

export async function requireUser(req: Request, verify: VerifyUser): Promise<AuthUser> {
  const token = bearerToken(req);
  if (!token) throw new ApiError(401, 'unauthorized', 'Sign in to use this.');
  const user = await verify(token);
  if (!user) throw new ApiError(401, 'unauthorized', 'Your session has expired. Sign in again.');
  return user;
}

/** The part of a supabase-js client used for this. */
export interface SupabaseAuthLike {
  auth: {
    getUser(jwt: string): Promise<{ data: { user: { id: string; email?: string } | null }; error: unknown }>;
  };
}

export function supabaseUserVerifier(client: SupabaseAuthLike): VerifyUser {
  return async (token) => {
    const { data, error } = await client.auth.getUser(token);
    if (error || !data.user) return null;
    return { id: data.user.id, email: data.user.email };
  };
}
