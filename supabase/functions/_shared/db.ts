// Database access for the functions: a Postgres connection (SUPABASE_DB_URL) through a pool
// the adapter builds (npm:pg under Deno, pg under Node in the tests). Only the shape below
// is used, so this file imports no driver.
import { ApiError } from './http.ts';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number | null;
}

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<T>>;
}

export interface Db extends Sql {
  /** Runs fn in one transaction on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

/** The part of pg.Pool (and pg.PoolClient) the functions use. */
export interface PoolLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  connect(): Promise<{
    query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
    release(error?: Error | boolean): void;
  }>;
}

export function dbFromPool(pool: PoolLike): Db {
  return {
    query: <T>(text: string, params?: unknown[]) => pool.query(text, params) as Promise<QueryResult<T>>,
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('begin');
        const tx: Sql = { query: <R>(text: string, params?: unknown[]) => client.query(text, params) as Promise<QueryResult<R>> };
        const result = await fn(tx);
        await client.query('commit');
        return result;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The stable SQLSTATEs of the credit functions (see the credit_ledger migration). */
export const CreditErrors = {
  insufficient: 'EC001',
  referenceConflict: 'EC002',
  noProfile: 'EC003',
  nothingToRefund: 'EC004',
  referralRejected: 'EC005',
} as const;

export interface CreditResult {
  transaction_id: string;
  balance: number;
  already_processed: boolean;
}

export async function spendCredits(sql: Sql, userId: string, amount: number, reference: string): Promise<CreditResult> {
  try {
    const { rows } = await sql.query<CreditResult>('select * from public.spend_credits($1, $2, $3)', [userId, amount, reference]);
    return rows[0]!;
  } catch (error) {
    const state = sqlState(error);
    if (state === CreditErrors.insufficient) {
      throw new ApiError(402, 'insufficient_credits', `This needs ${amount} credit${amount === 1 ? '' : 's'}. Buy more credits to go on.`, { needed: amount });
    }
    if (state === CreditErrors.noProfile) throw new ApiError(403, 'no_profile', 'Your account has no credit profile yet.');
    if (state === CreditErrors.referenceConflict) throw new ApiError(409, 'duplicate_request', 'This request id was already used for another charge.');
    throw error;
  }
}

export async function refundCredits(sql: Sql, reference: string): Promise<CreditResult | null> {
  try {
    const { rows } = await sql.query<CreditResult>('select * from public.refund_credits($1)', [reference]);
    return rows[0]!;
  } catch (error) {
    if (sqlState(error) === CreditErrors.nothingToRefund) return null;
    throw error;
  }
}
