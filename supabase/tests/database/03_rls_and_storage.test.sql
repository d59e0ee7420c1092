-- Row level security and storage policies as Supabase's request path applies them:
-- SET ROLE authenticated / anon with the request's JWT claims. (The full matrix, every
-- table x operation x actor, is tests/db/rls-matrix.test.ts.)
begin;
select plan(30);

insert into auth.users (id, email) values
  ('00000000-0000-0000-0000-00000000000a', 'a@test'),
  ('00000000-0000-0000-0000-00000000000b', 'b@test');
insert into public.projects (id, user_id, title) values
  ('10000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000a', 'A project'),
  ('10000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-00000000000b', 'B project');
insert into public.clips (id, project_id, position) values
  ('20000000-0000-0000-0000-00000000000a', '10000000-0000-0000-0000-00000000000a', 0),
  ('20000000-0000-0000-0000-00000000000b', '10000000-0000-0000-0000-00000000000b', 0);
insert into public.music_tracks (title, file_path, duration) values ('Calm', 'calm.mp3', 120);
insert into storage.objects (bucket_id, name) values
  ('private-photos', '00000000-0000-0000-0000-00000000000b/10000000-0000-0000-0000-00000000000b/p.jpg'),
  ('music-tracks', 'calm.mp3');

-- as user A
set local role authenticated;
set local request.jwt.claims = '{"sub": "00000000-0000-0000-0000-00000000000a", "role": "authenticated"}';

select is(auth.uid(), '00000000-0000-0000-0000-00000000000a'::uuid, 'auth.uid() reads the JWT claims');
select results_eq($$ select title from public.projects $$, array['A project'], 'A sees only their project');
select results_eq($$ select id from public.clips $$, array['20000000-0000-0000-0000-00000000000a'::uuid],
  'A sees only clips of their projects');
select is((select count(*)::int from public.user_profiles), 1, 'A sees only their profile');
select is((select count(*)::int from public.credit_transactions), 1, 'A sees only their ledger rows');
select is((select count(*)::int from public.music_tracks), 1, 'A reads the music catalogue');

select throws_ok($$ update public.user_profiles set credit_balance = 1000 $$,
  '42501', null, 'A cannot write their credit balance');
select throws_ok($$ update public.user_profiles set referred_by = '00000000-0000-0000-0000-00000000000b' $$,
  '42501', null, 'A cannot set referred_by directly');
select lives_ok($$ update public.user_profiles set display_name = 'Ada' $$, 'A may set a display name');
select throws_ok($$ insert into public.credit_transactions (user_id, amount, type, reference_id, balance_after)
                    values ('00000000-0000-0000-0000-00000000000a', 100, 'purchase', 'free', 101) $$,
  '42501', null, 'A cannot write the ledger');
select throws_ok($$ insert into public.payments (user_id, stripe_session_id, pack_id, amount_cents, credits_purchased)
                    values ('00000000-0000-0000-0000-00000000000a', 'cs_fake', 'x', 1, 1) $$,
  '42501', null, 'A cannot write payments');
select throws_ok($$ select * from public.admin_config $$, '42501', null, 'A cannot read admin_config');
select throws_ok($$ insert into public.music_tracks (title, file_path, duration) values ('x', 'x.mp3', 1) $$,
  '42501', null, 'A cannot add music');
select throws_ok($$ update public.clips set status = 'ready' $$,
  '42501', null, 'A cannot set generation state on a clip');
select throws_ok($$ select * from public.spend_credits('00000000-0000-0000-0000-00000000000a', 1, 'x') $$,
  '42501', null, 'A cannot call spend_credits');

select throws_ok($$ insert into public.projects (user_id, title) values ('00000000-0000-0000-0000-00000000000b', 'planted') $$,
  '42501', null, 'A cannot create a project for B');
select throws_ok($$ insert into public.clips (project_id, position) values ('10000000-0000-0000-0000-00000000000b', 5) $$,
  '42501', null, 'A cannot add a clip to B''s project');
select is_empty($$ update public.projects set title = 'hacked' where id = '10000000-0000-0000-0000-00000000000b' returning 1 $$,
  'A cannot update B''s project (no row matches)');
select throws_ok($$ update public.clips set project_id = '10000000-0000-0000-0000-00000000000b' where id = '20000000-0000-0000-0000-00000000000a' $$,
  '42501', null, 'A cannot move a clip into B''s project');

-- storage
select lives_ok($$ insert into storage.objects (bucket_id, name) values
  ('private-photos', '00000000-0000-0000-0000-00000000000a/10000000-0000-0000-0000-00000000000a/p.jpg') $$,
  'A uploads under their own id');
select throws_ok($$ insert into storage.objects (bucket_id, name) values
  ('private-photos', '00000000-0000-0000-0000-00000000000b/10000000-0000-0000-0000-00000000000b/x.jpg') $$,
  '42501', null, 'A cannot upload under B''s id');
select throws_ok($$ insert into storage.objects (bucket_id, name) values
  ('private-photos', '00000000-0000-0000-0000-00000000000a/loose.jpg') $$,
  '42501', null, 'private photos need a project folder');
select throws_ok($$ insert into storage.objects (bucket_id, name) values ('music-tracks', 'mine.mp3') $$,
  '42501', null, 'A cannot upload music');
select is((select count(*)::int from storage.objects where bucket_id = 'private-photos'), 1,
  'A lists only their own photos');
select is((select count(*)::int from storage.objects where bucket_id = 'music-tracks'), 1, 'A lists the music');
select lives_ok($$ insert into storage.objects (bucket_id, name) values
  ('final-videos', '00000000-0000-0000-0000-00000000000a/final.mp4') $$, 'A uploads a final video under their id');

-- as anon
reset role;
set local role anon;
set local request.jwt.claims = '{"role": "anon"}';
select throws_ok($$ select * from public.projects $$, '42501', null, 'anon cannot read projects');
select throws_ok($$ select * from public.music_tracks $$, '42501', null, 'anon cannot read the music table');
select is((select count(*)::int from storage.objects where bucket_id = 'music-tracks'), 1,
  'anon reads the public music bucket');
select is((select count(*)::int from storage.objects where bucket_id <> 'music-tracks'), 0,
  'anon sees no private object');

reset role;
select * from finish();
rollback;
