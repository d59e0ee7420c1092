-- The cloud library (issue 22): the music catalogue gets an order and a content type (managed
-- through the admin function), a backed-up final video keeps its title and export settings, and
-- the library's listing (a creator's projects newest first, their finished takes) has indexes.
-- No new grants: the desktop reaches these rows only through the `library` and `admin` functions
-- (service role); the policies of 20251125090100 and 20251125090300 stay the users' only way in.

alter table public.music_tracks
  add column position integer not null default 0 check (position >= 0),
  add column content_type text not null default 'audio/mpeg'
    check (content_type in ('audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/wav', 'audio/x-wav')),
  add column updated_at timestamptz not null default now();
create index music_tracks_position_idx on public.music_tracks (position, created_at);
create trigger music_tracks_set_updated_at before update on public.music_tracks
  for each row execute function public.set_updated_at();

alter table public.final_videos
  add column title text check (char_length(title) between 1 and 200),
  add column settings jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object');

-- the listing: a user's projects newest first (projects_user_id_idx), then their finished takes
create index clip_takes_library_idx on public.clip_takes (user_id, clip_id, created_at desc)
  where status = 'succeeded' and video_file_path is not null;
