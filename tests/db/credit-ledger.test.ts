// The credit ledger under real concurrency on a real PostgreSQL server: separate
// connections acting as the service role (as the edge functions do), racing.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthUser, createScratchDatabase, describeWithDatabase, type ScratchDatabase } from './scratch';

const CONNECTIONS = 20;
const CALLS = 100;

interface CreditResult {
  transaction_id: string;
  balance: number;
  already_processed: boolean;
}

describeWithDatabase('credit ledger on a real server', (url) => {
  let db: ScratchDatabase;
  let admin: pg.Client;
  const connections: pg.Client[] = [];

  beforeAll(async () => {
    db = await createScratchDatabase(url, 'credit_ledger');
    admin = await db.connect();
    for (let i = 0; i < CONNECTIONS; i++) {
      const c = await db.connect();
      await c.query('set role service_role');
      connections.push(c);
    }
  });

  afterAll(async () => {
    await Promise.all(connections.map((c) => c.end()));
    await admin?.end();
    await db?.drop();
  });

  /** A new user holding `credits` credits, all of them in the ledger. */
  async function userWith(credits: number): Promise<string> {
    const id = randomUUID();
    await createAuthUser(admin, id);
    if (credits > 1) await admin.query('select * from public.grant_credits($1, $2, $3)', [id, credits - 1, `setup-${id}`]);
    return id;
  }

  async function balanceAndLedger(id: string): Promise<{ balance: number; ledger: number }> {
    const { rows } = await admin.query<{ balance: number; ledger: number }>(
      `select p.credit_balance as balance,
              (select coalesce(sum(amount), 0)::int from public.credit_transactions t where t.user_id = p.id) as ledger
       from public.user_profiles p where p.id = $1`,
      [id],
    );
    return rows[0]!;
  }

  /**
   * Runs `count` calls spread round-robin over the separate connections: every connection
   * works through its share one call at a time, all connections at once.
   */
  async function race<T>(count: number, call: (c: pg.Client, i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
    const results: PromiseSettledResult<T>[] = new Array(count);
    const lanes = connections.slice(0, Math.min(count, CONNECTIONS)).map(async (c, lane) => {
      for (let i = lane; i < count; i += CONNECTIONS) {
        try {
          results[i] = { status: 'fulfilled', value: await call(c, i) };
        } catch (reason) {
          results[i] = { status: 'rejected', reason };
        }
      }
    });
    await Promise.all(lanes);
    return results;
  }

  const spend = (c: pg.Client, user: string, amount: number, reference: string) =>
    c.query<CreditResult & { pid: number }>('select *, pg_backend_pid() as pid from public.spend_credits($1, $2, $3)', [user, amount, reference]);

  it(`${CALLS} concurrent spends of 1 over ${CONNECTIONS} connections on a balance of 10: exactly 10 succeed`, async () => {
    const user = await userWith(10);
    const results = await race(CALLS, (c, i) => spend(c, user, 1, `race-${user}-${i}`));

    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    const pids = new Set(ok.map((r) => (r as PromiseFulfilledResult<pg.QueryResult<{ pid: number }>>).value.rows[0]!.pid));
    for (const c of connections) pids.add((await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);

    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(CALLS - 10);
    expect(new Set(refused.map((r) => (r.reason as { code?: string }).code))).toEqual(new Set(['EC001']));
    expect(pids.size).toBe(CONNECTIONS);
    expect(await balanceAndLedger(user)).toEqual({ balance: 0, ledger: 0 });
    const { rows } = await admin.query<{ n: number }>(
      `select count(*)::int as n from public.credit_transactions where user_id = $1 and type = 'spend'`,
      [user],
    );
    expect(rows[0]!.n).toBe(10);
  });

  it('the same reference sent 20 times at once charges once', async () => {
    const user = await userWith(5);
    const results = await race(20, (c) => spend(c, user, 2, `clip-${user}`));
    const values = results.map((r) => {
      if (r.status !== 'fulfilled') throw r.reason;
      return r.value.rows[0]!;
    });
    expect(values.filter((v) => !v.already_processed)).toHaveLength(1);
    expect(new Set(values.map((v) => v.transaction_id)).size).toBe(1);
    expect(new Set(values.map((v) => v.balance))).toEqual(new Set([3]));
    expect(await balanceAndLedger(user)).toEqual({ balance: 3, ledger: 3 });
  });

  it('a repeated reference later charges nothing, even when the balance is spent', async () => {
    const user = await userWith(1);
    const first = (await spend(admin, user, 1, `again-${user}`)).rows[0]!;
    const second = (await spend(connections[1]!, user, 1, `again-${user}`)).rows[0]!;
    expect(first).toMatchObject({ balance: 0, already_processed: false });
    expect(second).toMatchObject({ balance: 0, already_processed: true, transaction_id: first.transaction_id });
    expect(await balanceAndLedger(user)).toEqual({ balance: 0, ledger: 0 });
  });

  it('a refund requested twice (and 10 times at once) refunds once', async () => {
    const user = await userWith(3);
    await spend(admin, user, 2, `gen-${user}`);
    const refund = (c: pg.Client) => c.query<CreditResult>('select * from public.refund_credits($1)', [`gen-${user}`]);

    const once = (await refund(connections[0]!)).rows[0]!;
    const twice = (await refund(connections[1]!)).rows[0]!;
    expect(once).toMatchObject({ balance: 3, already_processed: false });
    expect(twice).toMatchObject({ balance: 3, already_processed: true, transaction_id: once.transaction_id });

    await spend(admin, user, 1, `gen2-${user}`);
    const racing = await race(10, (c) => c.query<CreditResult>('select * from public.refund_credits($1)', [`gen2-${user}`]));
    const fresh = racing.filter((r) => r.status === 'fulfilled' && !r.value.rows[0]!.already_processed);
    expect(racing.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(fresh).toHaveLength(1);
    expect(await balanceAndLedger(user)).toEqual({ balance: 3, ledger: 3 });
  });

  it('a Stripe session replayed 10 times at once grants once', async () => {
    const user = await userWith(1);
    const session = `cs_test_${randomUUID()}`;
    const results = await race(10, (c) => c.query<CreditResult>('select * from public.grant_credits($1, 50, $2)', [user, session]));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const fresh = results.filter((r) => r.status === 'fulfilled' && !r.value.rows[0]!.already_processed);
    expect(fresh).toHaveLength(1);
    expect(await balanceAndLedger(user)).toEqual({ balance: 51, ledger: 51 });
  });

  it('two users redeeming each other\'s codes at once: one succeeds, no deadlock', async () => {
    const a = await userWith(1);
    const b = await userWith(1);
    const code = async (id: string) =>
      (await admin.query<{ referral_code: string }>('select referral_code from public.user_profiles where id = $1', [id])).rows[0]!.referral_code;
    const [codeA, codeB] = [await code(a), await code(b)];
    const results = await Promise.allSettled([
      connections[0]!.query('select * from public.redeem_referral($1, $2)', [a, codeB]),
      connections[1]!.query('select * from public.redeem_referral($1, $2)', [b, codeA]),
    ]);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0]!.reason as { code?: string }).code).toBe('EC005');
    const after = [await balanceAndLedger(a), await balanceAndLedger(b)];
    expect(after.map((x) => x.balance).sort()).toEqual([2, 2]);
    expect(after.every((x) => x.balance === x.ledger)).toBe(true);
  });

  it('a spend that would go below zero is refused and leaves no ledger row', async () => {
    const user = await userWith(2);
    await expect(spend(admin, user, 3, `big-${user}`)).rejects.toMatchObject({ code: 'EC001' });
    expect(await balanceAndLedger(user)).toEqual({ balance: 2, ledger: 2 });
    const { rows } = await admin.query('select 1 from public.credit_transactions where reference_id = $1', [`big-${user}`]);
    expect(rows).toHaveLength(0);
  });

  describe('the ledger as a whole', () => {
    it('sums to every balance after all of the above', async () => {
      const { rows } = await admin.query<{ n: number }>(
        `select count(*)::int as n from public.user_profiles p
         where p.credit_balance <> (select coalesce(sum(t.amount), 0) from public.credit_transactions t where t.user_id = p.id)`,
      );
      expect(rows[0]!.n).toBe(0);
    });
  });
});
