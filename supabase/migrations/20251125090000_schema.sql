-- Echoes Studio: the product's tables.
-- Fixes to the schema as first described: `order` -> `position` (reserved word);
-- music_tracks is created before final_videos references it; ids use the built-in
-- gen_random_uuid() (no uuid-ossp); every status has a CHECK; every foreign key has an
-- ON DELETE rule and an index.

-- Keeps updated_at honest on every UPDATE.
create function public.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- user_profiles ------------------------------------------------------------------------------
-- credit_balance is a cache of the ledger (credit_transactions), kept in step by the credit
-- functions in the same transaction; users can never write it.
create table public.user_profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  credit_balance integer not null default 0 check (credit_balance >= 0),
  referral_code text not null unique check (referral_code ~ '^[A-Z2-9]{8}$'),
  referred_by uuid references auth.users (id) on delete set null,
  display_name text check (char_length(display_name) <= 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint user_profiles_not_self_referred check (referred_by is null or referred_by <> id)
);
create index user_profiles_referred_by_idx on public.user_profiles (referred_by);

-- projects -----------------------------------------------------------------------------------
create table public.projects (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  title text not null default 'Untitled project' check (char_length(title) between 1 and 200),
  music_url text,
  status text not null default 'in_progress'
    check (status in ('in_progress', 'compiling', 'completed', 'archived')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- lets children reference (project, owner) together, so a row can never point at
  -- another user's project
  constraint projects_id_user_id_key unique (id, user_id)
);
create index projects_user_id_idx on public.projects (user_id, created_at desc);

-- music_tracks (before final_videos, which references it) ------------------------------------
create table public.music_tracks (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(title) between 1 and 200),
  artist text,
  file_path text not null unique,
  file_url text,
  duration integer not null check (duration > 0),
  created_at timestamptz not null default now()
);

-- clips --------------------------------------------------------------------------------------
create table public.clips (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  position integer not null check (position >= 0),
  image_url text,
  image_file_path text,
  video_url text,
  video_file_path text,
  status text not null default 'pending'
    check (status in ('pending', 'generating', 'ready', 'failed')),
  approved boolean not null default false,
  prompt text check (char_length(prompt) <= 1000),
  duration integer check (duration between 2 and 10),
  ratio text,
  failure_code text,
  failure_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- deferred so a reorder can swap positions inside one transaction
  constraint clips_project_position_key unique (project_id, position) deferrable initially deferred
);
create index clips_project_id_idx on public.clips (project_id);

-- clip_takes: one row per paid generation of a clip (a Runway task). Written by the edge
-- functions only; the reference is the credit ledger reference of its charge.
create table public.clip_takes (
  id uuid primary key default gen_random_uuid(),
  clip_id uuid not null references public.clips (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  reference text not null unique,
  provider text not null default 'runway',
  model text not null,
  prompt text not null default '' check (char_length(prompt) <= 1000),
  duration integer not null check (duration between 2 and 10),
  ratio text not null,
  credits integer not null check (credits > 0),
  task_id text unique,
  status text not null default 'submitting'
    check (status in ('submitting', 'pending', 'throttled', 'running', 'succeeded', 'failed', 'cancelled')),
  progress real check (progress between 0 and 1),
  failure_code text,
  failure_message text,
  video_file_path text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index clip_takes_clip_id_idx on public.clip_takes (clip_id, created_at desc);
create index clip_takes_user_id_idx on public.clip_takes (user_id);
-- at most one generation in flight per clip: a second click or a racing request cannot
-- start (and pay for) a second task
create unique index clip_takes_one_active_per_clip on public.clip_takes (clip_id)
  where status in ('submitting', 'pending', 'throttled', 'running');

-- final_videos -------------------------------------------------------------------------------
create table public.final_videos (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  project_id uuid not null,
  selected_clips jsonb not null default '[]'::jsonb check (jsonb_typeof(selected_clips) = 'array'),
  music_track_id uuid references public.music_tracks (id) on delete set null,
  transition_type text not null default 'fade'
    check (transition_type in ('none', 'fade', 'dissolve', 'wipeleft', 'wiperight', 'slideleft', 'slideright', 'circleopen')),
  music_volume integer not null default 50 check (music_volume between 0 and 100),
  status text not null default 'draft'
    check (status in ('draft', 'compiling', 'completed', 'failed')),
  file_url text,
  file_path text,
  total_duration integer check (total_duration >= 0),
  file_size bigint check (file_size >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  constraint final_videos_project_fk foreign key (project_id, user_id)
    references public.projects (id, user_id) on delete cascade
);
create index final_videos_user_id_idx on public.final_videos (user_id, created_at desc);
create index final_videos_project_id_idx on public.final_videos (project_id, user_id);
create index final_videos_music_track_id_idx on public.final_videos (music_track_id);

-- credit_transactions: the ledger, the truth about credits ------------------------------------
create table public.credit_transactions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  amount integer not null check (amount <> 0),
  type text not null
    check (type in ('signup_bonus', 'spend', 'refund', 'purchase', 'referral_bonus', 'admin_adjustment')),
  reference_id text not null check (char_length(reference_id) between 1 and 200),
  balance_after integer not null check (balance_after >= 0),
  created_at timestamptz not null default now(),
  constraint credit_transactions_sign check (
    (type = 'spend' and amount < 0)
    or (type in ('signup_bonus', 'refund', 'purchase', 'referral_bonus') and amount > 0)
    or type = 'admin_adjustment'
  ),
  -- idempotency: one spend per reference, one refund per spend, one grant per Stripe session
  constraint credit_transactions_type_reference_key unique (type, reference_id)
);
create index credit_transactions_user_id_idx on public.credit_transactions (user_id, created_at desc);

-- payments -----------------------------------------------------------------------------------
-- kept when an account is deleted (accounting), detached from the user
create table public.payments (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references auth.users (id) on delete set null,
  stripe_session_id text not null unique,
  pack_id text not null,
  amount_cents integer not null check (amount_cents > 0),
  currency text not null default 'usd' check (currency ~ '^[a-z]{3}$'),
  credits_purchased integer not null check (credits_purchased > 0),
  status text not null default 'pending'
    check (status in ('pending', 'paid', 'failed', 'expired', 'refunded')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  paid_at timestamptz
);
create index payments_user_id_idx on public.payments (user_id, created_at desc);

-- admin_config -------------------------------------------------------------------------------
create table public.admin_config (
  id uuid primary key default gen_random_uuid(),
  key text not null unique check (key ~ '^[a-z][a-z0-9_]{0,63}$'),
  value jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- updated_at triggers ------------------------------------------------------------------------
create trigger user_profiles_set_updated_at before update on public.user_profiles
  for each row execute function public.set_updated_at();
create trigger projects_set_updated_at before update on public.projects
  for each row execute function public.set_updated_at();
create trigger clips_set_updated_at before update on public.clips
  for each row execute function public.set_updated_at();
create trigger clip_takes_set_updated_at before update on public.clip_takes
  for each row execute function public.set_updated_at();
create trigger final_videos_set_updated_at before update on public.final_videos
  for each row execute function public.set_updated_at();
create trigger payments_set_updated_at before update on public.payments
  for each row execute function public.set_updated_at();
create trigger admin_config_set_updated_at before update on public.admin_config
  for each row execute function public.set_updated_at();
