-- The schema: tables, the fixes to the original design, constraints and indexes.
begin;
select plan(27);

select tables_are(
  'public',
  array['user_profiles', 'projects', 'clips', 'clip_takes', 'final_videos', 'music_tracks',
        'credit_transactions', 'payments', 'admin_config', 'admin_auth_failures', 'take_events',
        'telemetry_events', 'telemetry_rate'],
  'public holds exactly the product tables'
);

-- every table in public has row level security on
select is(
  (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity),
  0,
  'row level security is enabled on every public table'
);

-- `order` is a reserved word: the column is `position`
select hasnt_column('public', 'clips', 'order', 'clips has no "order" column');
select col_not_null('public', 'clips', 'position', 'clips.position is not null');

-- ids default to the built-in gen_random_uuid (no uuid-ossp extension)
select col_default_is('public', 'projects', 'id', 'gen_random_uuid()', 'projects.id defaults to gen_random_uuid()');
select is(
  (select count(*)::int from pg_extension where extname = 'uuid-ossp'),
  0,
  'uuid-ossp is not needed'
);

-- final_videos references music_tracks, which exists before it
select fk_ok('public', 'final_videos', 'music_track_id', 'public', 'music_tracks', 'id');
select fk_ok('public', 'final_videos', array['project_id', 'user_id'], 'public', 'projects', array['id', 'user_id']);
select fk_ok('public', 'clips', 'project_id', 'public', 'projects', 'id');
select fk_ok('public', 'user_profiles', 'id', 'auth', 'users', 'id');

-- every foreign key says what happens on delete (no default NO ACTION)
select is(
  (select count(*)::int from pg_constraint c join pg_namespace n on n.oid = c.connamespace
   where n.nspname = 'public' and c.contype = 'f' and c.confdeltype = 'a'),
  0,
  'every foreign key has an ON DELETE rule'
);

-- every foreign key is backed by an index whose leading columns are the key's columns
select is(
  (select coalesce(array_agg(c.conrelid::regclass::text || '(' || c.conname || ')' order by 1), '{}')
   from pg_constraint c join pg_namespace n on n.oid = c.connamespace
   where n.nspname = 'public' and c.contype = 'f'
     and not exists (
       select 1 from pg_index i
       where i.indrelid = c.conrelid
         and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] operator(pg_catalog.@>) c.conkey
         and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] operator(pg_catalog.<@) c.conkey
     )),
  '{}'::text[],
  'every foreign key has an index'
);

-- status columns only take known values
insert into auth.users (id, email) values ('00000000-0000-0000-0000-0000000000a1', 'schema@test');
insert into public.projects (id, user_id, title)
values ('10000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000a1', 'P');

select throws_ok(
  $$ update public.projects set status = 'bogus' where id = '10000000-0000-0000-0000-0000000000a1' $$,
  '23514', null, 'projects.status rejects an unknown value'
);
select throws_ok(
  $$ insert into public.clips (project_id, position, status) values ('10000000-0000-0000-0000-0000000000a1', 0, 'done') $$,
  '23514', null, 'clips.status rejects an unknown value'
);
select throws_ok(
  $$ insert into public.final_videos (user_id, project_id, status) values ('00000000-0000-0000-0000-0000000000a1', '10000000-0000-0000-0000-0000000000a1', 'shipped') $$,
  '23514', null, 'final_videos.status rejects an unknown value'
);
select throws_ok(
  $$ insert into public.final_videos (user_id, project_id, music_volume) values ('00000000-0000-0000-0000-0000000000a1', '10000000-0000-0000-0000-0000000000a1', 101) $$,
  '23514', null, 'final_videos.music_volume is 0..100'
);
select throws_ok(
  $$ insert into public.payments (user_id, stripe_session_id, pack_id, amount_cents, credits_purchased, status)
     values ('00000000-0000-0000-0000-0000000000a1', 'cs_x', 'starter', 999, 10, 'maybe') $$,
  '23514', null, 'payments.status rejects an unknown value'
);
select throws_ok(
  $$ insert into public.clip_takes (clip_id, user_id, reference, model, duration, ratio, credits, status)
     select gen_random_uuid(), '00000000-0000-0000-0000-0000000000a1', 'r', 'gen4_turbo', 5, '1280:720', 1, 'nope' $$,
  '23514', null, 'clip_takes.status rejects an unknown value'
);
select throws_ok(
  $$ update public.user_profiles set credit_balance = -1 where id = '00000000-0000-0000-0000-0000000000a1' $$,
  '23514', null, 'a balance can never be negative'
);

-- a final video cannot point at another user's project
insert into auth.users (id, email) values ('00000000-0000-0000-0000-0000000000b1', 'other@test');
select throws_ok(
  $$ insert into public.final_videos (user_id, project_id) values ('00000000-0000-0000-0000-0000000000b1', '10000000-0000-0000-0000-0000000000a1') $$,
  '23503', null, 'final_videos.(project_id, user_id) must name a project of that user'
);

-- clip positions are unique per project, checked at commit so a swap works
insert into public.clips (id, project_id, position) values
  ('20000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-0000000000a1', 0),
  ('20000000-0000-0000-0000-000000000002', '10000000-0000-0000-0000-0000000000a1', 1);
select lives_ok(
  $$ update public.clips set position = case position when 0 then 1 else 0 end
     where project_id = '10000000-0000-0000-0000-0000000000a1' $$,
  'two clips can swap positions'
);
select throws_ok(
  $$ insert into public.clips (project_id, position) values ('10000000-0000-0000-0000-0000000000a1', 0);
     set constraints all immediate $$,
  '23505', null, 'two clips of a project cannot share a position'
);

-- only one generation in flight per clip
insert into public.clip_takes (clip_id, user_id, reference, model, duration, ratio, credits)
values ('20000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 'gen:1', 'gen4_turbo', 5, '1280:720', 1);
select throws_ok(
  $$ insert into public.clip_takes (clip_id, user_id, reference, model, duration, ratio, credits)
     values ('20000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 'gen:2', 'gen4_turbo', 5, '1280:720', 1) $$,
  '23505', null, 'a clip cannot have two active takes'
);

-- deleting a user removes their rows; deleting a project removes its clips
delete from public.projects where id = '10000000-0000-0000-0000-0000000000a1';
select is((select count(*)::int from public.clips where project_id = '10000000-0000-0000-0000-0000000000a1'), 0,
  'deleting a project deletes its clips');
select is((select count(*)::int from public.clip_takes where reference = 'gen:1'), 0,
  'and the takes of those clips');
delete from auth.users where id = '00000000-0000-0000-0000-0000000000a1';
select is((select count(*)::int from public.user_profiles where id = '00000000-0000-0000-0000-0000000000a1'), 0,
  'deleting an auth user deletes the profile');
select is((select count(*)::int from public.credit_transactions where user_id = '00000000-0000-0000-0000-0000000000a1'), 0,
  'and the ledger rows');

select * from finish();
rollback;
