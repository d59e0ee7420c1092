-- Issue 17: takes whose create answer was lost, take_events, payments granted only from their
-- row, refunds and lost disputes taken back, admin back-off; who may touch any of it.
begin;
select plan(36);

insert into auth.users (id, email) values
  ('00000000-0000-0000-0000-00000000000a', 'a@test'),
  ('00000000-0000-0000-0000-00000000000b', 'b@test');
insert into public.projects (id, user_id) values ('10000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000a');
insert into public.clips (id, project_id, position) values ('20000000-0000-0000-0000-00000000000a', '10000000-0000-0000-0000-00000000000a', 0);

-- clip_takes ------------------------------------------------------------------------------------
insert into public.clip_takes (id, clip_id, user_id, reference, model, duration, ratio, credits, status)
values ('30000000-0000-0000-0000-00000000000a', '20000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000a', 'gen:t1', 'gen4_turbo', 5, '960:960', 1, 'unknown');
select isnt((select create_request_id from public.clip_takes where id = '30000000-0000-0000-0000-00000000000a'), null,
  'every take gets a request id before its create is sent');
select has_column('public', 'clip_takes', 'create_started_at', 'clip_takes records when the create started');
select throws_ok(
  $$ insert into public.clip_takes (clip_id, user_id, reference, model, duration, ratio, credits)
     values ('20000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000a', 'gen:t2', 'gen4_turbo', 5, '960:960', 1) $$,
  '23505', null, 'a take in unknown still holds the clip: no second generation in flight');
select throws_ok(
  $$ update public.clip_takes set status = 'lost' where id = '30000000-0000-0000-0000-00000000000a' $$,
  '23514', null, 'take statuses are checked');

-- take_events -------------------------------------------------------------------------------------
insert into public.take_events (take_id, event, detail) values ('30000000-0000-0000-0000-00000000000a', 'create_unknown', 'create failed with 502');
select throws_ok(
  $$ insert into public.take_events (take_id, event) values ('30000000-0000-0000-0000-00000000000a', 'whatever') $$,
  '23514', null, 'take events are a fixed list');
select is((select relrowsecurity from pg_class where oid = 'public.take_events'::regclass), true, 'take_events has row level security');

-- payments: grant_payment ------------------------------------------------------------------------
insert into public.payments (user_id, stripe_session_id, pack_id, amount_cents, currency, credits_purchased) values
  ('00000000-0000-0000-0000-00000000000a', 'cs_ok', 'starter', 999, 'usd', 10),
  ('00000000-0000-0000-0000-00000000000a', 'cs_cheap', 'starter', 999, 'usd', 10),
  ('00000000-0000-0000-0000-00000000000b', 'cs_gone', 'starter', 999, 'usd', 10);

select is((select outcome from public.grant_payment('cs_unknown', 50, 'usd', null)), 'unknown_session',
  'a session with no payments row grants nothing');
select is((select outcome from public.grant_payment('cs_cheap', 50, 'usd', 'pi_cheap')), 'mismatch',
  'an amount that differs from the row grants nothing');
select is((select status from public.payments where stripe_session_id = 'cs_cheap'), 'needs_review', 'and marks the payment for review');
select is((select outcome from public.grant_payment('cs_cheap', 999, 'usd', 'pi_cheap')), 'mismatch', 'a payment under review stays so');
select is((select outcome from public.grant_payment('cs_ok', 999, 'eur', 'pi_ok')), 'mismatch', 'so does another currency');
update public.payments set status = 'pending', review_reason = null where stripe_session_id = 'cs_ok';
select is((select row(outcome, credits, balance)::text from public.grant_payment('cs_ok', 999, 'USD', 'pi_ok')), '(granted,10,11)',
  'the matching session grants the row''s credits');
select is((select outcome from public.grant_payment('cs_ok', 999, 'usd', 'pi_ok')), 'already_granted', 'once');
select is((select row(status, stripe_payment_intent_id)::text from public.payments where stripe_session_id = 'cs_ok'), '(paid,pi_ok)',
  'the payment is paid and knows its PaymentIntent');
delete from auth.users where id = '00000000-0000-0000-0000-00000000000b';
select is((select outcome from public.grant_payment('cs_gone', 999, 'usd', 'pi_gone')), 'no_user', 'a deleted account is no error');
select is((select status from public.payments where stripe_session_id = 'cs_gone'), 'needs_review', 'and is marked for review');

-- payments: revoke_payment -----------------------------------------------------------------------
select is((select outcome from public.revoke_payment('pi_nobody', 999, 'refunded')), 'unknown_payment', 'an unknown PaymentIntent takes nothing');
select is((select outcome from public.revoke_payment('pi_cheap', 999, 'refunded')), 'not_paid', 'an unpaid payment takes nothing');
select is((select row(outcome, revoked, owed, balance)::text from public.revoke_payment('pi_ok', 500, 'refunded')), '(revoked,6,0,5)',
  'half refunded: its share (rounded up) is taken back');
select is((select outcome from public.revoke_payment('pi_ok', 500, 'refunded')), 'already_revoked', 'the same refund again takes nothing');
select lives_ok($$ select * from public.spend_credits('00000000-0000-0000-0000-00000000000a', 4, 'spent') $$, 'four credits are spent');
select is((select row(outcome, revoked, owed, balance)::text from public.revoke_payment('pi_ok', 999, 'refunded')), '(revoked,1,3,0)',
  'the rest, with credits spent: the balance goes to zero and the remainder is owed');
select is((select row(status, credits_revoked, credits_owed, amount_refunded_cents)::text from public.payments where stripe_session_id = 'cs_ok'),
  '(refunded,7,3,999)', 'the payment records what was taken back and what is owed');
select is((select sum(amount)::int from public.credit_transactions where user_id = '00000000-0000-0000-0000-00000000000a'),
  (select credit_balance from public.user_profiles where id = '00000000-0000-0000-0000-00000000000a'), 'the ledger still sums to the balance');
select is((select count(*)::int from public.credit_transactions where type = 'revocation'), 2, 'revocations are ledger rows');
select throws_ok($$ select * from public.revoke_payment('pi_ok', 1, 'paid') $$, '22023', null, 'only refunded or dispute_lost');
select throws_ok(
  $$ insert into public.credit_transactions (user_id, amount, type, reference_id, balance_after)
     values ('00000000-0000-0000-0000-00000000000a', 1, 'revocation', 'x', 1) $$,
  '23514', null, 'a revocation is negative');

-- admin back-off ----------------------------------------------------------------------------------
select is((select allowed from public.admin_reserve_attempt('ip:a', '2026-01-01 00:00:00+00', 2, 1000, 60000, 3, 900000)), true, 'first attempt');
select is((select allowed from public.admin_reserve_attempt('ip:a', '2026-01-01 00:00:00+00', 2, 1000, 60000, 3, 900000)), true, 'second attempt (free)');
select is((select allowed from public.admin_reserve_attempt('ip:a', '2026-01-01 00:00:00+00', 2, 1000, 60000, 3, 900000)), true, 'third: allowed, then a wait');
select is((select row(allowed, retry_at)::text from public.admin_reserve_attempt('ip:a', '2026-01-01 00:00:00+00', 2, 1000, 60000, 3, 900000)),
  '(f,"2026-01-01 00:00:01+00")', 'a fourth at once waits the base delay');
select is(
  (select public.admin_record_failure('2026-01-01 00:00:00+00', 900000) + public.admin_record_failure('2026-01-01 00:00:00+00', 900000)
        + public.admin_record_failure('2026-01-01 00:00:00+00', 900000)), 6, 'wrong passwords are counted for everyone');
select is((select allowed from public.admin_reserve_attempt('ip:clean', '2026-01-01 00:00:05+00', 2, 1000, 60000, 3, 900000)), true,
  'past the ceiling, an address that has not failed is still compared');
select is((select locked_until from public.admin_auth_failures where client_key = 'ip:clean'), '2026-01-01 00:01:05+00'::timestamptz,
  'but if it fails it waits the longest back-off');

-- who may call them ---------------------------------------------------------------------------------
set local role authenticated;
set local request.jwt.claims = '{"sub": "00000000-0000-0000-0000-00000000000a", "role": "authenticated"}';
select throws_ok($$ select * from public.grant_payment('cs_ok', 999, 'usd', null) $$, '42501', null, 'users cannot grant payments');
select throws_ok($$ select * from public.take_events $$, '42501', null, 'users cannot read take_events');
reset role;

select * from finish();
rollback;
