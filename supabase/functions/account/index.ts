import { createAccountHandler } from './handler.ts';
import { database } from '../_shared/runtime/db.ts';
import { log } from '../_shared/runtime/env.ts';
import { serve } from '../_shared/runtime/serve.ts';
import { userVerifier } from '../_shared/runtime/supabase.ts';

serve(createAccountHandler({ db: database(), verifyUser: userVerifier(), log }));
