-- Storage buckets and the policies on storage.objects.
--   private-photos  {user_id}/{project_id}/...  photos and the generated clip videos (private)
--   final-videos    {user_id}/...               compiled videos (private)
--   music-tracks    the music catalogue          public read, written by the service role
-- A signed-in user reads and writes only object names whose first folder is their own id.
-- Storage already has RLS enabled on storage.objects; the service role bypasses it.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types) values
  ('private-photos', 'private-photos', false, 52428800,
    array['image/jpeg', 'image/png', 'image/webp', 'video/mp4']),
  ('final-videos', 'final-videos', false, null,
    array['video/mp4']),
  ('music-tracks', 'music-tracks', true, 52428800,
    array['audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/wav', 'audio/x-wav'])
on conflict (id) do update set
  public = excluded.public,
  file_size_limit = excluded.file_size_limit,
  allowed_mime_types = excluded.allowed_mime_types;

-- private-photos: {user_id}/{project_id}/<file> at least
create policy "private-photos: owner reads" on storage.objects
  for select to authenticated using (
    bucket_id = 'private-photos'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and coalesce(array_length(storage.foldername(name), 1), 0) >= 2
  );
create policy "private-photos: owner uploads" on storage.objects
  for insert to authenticated with check (
    bucket_id = 'private-photos'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and coalesce(array_length(storage.foldername(name), 1), 0) >= 2
  );
create policy "private-photos: owner updates" on storage.objects
  for update to authenticated
  using (
    bucket_id = 'private-photos'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and coalesce(array_length(storage.foldername(name), 1), 0) >= 2
  )
  with check (
    bucket_id = 'private-photos'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and coalesce(array_length(storage.foldername(name), 1), 0) >= 2
  );
create policy "private-photos: owner deletes" on storage.objects
  for delete to authenticated using (
    bucket_id = 'private-photos'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and coalesce(array_length(storage.foldername(name), 1), 0) >= 2
  );

-- final-videos: {user_id}/<file>
create policy "final-videos: owner reads" on storage.objects
  for select to authenticated using (
    bucket_id = 'final-videos'
    and (storage.foldername(name))[1] = (select auth.uid())::text
  );
create policy "final-videos: owner uploads" on storage.objects
  for insert to authenticated with check (
    bucket_id = 'final-videos'
    and (storage.foldername(name))[1] = (select auth.uid())::text
  );
create policy "final-videos: owner updates" on storage.objects
  for update to authenticated
  using (
    bucket_id = 'final-videos'
    and (storage.foldername(name))[1] = (select auth.uid())::text
  )
  with check (
    bucket_id = 'final-videos'
    and (storage.foldername(name))[1] = (select auth.uid())::text
  );
create policy "final-videos: owner deletes" on storage.objects
  for delete to authenticated using (
    bucket_id = 'final-videos'
    and (storage.foldername(name))[1] = (select auth.uid())::text
  );

-- music-tracks: anyone may read (the bucket is public); nobody but the service role writes
create policy "music-tracks: everyone reads" on storage.objects
  for select to anon, authenticated using (bucket_id = 'music-tracks');
