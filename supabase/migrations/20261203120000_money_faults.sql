-- Money stays exact when the network misbehaves (issue 17).
--   clip_takes: a per-take request id and the create's start time, recorded before the paid
--     call; an 'unknown' state for a create whose answer was lost (still charged, still the
--     clip's one generation in flight) until it is reconciled.
--   take_events: every decision about a take's money that is not a plain success or failure
--     (a lost create answer, a refund of an unconfirmed take, a late task cancelled, an
--     output link refreshed), for the operator to read.
--   payments: the PaymentIntent (refunds and disputes name it), what was refunded, credits
--     taken back and credits still owed, a review reason; statuses for review and disputes.
--   credit_transactions: 'revocation', credits taken back after a refund or a lost dispute.
--   grant_payment / revoke_payment: the webhook's money rules in one place, under row locks.
--   admin_reserve_attempt / admin_record_failure: admin guessing slowed per address with
--     exponential back-off, and a global ceiling that never locks out a clean address.

-- clip_takes -----------------------------------------------------------------------------------
alter table public.clip_takes
  add column create_request_id uuid not null default gen_random_uuid(),
  add column create_started_at timestamptz,
  add constraint clip_takes_create_request_id_key unique (create_request_id);

alter table public.clip_takes drop constraint clip_takes_status_check;
alter table public.clip_takes add constraint clip_takes_status_check
  check (status in ('submitting', 'unknown', 'pending', 'throttled', 'running', 'succeeded', 'failed', 'cancelled'));

-- a take whose create answer was lost still holds the clip: a retry must not start a second task
drop index public.clip_takes_one_active_per_clip;
create unique index clip_takes_one_active_per_clip on public.clip_takes (clip_id)
  where status in ('submitting', 'unknown', 'pending', 'throttled', 'running');

-- take_events ----------------------------------------------------------------------------------
create table public.take_events (
  id uuid primary key default gen_random_uuid(),
  take_id uuid not null references public.clip_takes (id) on delete cascade,
  task_id text,
  event text not null check (event in (
    'create_unknown',          -- the create's answer was lost (timeout, reset, 5xx): the take waits, charged
    'refunded_unconfirmed',    -- no task ever confirmed within the reconcile window: refunded
    'cancelled_after_refund',  -- a task turned up for a take already refunded: cancelled, output discarded
    'output_refreshed',        -- an output link had expired: the task was read again for fresh links
    'output_lost'              -- Runway no longer has the task's output: refunded
  )),
  detail text check (char_length(detail) <= 500),
  created_at timestamptz not null default now()
);
create index take_events_take_id_idx on public.take_events (take_id, created_at);

alter table public.take_events enable row level security;
revoke all on table public.take_events from anon, authenticated;
grant all on table public.take_events to service_role;

-- credit_transactions: revocations -------------------------------------------------------------
alter table public.credit_transactions drop constraint credit_transactions_type_check;
alter table public.credit_transactions add constraint credit_transactions_type_check
  check (type in ('signup_bonus', 'spend', 'refund', 'purchase', 'referral_bonus', 'admin_adjustment', 'revocation'));
alter table public.credit_transactions drop constraint credit_transactions_sign;
alter table public.credit_transactions add constraint credit_transactions_sign check (
  (type in ('spend', 'revocation') and amount < 0)
  or (type in ('signup_bonus', 'refund', 'purchase', 'referral_bonus') and amount > 0)
  or type = 'admin_adjustment'
);

-- payments -------------------------------------------------------------------------------------
alter table public.payments
  add column stripe_payment_intent_id text unique check (stripe_payment_intent_id ~ '^pi_[A-Za-z0-9_]{1,200}$'),
  add column amount_refunded_cents integer not null default 0 check (amount_refunded_cents >= 0),
  add column credits_revoked integer not null default 0 check (credits_revoked >= 0),
  add column credits_owed integer not null default 0 check (credits_owed >= 0),
  add column review_reason text check (char_length(review_reason) <= 500),
  add constraint payments_refund_within_amount check (amount_refunded_cents <= amount_cents),
  add constraint payments_taken_back_within_purchase check (credits_revoked + credits_owed <= credits_purchased);

alter table public.payments drop constraint payments_status_check;
alter table public.payments add constraint payments_status_check
  check (status in ('pending', 'paid', 'failed', 'expired', 'refunded', 'needs_review', 'disputed', 'dispute_lost'));

-- grant_payment: credit a paid Checkout Session from its payments row only. The row fixes the
-- user, the credits, the price and the currency (create-checkout wrote it); the session's
-- amount_total and currency must match it, else the row is marked needs_review and nothing is
-- granted. Outcomes: granted, already_granted, unknown_session, mismatch, no_user.
create function public.grant_payment(p_stripe_session_id text, p_amount_total integer, p_currency text, p_payment_intent text)
returns table (outcome text, user_id uuid, credits integer, balance integer)
language plpgsql security definer
set search_path = ''
as $$
declare
  v_payment record;
  v_grant record;
begin
  select p.id, p.user_id, p.credits_purchased, p.amount_cents, p.currency, p.status
  into v_payment
  from public.payments p where p.stripe_session_id = p_stripe_session_id
  for update;
  if not found then
    return query select 'unknown_session'::text, null::uuid, 0, null::integer;
    return;
  end if;
  if p_payment_intent is not null and p_payment_intent ~ '^pi_[A-Za-z0-9_]{1,200}$' then
    update public.payments set stripe_payment_intent_id = coalesce(stripe_payment_intent_id, p_payment_intent)
    where id = v_payment.id;
  end if;
  if v_payment.status in ('paid', 'refunded', 'disputed', 'dispute_lost') then
    return query select 'already_granted'::text, v_payment.user_id, v_payment.credits_purchased, null::integer;
    return;
  end if;
  -- once a mismatch is seen the session stays with a person: a later event cannot clear it
  if v_payment.status = 'needs_review' then
    return query select case when v_payment.user_id is null then 'no_user' else 'mismatch' end, v_payment.user_id, 0, null::integer;
    return;
  end if;
  if p_amount_total is distinct from v_payment.amount_cents or lower(coalesce(p_currency, '')) <> v_payment.currency then
    update public.payments
    set status = 'needs_review',
        review_reason = format('paid %s %s, the pack costs %s %s', coalesce(p_amount_total::text, 'nothing'), coalesce(lower(p_currency), '?'), v_payment.amount_cents, v_payment.currency)
    where id = v_payment.id;
    return query select 'mismatch'::text, v_payment.user_id, 0, null::integer;
    return;
  end if;
  if v_payment.user_id is null or not exists (select 1 from public.user_profiles u where u.id = v_payment.user_id) then
    update public.payments set status = 'needs_review', review_reason = 'paid, but the account no longer exists'
    where id = v_payment.id;
    return query select 'no_user'::text, v_payment.user_id, 0, null::integer;
    return;
  end if;
  select * into v_grant from public.grant_credits(v_payment.user_id, v_payment.credits_purchased, p_stripe_session_id);
  update public.payments set status = 'paid', paid_at = coalesce(paid_at, now()), review_reason = null where id = v_payment.id;
  return query select case when v_grant.already_processed then 'already_granted' else 'granted' end,
    v_payment.user_id, v_payment.credits_purchased, v_grant.balance;
end
$$;

-- revoke_payment: after a refund (cumulative p_amount_refunded) or a lost dispute (the whole
-- amount), take back the credits that money paid for, as far as the balance goes (never below
-- zero); the rest is recorded as owed. Cumulative and idempotent: a replay, or an older event
-- after a newer one, takes nothing more. p_status marks the payment (refunded / dispute_lost).
-- Outcomes: revoked, already_revoked, unknown_payment, not_paid.
create function public.revoke_payment(p_payment_intent text, p_amount_refunded integer, p_status text)
returns table (outcome text, user_id uuid, revoked integer, owed integer, balance integer)
language plpgsql security definer
set search_path = ''
as $$
declare
  v_payment record;
  v_target integer;
  v_delta integer;
  v_balance integer;
  v_take integer;
begin
  if p_status not in ('refunded', 'dispute_lost') then
    raise exception 'revoke_payment: status must be refunded or dispute_lost, got %', p_status using errcode = '22023';
  end if;
  if p_amount_refunded is null or p_amount_refunded < 0 then
    raise exception 'revoke_payment: amount must be zero or more' using errcode = '22023';
  end if;
  select p.id, p.user_id, p.credits_purchased, p.amount_cents, p.amount_refunded_cents, p.credits_revoked, p.credits_owed, p.status, p.stripe_session_id
  into v_payment
  from public.payments p where p.stripe_payment_intent_id = p_payment_intent
  for update;
  if not found then
    return query select 'unknown_payment'::text, null::uuid, 0, 0, null::integer;
    return;
  end if;
  if v_payment.status not in ('paid', 'refunded', 'disputed', 'dispute_lost') then
    return query select 'not_paid'::text, v_payment.user_id, 0, 0, null::integer;
    return;
  end if;

  -- the credits the refunded money paid for, rounded up: a refund of any part takes back at least a credit
  v_target := least(v_payment.credits_purchased,
    ceil(v_payment.credits_purchased::numeric * least(p_amount_refunded, v_payment.amount_cents) / v_payment.amount_cents)::integer);
  v_delta := v_target - (v_payment.credits_revoked + v_payment.credits_owed);
  if v_delta <= 0 then
    update public.payments set status = case when p_status = 'dispute_lost' then 'dispute_lost' else status end
    where id = v_payment.id;
    return query select 'already_revoked'::text, v_payment.user_id, 0, 0, null::integer;
    return;
  end if;

  v_take := 0;
  if v_payment.user_id is not null then
    select u.credit_balance into v_balance from public.user_profiles u where u.id = v_payment.user_id for update;
    if found then
      v_take := least(v_balance, v_delta);
      if v_take > 0 then
        insert into public.credit_transactions (user_id, amount, type, reference_id, balance_after)
        values (v_payment.user_id, -v_take, 'revocation', format('revoke:%s:%s', v_payment.stripe_session_id, v_target), v_balance - v_take);
        update public.user_profiles set credit_balance = credit_balance - v_take where id = v_payment.user_id
        returning credit_balance into v_balance;
      end if;
    end if;
  end if;

  update public.payments
  set credits_revoked = credits_revoked + v_take,
      credits_owed = credits_owed + (v_delta - v_take),
      amount_refunded_cents = greatest(amount_refunded_cents, least(p_amount_refunded, amount_cents)),
      status = p_status
  where id = v_payment.id;
  return query select 'revoked'::text, v_payment.user_id, v_take, v_delta - v_take, v_balance;
end
$$;

-- admin guessing -------------------------------------------------------------------------------
-- admin_auth_failures per address: failures = attempts not yet proven right, window_started_at
-- = the last attempt, locked_until = no attempt before this. The 'global' row counts wrong
-- passwords of everyone in the current window.
--
-- admin_reserve_attempt: counts an attempt before the compare (so parallel guesses cannot all
-- slip through) and says whether it may be compared. An address gets p_free attempts without
-- waiting, then waits p_base_ms, doubling up to p_max_ms. Past the global ceiling (p_global
-- wrong passwords in the window) an address gets one attempt and then the longest wait: guessing
-- from many addresses is slowed to one guess per address per p_max_ms, while an address that has
-- not failed is still compared, so the right password gets in.
create function public.admin_reserve_attempt(
  p_key text, p_now timestamptz, p_free integer, p_base_ms integer, p_max_ms integer, p_global integer, p_window_ms integer
)
returns table (allowed boolean, retry_at timestamptz)
language plpgsql security definer
set search_path = ''
as $$
declare
  v_row record;
  v_global integer;
  v_siege boolean;
  v_n integer;
  v_delay_ms bigint;
begin
  if p_key is null or char_length(p_key) not between 1 and 200 or p_key = 'global' then
    raise exception 'admin_reserve_attempt: a client key is required' using errcode = '22023';
  end if;
  select f.failures into v_global from public.admin_auth_failures f
  where f.client_key = 'global' and f.window_started_at > p_now - make_interval(secs => p_window_ms / 1000.0);
  v_siege := coalesce(v_global, 0) >= p_global;

  insert into public.admin_auth_failures (client_key, failures, window_started_at, locked_until)
  values (p_key, 0, p_now, null)
  on conflict (client_key) do nothing;
  select f.failures, f.window_started_at, f.locked_until into v_row
  from public.admin_auth_failures f where f.client_key = p_key
  for update;

  if v_row.locked_until is not null and v_row.locked_until > p_now then
    return query select false, v_row.locked_until;
    return;
  end if;
  -- an address quiet for a whole window starts afresh
  v_n := case when v_row.window_started_at <= p_now - make_interval(secs => p_window_ms / 1000.0) then 1 else v_row.failures + 1 end;
  v_delay_ms := case
    when v_siege then p_max_ms
    when v_n <= p_free then 0
    else least(p_base_ms::bigint * (2::bigint ^ least(v_n - p_free - 1, 30)), p_max_ms)
  end;
  update public.admin_auth_failures
  set failures = v_n, window_started_at = p_now,
      locked_until = case when v_delay_ms > 0 then p_now + make_interval(secs => v_delay_ms / 1000.0) end
  where client_key = p_key;
  return query select true, null::timestamptz;
end
$$;

-- admin_record_failure: a wrong password, counted for everyone in the current window.
create function public.admin_record_failure(p_now timestamptz, p_window_ms integer)
returns integer
language sql security definer
set search_path = ''
as $$
  insert into public.admin_auth_failures as f (client_key, failures, window_started_at, locked_until)
  values ('global', 1, p_now, null)
  on conflict (client_key) do update set
    failures = case when f.window_started_at <= p_now - make_interval(secs => p_window_ms / 1000.0) then 1 else f.failures + 1 end,
    window_started_at = case when f.window_started_at <= p_now - make_interval(secs => p_window_ms / 1000.0) then p_now else f.window_started_at end
  returning failures;
$$;

revoke execute on function public.grant_payment(text, integer, text, text) from public, anon, authenticated;
revoke execute on function public.revoke_payment(text, integer, text) from public, anon, authenticated;
revoke execute on function public.admin_reserve_attempt(text, timestamptz, integer, integer, integer, integer, integer) from public, anon, authenticated;
revoke execute on function public.admin_record_failure(timestamptz, integer) from public, anon, authenticated;
grant execute on function public.grant_payment(text, integer, text, text) to service_role;
grant execute on function public.revoke_payment(text, integer, text) to service_role;
grant execute on function public.admin_reserve_attempt(text, timestamptz, integer, integer, integer, integer, integer) to service_role;
grant execute on function public.admin_record_failure(timestamptz, integer) to service_role;
