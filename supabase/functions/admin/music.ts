// The music catalogue, managed from the admin screen: add (a music_tracks row and a signed upload
// URL for its file in the public music-tracks bucket; the app PUTs the file there), update the
// title / artist / place, order the whole list, remove (the object, then the row). Behind the
// admin password like the rest of the admin function; the app never holds a service key.
import type { Db } from '../_shared/db.ts';
import { ApiError } from '../_shared/http.ts';
import type { Storage } from '../_shared/storage.ts';
import * as v from '../_shared/validate.ts';
import { MUSIC_BUCKET, MUSIC_CONTENT_TYPES, MUSIC_LIMITS, type AdminMusicBody } from '../_shared/wire.ts';
import { musicCatalogue } from '../_shared/music.ts';

const EXT: Record<string, string> = { 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/aac': 'aac', 'audio/wav': 'wav', 'audio/x-wav': 'wav' };
const ACTIONS = ['add', 'update', 'order', 'remove'] as const;

export async function manageMusic(db: Db, storage: Storage | undefined, body: Record<string, unknown>): Promise<AdminMusicBody> {
  if (!storage) throw new ApiError(503, 'storage_unavailable', 'Storage is not configured for the admin function.');
  const action = v.oneOf(body, 'music', ACTIONS);
  if (action === 'add') {
    const title = v.string(body, 'title', { min: 1, max: MUSIC_LIMITS.titleMax })!.trim();
    if (!title) throw v.invalid('title', 'is required');
    const artist = v.string(body, 'artist', { max: MUSIC_LIMITS.artistMax, optional: true })?.trim() || null;
    const durationS = v.integer(body, 'durationS', 1, 3600);
    const contentType = v.oneOf(body, 'contentType', MUSIC_CONTENT_TYPES);
    const count = await db.query<{ n: number; next: number }>('select count(*)::int as n, coalesce(max(position) + 1, 0)::int as next from public.music_tracks');
    if (count.rows[0]!.n >= MUSIC_LIMITS.maxTracks) throw new ApiError(409, 'too_many_tracks', `The catalogue holds at most ${MUSIC_LIMITS.maxTracks} tracks.`);
    const id = crypto.randomUUID();
    const path = `tracks/${id}.${EXT[contentType]}`;
    const upload = await storage.createSignedUploadUrl(MUSIC_BUCKET, path);
    await db.query(
      'insert into public.music_tracks (id, title, artist, file_path, duration, content_type, position) values ($1, $2, $3, $4, $5, $6, $7)',
      [id, title, artist, path, durationS, contentType, count.rows[0]!.next],
    );
    return { tracks: await musicCatalogue(db), upload: { path, signedUrl: upload.signedUrl, token: upload.token } };
  }
  if (action === 'update') {
    const id = v.uuid(body, 'id');
    const title = v.string(body, 'title', { min: 1, max: MUSIC_LIMITS.titleMax, optional: true })?.trim();
    const artist = body.artist === null ? null : v.string(body, 'artist', { max: MUSIC_LIMITS.artistMax, optional: true })?.trim();
    const position = body.position === undefined ? undefined : v.integer(body, 'position', 0, MUSIC_LIMITS.maxTracks);
    const { rowCount } = await db.query(
      `update public.music_tracks set title = coalesce($2, title), artist = case when $3::boolean then $4 else artist end,
         position = coalesce($5, position) where id = $1`,
      [id, title || null, artist !== undefined, artist ?? null, position ?? null],
    );
    if (!rowCount) throw new ApiError(404, 'not_found', 'No such track.');
    return { tracks: await musicCatalogue(db) };
  }
  if (action === 'order') {
    const ids = body.ids;
    if (!Array.isArray(ids) || ids.length > MUSIC_LIMITS.maxTracks || !ids.every(v.isUuid)) throw v.invalid('ids', 'must be a list of track ids');
    await db.transaction(async (tx) => {
      for (const [i, id] of ids.entries()) await tx.query('update public.music_tracks set position = $2 where id = $1', [id.toLowerCase(), i]);
    });
    return { tracks: await musicCatalogue(db) };
  }
  const id = v.uuid(body, 'id');
  const { rows } = await db.query<{ file_path: string }>('select file_path from public.music_tracks where id = $1', [id]);
  if (!rows[0]) throw new ApiError(404, 'not_found', 'No such track.');
  await storage.remove(MUSIC_BUCKET, [rows[0].file_path]);
  await db.query('delete from public.music_tracks where id = $1', [id]);
  return { tracks: await musicCatalogue(db) };
}
