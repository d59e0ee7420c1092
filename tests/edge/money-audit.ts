// Reconciles what the Runway stand-in billed and what Stripe paid with what the database says,
// after a run: the figures of issue 17 (paid tasks per clip, unreconciled tasks, credits without
// payment) and the ledger checks. Read-only; used by the fault tests and the cloud-faults bench.
import type pg from 'pg';
import type { RunwayFake } from '../fakes/runway';

export interface MoneyAudit {
  /** tasks Runway created (each billed to the operator) */
  paidTasks: number;
  /** the most paid tasks any one clip has */
  paidTasksPerClipMax: number;
  /**
   * Paid tasks no decision accounts for: neither recorded on a take (task_id), nor belonging to a
   * take whose unconfirmed refund or late cancel was logged (take_events); plus takes left
   * unresolved (a create still 'submitting' or 'unknown'), and tasks recorded on a refunded take
   * that Runway finished without a logged reason.
   */
  unreconciledTasks: number;
  /** purchase credits with no paid payments row of that session, user and amount behind them */
  creditsWithoutPayment: number;
  /** users whose ledger does not sum to their balance */
  ledgerMismatches: number;
  readyTakes: number;
  spends: number;
  refunds: number;
}

interface TakeRow {
  id: string;
  clip_id: string;
  task_id: string | null;
  status: string;
  create_request_id: string;
  events: string[] | null;
}

/**
 * `setupPrefix`: references of credits the test fixtures grant directly (not bought), left out
 * of credits_without_payment.
 */
export async function auditMoney(pool: pg.Pool, runway: RunwayFake, setupPrefix = 'setup-'): Promise<MoneyAudit> {
  const { rows: takes } = await pool.query<TakeRow>(
    `select t.id, t.clip_id, t.task_id, t.status, t.create_request_id::text,
            (select array_agg(e.event) from public.take_events e where e.take_id = t.id) as events
     from public.clip_takes t`,
  );
  const byRequest = new Map(takes.map((t) => [t.create_request_id, t]));
  const byTask = new Map(takes.filter((t) => t.task_id).map((t) => [t.task_id!, t]));
  const tasks = [...runway.tasks.values()];

  const perClip = new Map<string, number>();
  let unreconciled = 0;
  for (const task of tasks) {
    const take = task.requestId ? byRequest.get(task.requestId) : undefined;
    if (take) perClip.set(take.clip_id, (perClip.get(take.clip_id) ?? 0) + 1);
    const recorded = byTask.get(task.id);
    if (recorded) {
      const refunded = recorded.status === 'failed' || recorded.status === 'cancelled';
      const finishedAtRunway = runway.statusOf(task.id) === 'SUCCEEDED';
      if (refunded && finishedAtRunway && !recorded.events?.some((e) => e === 'output_lost')) unreconciled += 1;
      continue;
    }
    const logged = take?.events?.some((e) => e === 'refunded_unconfirmed' || e === 'cancelled_after_refund');
    if (!logged) unreconciled += 1;
  }
  unreconciled += takes.filter((t) => (t.status === 'submitting' || t.status === 'unknown') && !t.task_id).length;

  const { rows: money } = await pool.query<{ without_payment: number; mismatches: number; spends: number; refunds: number }>(
    `select
       (select coalesce(sum(c.amount), 0)::int from public.credit_transactions c
        where c.type = 'purchase' and c.reference_id not like $1 || '%'
          and not exists (select 1 from public.payments p
                          where p.stripe_session_id = c.reference_id and p.user_id = c.user_id
                            and p.credits_purchased = c.amount
                            and p.status in ('paid', 'refunded', 'disputed', 'dispute_lost'))) as without_payment,
       (select count(*)::int from public.user_profiles u
        where u.credit_balance <> (select coalesce(sum(amount), 0) from public.credit_transactions c where c.user_id = u.id)) as mismatches,
       (select count(*)::int from public.credit_transactions where type = 'spend' and reference_id like 'gen:%') as spends,
       (select count(*)::int from public.credit_transactions where type = 'refund' and reference_id like 'gen:%') as refunds`,
    [setupPrefix],
  );
  return {
    paidTasks: tasks.length,
    paidTasksPerClipMax: Math.max(0, ...perClip.values()),
    unreconciledTasks: unreconciled,
    creditsWithoutPayment: money[0]!.without_payment,
    ledgerMismatches: money[0]!.mismatches,
    readyTakes: takes.filter((t) => t.status === 'succeeded').length,
    spends: money[0]!.spends,
    refunds: money[0]!.refunds,
  };
}
