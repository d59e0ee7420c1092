-- Opt-in reports from the desktop app (issue 24): unhandled errors and the KPIs measured on the
-- device, written by the telemetry function (service role) and read by the admin function only.
--   telemetry_events: one row per reported event. No user can read any row, their own included.
--   telemetry_rate: batches and events per user per window, so a flood is refused.
--   telemetry_reserve: counts a batch against the user's window atomically (row lock) and says
--     whether it may be written.

create table public.telemetry_events (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  received_at timestamptz not null default now(),
  recorded_at timestamptz not null,
  app_version text not null check (char_length(app_version) between 1 and 40),
  os text not null check (char_length(os) between 1 and 60),
  kind text not null check (kind in ('kpi', 'error')),
  -- a KPI's name, or an error's kind (e.g. 'unhandled_rejection')
  name text not null check (char_length(name) between 1 and 60),
  value double precision,
  message text check (char_length(message) <= 500),
  stack text check (char_length(stack) <= 4000),
  check ((kind = 'kpi' and value is not null) or (kind = 'error' and message is not null))
);
create index telemetry_events_summary_idx on public.telemetry_events (recorded_at, kind, app_version, name);
-- the foreign key's index (a deleted user's reports go with them)
create index telemetry_events_user_id_idx on public.telemetry_events (user_id);

alter table public.telemetry_events enable row level security;
revoke all on table public.telemetry_events from anon, authenticated;
grant all on table public.telemetry_events to service_role;

create table public.telemetry_rate (
  user_id uuid primary key references auth.users (id) on delete cascade,
  window_started_at timestamptz not null,
  batches integer not null check (batches >= 0),
  events integer not null check (events >= 0)
);

alter table public.telemetry_rate enable row level security;
revoke all on table public.telemetry_rate from anon, authenticated;
grant all on table public.telemetry_rate to service_role;

-- true when this batch of p_events fits the user's window (and is counted), false when refused
create or replace function public.telemetry_reserve(
  p_user uuid, p_now timestamptz, p_events integer, p_max_batches integer, p_max_events integer, p_window_ms integer
) returns boolean
language plpgsql security definer set search_path = public, pg_temp
as $$
declare
  r public.telemetry_rate;
  fresh boolean;
begin
  insert into public.telemetry_rate (user_id, window_started_at, batches, events)
  values (p_user, p_now, 0, 0)
  on conflict (user_id) do nothing;
  select * into r from public.telemetry_rate where user_id = p_user for update;
  fresh := r.window_started_at <= p_now - make_interval(secs => p_window_ms / 1000.0);
  if fresh then
    r.batches := 0;
    r.events := 0;
    r.window_started_at := p_now;
  end if;
  if r.batches + 1 > p_max_batches or r.events + p_events > p_max_events then
    -- a refused batch still counts against the window when fresh was reset, so keep the reset
    update public.telemetry_rate set window_started_at = r.window_started_at, batches = r.batches, events = r.events
    where user_id = p_user;
    return false;
  end if;
  update public.telemetry_rate
  set window_started_at = r.window_started_at, batches = r.batches + 1, events = r.events + p_events
  where user_id = p_user;
  return true;
end;
$$;
revoke all on function public.telemetry_reserve(uuid, timestamptz, integer, integer, integer, integer) from public, anon, authenticated;
grant execute on function public.telemetry_reserve(uuid, timestamptz, integer, integer, integer, integer) to service_role;
