-- Wrong admin passwords, counted per client so the admin function can slow down guessing.
-- Edge function isolates are short-lived, so the count lives here. Service role only.
create table public.admin_auth_failures (
  client_key text primary key check (char_length(client_key) between 1 and 200),
  failures integer not null default 0 check (failures >= 0),
  window_started_at timestamptz not null default now(),
  locked_until timestamptz
);

alter table public.admin_auth_failures enable row level security;
revoke all on table public.admin_auth_failures from anon, authenticated;
grant all on table public.admin_auth_failures to service_role;
