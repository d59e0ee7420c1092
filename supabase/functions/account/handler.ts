// account: the signed-in user's balance, recent credit transactions and referral code in one
// call (GET), and redeeming a referral code (POST {action: "redeem_referral", code}).
import { requireUser, type VerifyUser } from '../_shared/auth.ts';
import { creditPacks } from '../_shared/config.ts';
import { CreditErrors, sqlState, type Db } from '../_shared/db.ts';
import { ApiError, handler, json, readJson, type Handler } from '../_shared/http.ts';
import * as v from '../_shared/validate.ts';
import { REFERRAL_CODE_MAX_LENGTH, type AccountBody } from '../_shared/wire.ts';

export interface AccountDeps {
  db: Db;
  verifyUser: VerifyUser;
  log?: (message: string, error: unknown) => void;
}

const RECENT = 20;

export function createAccountHandler(deps: AccountDeps): Handler {
  return handler({ methods: ['GET', 'POST'], cors: true, log: deps.log }, async (req) => {
    const user = await requireUser(req, deps.verifyUser);

    if (req.method === 'POST') {
      const body = await readJson(req);
      v.oneOf(body, 'action', ['redeem_referral'] as const);
      const code = v.string(body, 'code', { min: 1, max: REFERRAL_CODE_MAX_LENGTH })!;
      try {
        await deps.db.query('select * from public.redeem_referral($1, $2)', [user.id, code]);
      } catch (error) {
        if (sqlState(error) === CreditErrors.referralRejected) {
          // the function's message says which rule refused it, and names no other user
          const reason = String((error as Error).message).replace(/^redeem_referral:\s*/, '');
          throw new ApiError(400, 'referral_rejected', reason.charAt(0).toUpperCase() + reason.slice(1) + '.');
        }
        if (sqlState(error) === CreditErrors.noProfile) throw new ApiError(403, 'no_profile', 'Your account has no credit profile yet.');
        throw error;
      }
    }

    const profile = await deps.db.query<{ credit_balance: number; referral_code: string; referred_by: string | null }>(
      'select credit_balance, referral_code, referred_by from public.user_profiles where id = $1',
      [user.id],
    );
    if (!profile.rows[0]) throw new ApiError(403, 'no_profile', 'Your account has no credit profile yet.');
    const tx = await deps.db.query<{ id: string; amount: number; type: string; balance_after: number; created_at: Date }>(
      `select id, amount, type, balance_after, created_at from public.credit_transactions
       where user_id = $1 order by created_at desc, id limit ${RECENT}`,
      [user.id],
    );
    const p = profile.rows[0];
    // the packs on sale, so the app can offer them without the admin password
    const packs = await creditPacks(deps.db).catch(() => []);
    const body: AccountBody = {
      userId: user.id,
      email: user.email ?? null,
      balance: p.credit_balance,
      referralCode: p.referral_code,
      referred: p.referred_by !== null,
      transactions: tx.rows.map((t) => ({ id: t.id, amount: t.amount, type: t.type, balanceAfter: t.balance_after, createdAt: new Date(t.created_at).toISOString() })),
      packs,
    };
    return json(body);
  });
}
