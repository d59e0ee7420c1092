-- The cloud library (issue 22): the catalogue's order and kind, a backup's title and settings, the
-- listing's index, and what another signed-in user sees of someone's library (nothing).
begin;
select plan(12);

select has_column('public', 'music_tracks', 'position', 'music_tracks has an order');
select has_column('public', 'music_tracks', 'content_type', 'music_tracks has a content type');
select has_column('public', 'final_videos', 'settings', 'final_videos keeps the export settings');
select has_column('public', 'final_videos', 'title', 'final_videos keeps a title');
select has_index('public', 'clip_takes', 'clip_takes_library_idx', 'the listing of finished takes has an index');
select throws_ok($$ insert into public.music_tracks (title, file_path, duration, content_type) values ('x', 'x.ogg', 1, 'audio/ogg') $$,
  '23514', null, 'the catalogue takes only the bucket''s audio types');

insert into auth.users (id, email) values
  ('00000000-0000-0000-0000-00000000000a', 'a@test'),
  ('00000000-0000-0000-0000-00000000000b', 'b@test');
insert into public.projects (id, user_id, title) values
  ('10000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000a', 'A project');
insert into public.final_videos (id, user_id, project_id, title, settings, file_path, status) values
  ('30000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000a', '10000000-0000-0000-0000-00000000000a',
   'A video', '{"fps": 30}', '00000000-0000-0000-0000-00000000000a/30000000-0000-0000-0000-00000000000a.mp4', 'completed');
insert into storage.objects (bucket_id, name) values
  ('final-videos', '00000000-0000-0000-0000-00000000000a/30000000-0000-0000-0000-00000000000a.mp4'),
  ('music-tracks', 'tracks/t.mp3');
insert into public.music_tracks (title, file_path, duration, position) values ('T', 'tracks/t.mp3', 30, 0);

-- as user B
set local role authenticated;
set local request.jwt.claims = '{"sub": "00000000-0000-0000-0000-00000000000b", "role": "authenticated"}';
select is((select count(*)::int from public.final_videos), 0, 'B sees none of A''s backups');
select is((select count(*)::int from storage.objects where bucket_id = 'final-videos'), 0, 'B can select (so sign, download) none of A''s backup files');
select is((select count(*)::int from public.projects), 0, 'B lists none of A''s projects');
select throws_ok($$ update public.music_tracks set position = 5 $$, '42501', null, 'B cannot reorder the catalogue');

-- as user A
set local request.jwt.claims = '{"sub": "00000000-0000-0000-0000-00000000000a", "role": "authenticated"}';
select is((select title from public.final_videos), 'A video', 'A sees their backup');
select is((select count(*)::int from storage.objects where bucket_id = 'final-videos'), 1, 'A may select (sign) their backup file');

select * from finish();
rollback;
