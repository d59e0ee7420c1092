-- Credits as a ledger. credit_transactions is the truth; user_profiles.credit_balance is
-- kept in step inside the same transaction, under a row lock on the profile, so the
-- ledger always sums to the balance.
--
-- Every function is SECURITY DEFINER with an empty search_path and fully qualified names.
-- spend / refund / grant / redeem are for the service role only (the edge functions call
-- them after verifying the user); execute is revoked from public, anon and authenticated.
--
-- Errors carry stable SQLSTATEs so callers can tell them apart:
--   EC001 insufficient credits          EC002 reference already used differently
--   EC003 no profile for that user      EC004 nothing to refund for that reference
--   EC005 referral code rejected        22023 invalid argument

-- An 8-character code from an alphabet without look-alikes (no 0/O, 1/I), drawn from
-- gen_random_uuid()'s random bytes (no pgcrypto needed).
create function public.new_referral_code() returns text
language plpgsql volatile
set search_path = ''
as $$
declare
  alphabet constant text := 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  bytes bytea := uuid_send(gen_random_uuid());
  code text := '';
begin
  for i in 0..7 loop
    code := code || substr(alphabet, (get_byte(bytes, i) % 32) + 1, 1);
  end loop;
  return code;
end
$$;

-- One free credit and a unique referral code for every new auth user.
create function public.handle_new_user() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  attempts integer := 0;
begin
  loop
    begin
      insert into public.user_profiles (id, credit_balance, referral_code)
      values (new.id, 1, public.new_referral_code());
      exit;
    exception when unique_violation then
      -- a referral code collision (1 in 32^8 per pair): draw again
      attempts := attempts + 1;
      if attempts >= 10 then
        raise;
      end if;
    end;
  end loop;
  insert into public.credit_transactions (user_id, amount, type, reference_id, balance_after)
  values (new.id, 1, 'signup_bonus', 'signup:' || new.id::text, 1);
  return new;
end
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function public.handle_new_user();

-- spend_credits: take p_amount credits from p_user_id for p_reference.
-- Never lets the balance go below zero (EC001). Idempotent per reference: calling again
-- with the same reference charges nothing and returns the first charge
-- (already_processed = true); the same reference with another user or amount is EC002.
create function public.spend_credits(p_user_id uuid, p_amount integer, p_reference text)
returns table (transaction_id uuid, balance integer, already_processed boolean)
language plpgsql security definer
set search_path = ''
as $$
declare
  v_balance integer;
  v_id uuid;
  v_existing record;
begin
  if p_user_id is null then
    raise exception 'spend_credits: user id is required' using errcode = '22023';
  end if;
  if p_amount is null or p_amount <= 0 then
    raise exception 'spend_credits: amount must be a positive integer, got %', p_amount using errcode = '22023';
  end if;
  if p_reference is null or char_length(btrim(p_reference)) = 0 or char_length(p_reference) > 200 then
    raise exception 'spend_credits: reference must be 1 to 200 characters' using errcode = '22023';
  end if;

  -- The row lock serializes every credit change of this user.
  select p.credit_balance into v_balance
  from public.user_profiles p where p.id = p_user_id
  for update;
  if not found then
    raise exception 'spend_credits: no profile for user %', p_user_id using errcode = 'EC003';
  end if;

  select t.id, t.user_id, t.amount into v_existing
  from public.credit_transactions t
  where t.type = 'spend' and t.reference_id = p_reference;
  if found then
    if v_existing.user_id <> p_user_id or v_existing.amount <> -p_amount then
      raise exception 'spend_credits: reference % was already used for another charge', p_reference
        using errcode = 'EC002';
    end if;
    return query select v_existing.id, v_balance, true;
    return;
  end if;

  if v_balance < p_amount then
    raise exception 'spend_credits: insufficient credits (balance %, needed %)', v_balance, p_amount
      using errcode = 'EC001';
  end if;

  -- ON CONFLICT covers another user's transaction racing on the same reference.
  insert into public.credit_transactions (user_id, amount, type, reference_id, balance_after)
  values (p_user_id, -p_amount, 'spend', p_reference, v_balance - p_amount)
  on conflict (type, reference_id) do nothing
  returning id into v_id;
  if v_id is null then
    raise exception 'spend_credits: reference % was already used for another charge', p_reference
      using errcode = 'EC002';
  end if;

  update public.user_profiles
  set credit_balance = credit_balance - p_amount
  where id = p_user_id
  returning credit_balance into v_balance;

  return query select v_id, v_balance, false;
end
$$;

-- refund_credits: give back the charge made under p_reference, at most once.
-- A second call refunds nothing and returns already_processed = true.
create function public.refund_credits(p_reference text)
returns table (transaction_id uuid, balance integer, already_processed boolean)
language plpgsql security definer
set search_path = ''
as $$
declare
  v_spend record;
  v_balance integer;
  v_id uuid;
  v_existing uuid;
begin
  select t.id, t.user_id, t.amount into v_spend
  from public.credit_transactions t
  where t.type = 'spend' and t.reference_id = p_reference;
  if not found then
    raise exception 'refund_credits: no charge with reference %', p_reference using errcode = 'EC004';
  end if;

  select p.credit_balance into v_balance
  from public.user_profiles p where p.id = v_spend.user_id
  for update;
  if not found then
    raise exception 'refund_credits: no profile for user %', v_spend.user_id using errcode = 'EC003';
  end if;

  insert into public.credit_transactions (user_id, amount, type, reference_id, balance_after)
  values (v_spend.user_id, -v_spend.amount, 'refund', p_reference, v_balance - v_spend.amount)
  on conflict (type, reference_id) do nothing
  returning id into v_id;

  if v_id is null then
    select t.id into v_existing
    from public.credit_transactions t
    where t.type = 'refund' and t.reference_id = p_reference;
    return query select v_existing, v_balance, true;
    return;
  end if;

  update public.user_profiles
  set credit_balance = credit_balance - v_spend.amount
  where id = v_spend.user_id
  returning credit_balance into v_balance;

  return query select v_id, v_balance, false;
end
$$;

-- grant_credits: credit a purchase, once per Stripe Checkout Session, and mark its payments
-- row paid. Replays of the same session grant nothing (already_processed = true); the same
-- session for another user or amount is EC002.
create function public.grant_credits(p_user_id uuid, p_amount integer, p_stripe_session_id text)
returns table (transaction_id uuid, balance integer, already_processed boolean)
language plpgsql security definer
set search_path = ''
as $$
declare
  v_balance integer;
  v_id uuid;
  v_existing record;
begin
  if p_user_id is null then
    raise exception 'grant_credits: user id is required' using errcode = '22023';
  end if;
  if p_amount is null or p_amount <= 0 then
    raise exception 'grant_credits: amount must be a positive integer, got %', p_amount using errcode = '22023';
  end if;
  if p_stripe_session_id is null or char_length(btrim(p_stripe_session_id)) = 0
     or char_length(p_stripe_session_id) > 200 then
    raise exception 'grant_credits: a Stripe session id is required' using errcode = '22023';
  end if;

  select p.credit_balance into v_balance
  from public.user_profiles p where p.id = p_user_id
  for update;
  if not found then
    raise exception 'grant_credits: no profile for user %', p_user_id using errcode = 'EC003';
  end if;

  insert into public.credit_transactions (user_id, amount, type, reference_id, balance_after)
  values (p_user_id, p_amount, 'purchase', p_stripe_session_id, v_balance + p_amount)
  on conflict (type, reference_id) do nothing
  returning id into v_id;

  if v_id is null then
    select t.id, t.user_id, t.amount into v_existing
    from public.credit_transactions t
    where t.type = 'purchase' and t.reference_id = p_stripe_session_id;
    if v_existing.user_id <> p_user_id or v_existing.amount <> p_amount then
      raise exception 'grant_credits: session % was already credited differently', p_stripe_session_id
        using errcode = 'EC002';
    end if;
    return query select v_existing.id, v_balance, true;
    return;
  end if;

  update public.user_profiles
  set credit_balance = credit_balance + p_amount
  where id = p_user_id
  returning credit_balance into v_balance;

  update public.payments
  set status = 'paid', paid_at = coalesce(paid_at, now())
  where stripe_session_id = p_stripe_session_id and user_id = p_user_id;

  return query select v_id, v_balance, false;
end
$$;

-- redeem_referral: p_user_id enters p_code once; both sides get one credit.
-- Rejected (EC005): unknown code, your own code, already referred, or the code's owner
-- was referred by you (no two-account loops).
create function public.redeem_referral(p_user_id uuid, p_code text)
returns table (referrer_id uuid, balance integer)
language plpgsql security definer
set search_path = ''
as $$
declare
  v_referrer uuid;
  v_me record;
  v_them record;
  v_balance integer;
  v_their_balance integer;
begin
  select p.id into v_referrer
  from public.user_profiles p where p.referral_code = upper(btrim(coalesce(p_code, '')));
  if v_referrer is null then
    raise exception 'redeem_referral: unknown referral code' using errcode = 'EC005';
  end if;
  if v_referrer = p_user_id then
    raise exception 'redeem_referral: you cannot use your own referral code' using errcode = 'EC005';
  end if;

  -- lock both profiles in id order so two crossing redemptions cannot deadlock
  perform 1 from public.user_profiles p
  where p.id in (p_user_id, v_referrer)
  order by p.id
  for update;

  select p.id, p.credit_balance, p.referred_by into v_me from public.user_profiles p where p.id = p_user_id;
  if not found then
    raise exception 'redeem_referral: no profile for user %', p_user_id using errcode = 'EC003';
  end if;
  select p.id, p.credit_balance, p.referred_by into v_them from public.user_profiles p where p.id = v_referrer;

  if v_me.referred_by is not null then
    raise exception 'redeem_referral: a referral code was already redeemed' using errcode = 'EC005';
  end if;
  if v_them.referred_by = p_user_id then
    raise exception 'redeem_referral: that user joined with your code' using errcode = 'EC005';
  end if;

  update public.user_profiles
  set referred_by = v_referrer, credit_balance = credit_balance + 1
  where id = p_user_id
  returning credit_balance into v_balance;
  update public.user_profiles
  set credit_balance = credit_balance + 1
  where id = v_referrer
  returning credit_balance into v_their_balance;

  insert into public.credit_transactions (user_id, amount, type, reference_id, balance_after) values
    (p_user_id, 1, 'referral_bonus', 'referral:' || p_user_id::text || ':referee', v_balance),
    (v_referrer, 1, 'referral_bonus', 'referral:' || p_user_id::text || ':referrer', v_their_balance);

  return query select v_referrer, v_balance;
end
$$;

-- Service-only. Supabase's default privileges grant EXECUTE to anon and authenticated on
-- every new function in public, so revoking from PUBLIC alone would not be enough.
revoke execute on function public.new_referral_code() from public, anon, authenticated;
revoke execute on function public.handle_new_user() from public, anon, authenticated;
revoke execute on function public.spend_credits(uuid, integer, text) from public, anon, authenticated;
revoke execute on function public.refund_credits(text) from public, anon, authenticated;
revoke execute on function public.grant_credits(uuid, integer, text) from public, anon, authenticated;
revoke execute on function public.redeem_referral(uuid, text) from public, anon, authenticated;
revoke execute on function public.set_updated_at() from public, anon, authenticated;

grant execute on function public.spend_credits(uuid, integer, text) to service_role;
grant execute on function public.refund_credits(text) to service_role;
grant execute on function public.grant_credits(uuid, integer, text) to service_role;
grant execute on function public.redeem_referral(uuid, text) to service_role;
