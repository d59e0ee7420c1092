-- Row level security: a policy per operation, for the authenticated role only.
-- Supabase grants ALL on new public tables to anon and authenticated by default, so table
-- privileges are narrowed here too: anon gets nothing, authenticated only what a policy
-- then filters, and columns that belong to the server (credits, generation state) are not
-- writable at all. TRUNCATE ignores RLS, so it is revoked everywhere.

alter table public.user_profiles enable row level security;
alter table public.projects enable row level security;
alter table public.music_tracks enable row level security;
alter table public.clips enable row level security;
alter table public.clip_takes enable row level security;
alter table public.final_videos enable row level security;
alter table public.credit_transactions enable row level security;
alter table public.payments enable row level security;
alter table public.admin_config enable row level security;

revoke all on table
  public.user_profiles, public.projects, public.music_tracks, public.clips, public.clip_takes,
  public.final_videos, public.credit_transactions, public.payments, public.admin_config
  from anon, authenticated;

grant all on table
  public.user_profiles, public.projects, public.music_tracks, public.clips, public.clip_takes,
  public.final_videos, public.credit_transactions, public.payments, public.admin_config
  to service_role;

-- user_profiles: read your own; the only column you may change is display_name.
-- Rows are created by the auth.users trigger; credit_balance, referral_code and
-- referred_by change only through the credit functions.
grant select on public.user_profiles to authenticated;
grant update (display_name) on public.user_profiles to authenticated;

create policy "user_profiles: owner reads" on public.user_profiles
  for select to authenticated using (id = (select auth.uid()));
create policy "user_profiles: owner updates" on public.user_profiles
  for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));

-- projects: full control of your own.
grant select, insert, update, delete on public.projects to authenticated;

create policy "projects: owner reads" on public.projects
  for select to authenticated using (user_id = (select auth.uid()));
create policy "projects: owner inserts" on public.projects
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "projects: owner updates" on public.projects
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "projects: owner deletes" on public.projects
  for delete to authenticated using (user_id = (select auth.uid()));

-- clips: reachable only through a project you own. Generation state (status, video,
-- failure) is written by the edge functions, so only the editable columns are granted.
grant select, delete on public.clips to authenticated;
grant insert (id, project_id, position, image_url, image_file_path, approved, prompt, duration, ratio)
  on public.clips to authenticated;
grant update (project_id, position, image_url, image_file_path, approved, prompt, duration, ratio)
  on public.clips to authenticated;

create policy "clips: owner of the project reads" on public.clips
  for select to authenticated using (
    exists (select 1 from public.projects p where p.id = project_id and p.user_id = (select auth.uid()))
  );
create policy "clips: owner of the project inserts" on public.clips
  for insert to authenticated with check (
    exists (select 1 from public.projects p where p.id = project_id and p.user_id = (select auth.uid()))
  );
create policy "clips: owner of the project updates" on public.clips
  for update to authenticated
  using (
    exists (select 1 from public.projects p where p.id = project_id and p.user_id = (select auth.uid()))
  )
  with check (
    exists (select 1 from public.projects p where p.id = project_id and p.user_id = (select auth.uid()))
  );
create policy "clips: owner of the project deletes" on public.clips
  for delete to authenticated using (
    exists (select 1 from public.projects p where p.id = project_id and p.user_id = (select auth.uid()))
  );

-- clip_takes: paid generations, read-only for their owner.
grant select on public.clip_takes to authenticated;

create policy "clip_takes: owner reads" on public.clip_takes
  for select to authenticated using (user_id = (select auth.uid()));

-- final_videos: full control of your own, only for your own projects (the composite
-- foreign key (project_id, user_id) -> projects (id, user_id) enforces the second half).
grant select, insert, update, delete on public.final_videos to authenticated;

create policy "final_videos: owner reads" on public.final_videos
  for select to authenticated using (user_id = (select auth.uid()));
create policy "final_videos: owner inserts" on public.final_videos
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "final_videos: owner updates" on public.final_videos
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "final_videos: owner deletes" on public.final_videos
  for delete to authenticated using (user_id = (select auth.uid()));

-- music_tracks: the catalogue, readable by everyone signed in, written by the service role.
grant select on public.music_tracks to authenticated;

create policy "music_tracks: signed-in users read" on public.music_tracks
  for select to authenticated using (true);

-- credit_transactions and payments: read your own; written only by the credit functions
-- and the edge functions (service role).
grant select on public.credit_transactions to authenticated;
grant select on public.payments to authenticated;

create policy "credit_transactions: owner reads" on public.credit_transactions
  for select to authenticated using (user_id = (select auth.uid()));
create policy "payments: owner reads" on public.payments
  for select to authenticated using (user_id = (select auth.uid()));

-- admin_config: no grants and no policies for users at all (service role only).
