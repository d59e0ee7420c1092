// Supabase Auth (to verify the caller's JWT) and Storage, through supabase-js with the
// service role key (both provided to every Supabase function).
import { createClient } from 'npm:@supabase/supabase-js@2';
import { supabaseUserVerifier, type VerifyUser } from '../auth.ts';
import { supabaseStorage, type Storage } from '../storage.ts';
import { requireEnv } from './env.ts';

let client: ReturnType<typeof createClient> | undefined;

function supabase() {
  client ??= createClient(requireEnv('SUPABASE_URL'), requireEnv('SUPABASE_SERVICE_ROLE_KEY'), {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
  return client;
}

export const userVerifier = (): VerifyUser => supabaseUserVerifier(supabase());
export const storage = (): Storage => supabaseStorage(supabase());
