-- The credit ledger: sign-up credit, spend / refund / grant idempotency, referrals,
-- and who may call the credit functions.
begin;
select plan(41);

insert into auth.users (id, email) values
  ('00000000-0000-0000-0000-00000000000a', 'a@test'),
  ('00000000-0000-0000-0000-00000000000b', 'b@test'),
  ('00000000-0000-0000-0000-00000000000c', 'c@test');

-- sign-up: a profile with one free credit, recorded in the ledger, and a referral code
select is((select credit_balance from public.user_profiles where id = '00000000-0000-0000-0000-00000000000a'), 1,
  'a new user starts with 1 credit');
select is((select sum(amount)::int from public.credit_transactions where user_id = '00000000-0000-0000-0000-00000000000a' and type = 'signup_bonus'), 1,
  'the free credit is in the ledger');
select matches((select referral_code from public.user_profiles where id = '00000000-0000-0000-0000-00000000000a'), '^[A-HJ-NP-Z2-9]{8}$',
  'the referral code is 8 unambiguous characters');
select is((select count(distinct referral_code)::int from public.user_profiles), 3, 'referral codes are unique');

-- spend
update public.user_profiles set credit_balance = 5 where id = '00000000-0000-0000-0000-00000000000a';
insert into public.credit_transactions (user_id, amount, type, reference_id, balance_after)
values ('00000000-0000-0000-0000-00000000000a', 4, 'admin_adjustment', 'test-setup', 5);

select is(
  (select balance from public.spend_credits('00000000-0000-0000-0000-00000000000a', 2, 'clip:1')), 3,
  'spend_credits takes the amount');
select is(
  (select row(balance, already_processed)::text from public.spend_credits('00000000-0000-0000-0000-00000000000a', 2, 'clip:1')),
  '(3,t)', 'the same reference charges once and says it was already processed');
select is((select count(*)::int from public.credit_transactions where type = 'spend' and reference_id = 'clip:1'), 1,
  'one ledger row per reference');
select is((select amount from public.credit_transactions where type = 'spend' and reference_id = 'clip:1'), -2,
  'a spend is a negative ledger amount');
select throws_ok(
  $$ select * from public.spend_credits('00000000-0000-0000-0000-00000000000a', 3, 'clip:1') $$,
  'EC002', null, 'the same reference with another amount is a conflict');
select throws_ok(
  $$ select * from public.spend_credits('00000000-0000-0000-0000-00000000000b', 2, 'clip:1') $$,
  'EC002', null, 'the same reference for another user is a conflict');
select throws_ok(
  $$ select * from public.spend_credits('00000000-0000-0000-0000-00000000000a', 4, 'clip:2') $$,
  'EC001', null, 'spending more than the balance is refused');
select is((select credit_balance from public.user_profiles where id = '00000000-0000-0000-0000-00000000000a'), 3,
  'a refused spend changes nothing');
select throws_ok($$ select * from public.spend_credits('00000000-0000-0000-0000-00000000000a', 0, 'clip:3') $$,
  '22023', null, 'amount must be positive');
select throws_ok($$ select * from public.spend_credits('00000000-0000-0000-0000-00000000000a', 1, '  ') $$,
  '22023', null, 'a reference is required');
select throws_ok($$ select * from public.spend_credits('00000000-0000-0000-0000-0000000000ff', 1, 'clip:4') $$,
  'EC003', null, 'an unknown user is refused');
select is((select balance from public.spend_credits('00000000-0000-0000-0000-00000000000a', 3, 'clip:5')), 0,
  'the balance can reach exactly zero');
select throws_ok($$ select * from public.spend_credits('00000000-0000-0000-0000-00000000000a', 1, 'clip:6') $$,
  'EC001', null, 'but not below');

-- refund
select is(
  (select row(balance, already_processed)::text from public.refund_credits('clip:1')), '(2,f)',
  'refund_credits gives the charge back');
select is(
  (select row(balance, already_processed)::text from public.refund_credits('clip:1')), '(2,t)',
  'a second refund of the same reference gives nothing');
select is((select count(*)::int from public.credit_transactions where type = 'refund' and reference_id = 'clip:1'), 1,
  'one refund row per reference');
select throws_ok($$ select * from public.refund_credits('never-charged') $$,
  'EC004', null, 'refunding an unknown reference is refused');

-- grant (Stripe purchases)
insert into public.payments (user_id, stripe_session_id, pack_id, amount_cents, credits_purchased)
values ('00000000-0000-0000-0000-00000000000b', 'cs_test_1', 'starter', 999, 10);
select is(
  (select row(balance, already_processed)::text from public.grant_credits('00000000-0000-0000-0000-00000000000b', 10, 'cs_test_1')),
  '(11,f)', 'grant_credits adds the pack');
select is((select status from public.payments where stripe_session_id = 'cs_test_1'), 'paid',
  'and marks the payment paid');
select is(
  (select row(balance, already_processed)::text from public.grant_credits('00000000-0000-0000-0000-00000000000b', 10, 'cs_test_1')),
  '(11,t)', 'a replayed session grants nothing');
select throws_ok($$ select * from public.grant_credits('00000000-0000-0000-0000-00000000000c', 10, 'cs_test_1') $$,
  'EC002', null, 'the same session for another user is a conflict');

-- referrals
select is(
  (select balance from public.redeem_referral('00000000-0000-0000-0000-00000000000c',
     (select lower(referral_code) from public.user_profiles where id = '00000000-0000-0000-0000-00000000000b'))),
  2, 'redeeming a code gives the new user a credit (code is case-insensitive)');
select is((select credit_balance from public.user_profiles where id = '00000000-0000-0000-0000-00000000000b'), 12,
  'and the referrer a credit');
select is((select referred_by from public.user_profiles where id = '00000000-0000-0000-0000-00000000000c'),
  '00000000-0000-0000-0000-00000000000b'::uuid, 'referred_by is recorded');
select throws_ok(
  $$ select * from public.redeem_referral('00000000-0000-0000-0000-00000000000c',
       (select referral_code from public.user_profiles where id = '00000000-0000-0000-0000-00000000000a')) $$,
  'EC005', null, 'a user redeems only once');
select throws_ok(
  $$ select * from public.redeem_referral('00000000-0000-0000-0000-00000000000b',
       (select referral_code from public.user_profiles where id = '00000000-0000-0000-0000-00000000000c')) $$,
  'EC005', null, 'the referrer cannot redeem the code of the user they referred');
select throws_ok(
  $$ select * from public.redeem_referral('00000000-0000-0000-0000-00000000000a',
       (select referral_code from public.user_profiles where id = '00000000-0000-0000-0000-00000000000a')) $$,
  'EC005', null, 'nobody redeems their own code');
select throws_ok($$ select * from public.redeem_referral('00000000-0000-0000-0000-00000000000a', 'NOSUCHCD') $$,
  'EC005', null, 'an unknown code is refused');

-- the ledger sums to every balance
select is(
  (select count(*)::int from public.user_profiles p
   where p.credit_balance <> (select coalesce(sum(t.amount), 0) from public.credit_transactions t where t.user_id = p.id)),
  0, 'the ledger sums to every balance');

-- who may call what: service role only
select ok(not has_function_privilege('anon', 'public.spend_credits(uuid, integer, text)', 'execute'), 'anon cannot spend');
select ok(not has_function_privilege('authenticated', 'public.spend_credits(uuid, integer, text)', 'execute'), 'authenticated cannot spend');
select ok(not has_function_privilege('authenticated', 'public.refund_credits(text)', 'execute'), 'authenticated cannot refund');
select ok(not has_function_privilege('authenticated', 'public.grant_credits(uuid, integer, text)', 'execute'), 'authenticated cannot grant');
select ok(not has_function_privilege('authenticated', 'public.redeem_referral(uuid, text)', 'execute'), 'authenticated cannot redeem for anyone');
select ok(has_function_privilege('service_role', 'public.spend_credits(uuid, integer, text)', 'execute')
  and has_function_privilege('service_role', 'public.refund_credits(text)', 'execute')
  and has_function_privilege('service_role', 'public.grant_credits(uuid, integer, text)', 'execute')
  and has_function_privilege('service_role', 'public.redeem_referral(uuid, text)', 'execute'),
  'the service role calls all four');

-- every security definer function in public pins its search_path
select is(
  (select coalesce(array_agg(p.proname::text order by p.proname), '{}')
   from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname = 'public' and p.prosecdef
     and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')),
  '{}'::text[], 'every security definer function pins search_path');

-- and no function in public that anon or authenticated may call is security definer
select is(
  (select coalesce(array_agg(p.proname::text order by p.proname), '{}')
   from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname = 'public' and p.prosecdef
     and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'))),
  '{}'::text[], 'no security definer function is callable by anon or authenticated');

select * from finish();
rollback;
