// The music catalogue as both the library function (users) and the admin function list it.
import type { Sql } from './db.ts';
import type { MusicTrackBody } from './wire.ts';

export async function musicCatalogue(db: Sql): Promise<MusicTrackBody[]> {
  const { rows } = await db.query<{ id: string; title: string; artist: string | null; file_path: string; duration: number; content_type: string; position: number }>(
    'select id, title, artist, file_path, duration, content_type, position from public.music_tracks order by position, created_at, id',
  );
  return rows.map((r) => ({ id: r.id, title: r.title, artist: r.artist, filePath: r.file_path, durationS: r.duration, contentType: r.content_type, position: r.position }));
}
