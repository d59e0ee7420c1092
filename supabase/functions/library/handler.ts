// library: the cloud library of the signed-in creator (issue 22), one call per screenful.
//   list          projects newest first (a page), each with its finished takes (storage paths, which
//                 the app signs in one createSignedUrls call through its cache), and with the first
//                 page the backed-up final videos
//   backup        records a final video the app uploaded to final-videos/{user}/{id}.mp4 (checked
//                 to be there), creating the cloud project row for a project made on the device
//   delete_video  removes the object, then the row
//   music         the music catalogue in order (public bucket: the app builds the public URLs)
// Everything is read and written for the caller only (user_id = the JWT's user); paths handed out
// are always under the caller's own folder.
import { requireUser, type VerifyUser } from '../_shared/auth.ts';
import { sqlState, type Db } from '../_shared/db.ts';
import { ApiError, handler, json, readJson, type Handler } from '../_shared/http.ts';
import { musicCatalogue } from '../_shared/music.ts';
import type { Storage } from '../_shared/storage.ts';
import * as v from '../_shared/validate.ts';
import {
  FINAL_VIDEOS_BUCKET,
  LIBRARY_LIMITS,
  type LibraryListBody,
  type LibraryProjectBody,
  type LibraryTakeBody,
  type LibraryVideoBody,
} from '../_shared/wire.ts';

export interface LibraryDeps {
  db: Db;
  verifyUser: VerifyUser;
  storage: Storage;
  log?: (message: string, error: unknown) => void;
}

const ACTIONS = ['list', 'backup', 'delete_video', 'music'] as const;
const iso = (d: Date | string) => new Date(d).toISOString();

/** `${createdAt}|${id}` of the last project of a page. */
function parseCursor(cursor: unknown): { at: string; id: string } | null {
  if (cursor === undefined || cursor === null) return null;
  const m = typeof cursor === 'string' ? /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\|([0-9a-f-]{36})$/i.exec(cursor) : null;
  if (!m || !v.isUuid(m[2]) || Number.isNaN(Date.parse(m[1]!))) throw v.invalid('cursor', 'is not a cursor this function gave');
  return { at: m[1]!, id: m[2]!.toLowerCase() };
}

const own = (userId: string, p: string | null): string | null => (p && p.startsWith(`${userId}/`) && !p.split('/').includes('..') ? p : null);

async function list(deps: LibraryDeps, userId: string, body: Record<string, unknown>): Promise<LibraryListBody> {
  const cursor = parseCursor(body.cursor);
  const limit = body.limit === undefined ? 12 : v.integer(body, 'limit', 1, LIBRARY_LIMITS.maxPageProjects);
  const projects = await deps.db.query<{ id: string; title: string; created_at: Date; updated_at: Date }>(
    `select id, title, created_at, updated_at from public.projects
     where user_id = $1 and status <> 'archived'
       and ($2::timestamptz is null or (created_at, id) < ($2::timestamptz, $3::uuid))
     order by created_at desc, id desc limit $4`,
    [userId, cursor?.at ?? null, cursor?.id ?? null, limit + 1],
  );
  const page = projects.rows.slice(0, limit);
  const ids = page.map((p) => p.id);
  const takes = ids.length
    ? await deps.db.query<{
        id: string; clip_id: string; project_id: string; position: number; prompt: string; duration: number; ratio: string;
        video_file_path: string; image_file_path: string | null; credits: number; created_at: Date; rank: number;
      }>(
        `select * from (
           select t.id, t.clip_id, c.project_id, c.position, t.prompt, t.duration, t.ratio, t.video_file_path,
                  c.image_file_path, t.credits, t.created_at,
                  row_number() over (partition by c.project_id order by c.position, t.created_at desc) as rank
           from public.clip_takes t join public.clips c on c.id = t.clip_id
           where t.user_id = $1 and c.project_id = any($2::uuid[])
             and t.status = 'succeeded' and t.video_file_path is not null
         ) x where rank <= $3 order by project_id, position, created_at desc`,
        [userId, ids, LIBRARY_LIMITS.maxTakesPerProject],
      )
    : { rows: [] };
  const byProject = new Map<string, LibraryTakeBody[]>();
  for (const t of takes.rows) {
    const videoPath = own(userId, t.video_file_path);
    if (!videoPath) continue;
    const list = byProject.get(t.project_id) ?? [];
    list.push({
      id: t.id,
      clipId: t.clip_id,
      position: t.position,
      prompt: t.prompt,
      durationS: t.duration,
      ratio: t.ratio,
      videoPath,
      photoPath: own(userId, t.image_file_path),
      credits: t.credits,
      createdAt: iso(t.created_at),
    });
    byProject.set(t.project_id, list);
  }
  const out: LibraryProjectBody[] = page.map((p) => ({ id: p.id, title: p.title, createdAt: iso(p.created_at), updatedAt: iso(p.updated_at), takes: byProject.get(p.id) ?? [] }));
  const last = page.at(-1);
  return {
    projects: out,
    videos: cursor ? null : await videos(deps, userId),
    nextCursor: projects.rows.length > limit && last ? `${iso(last.created_at)}|${last.id}` : null,
  };
}

async function videos(deps: LibraryDeps, userId: string): Promise<LibraryVideoBody[]> {
  const { rows } = await deps.db.query<{
    id: string; project_id: string; title: string | null; file_path: string; total_duration: number | null; file_size: string | null;
    settings: Record<string, unknown>; created_at: Date;
  }>(
    `select id, project_id, title, file_path, total_duration, file_size, settings, created_at from public.final_videos
     where user_id = $1 and status = 'completed' and file_path is not null
     order by created_at desc, id desc limit $2`,
    [userId, LIBRARY_LIMITS.maxVideos],
  );
  return rows.flatMap((r) => {
    const filePath = own(userId, r.file_path);
    return filePath
      ? [{ id: r.id, projectId: r.project_id, title: r.title, filePath, durationS: r.total_duration, sizeBytes: r.file_size === null ? null : Number(r.file_size), settings: r.settings, createdAt: iso(r.created_at) }]
      : [];
  });
}

async function backup(deps: LibraryDeps, userId: string, body: Record<string, unknown>): Promise<LibraryVideoBody> {
  const id = v.uuid(body, 'id');
  const projectId = v.uuid(body, 'projectId');
  const title = v.string(body, 'title', { min: 1, max: LIBRARY_LIMITS.titleMax })!;
  const durationS = v.integer(body, 'durationS', 0, 24 * 3600);
  const sizeBytes = v.integer(body, 'sizeBytes', 1, Number.MAX_SAFE_INTEGER);
  const settings = body.settings;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings) || JSON.stringify(settings).length > 4000) {
    throw v.invalid('settings', 'must be an object of at most 4000 characters');
  }
  const filePath = `${userId}/${id}.mp4`;
  // the upload must be there first: Storage signs only objects that exist
  const signed = await deps.storage.createSignedUrls(FINAL_VIDEOS_BUCKET, [filePath], 60);
  if (!signed.get(filePath)) throw new ApiError(409, 'not_uploaded', `Upload the video to ${FINAL_VIDEOS_BUCKET}/${filePath} first.`);
  const s = settings as Record<string, unknown>;
  const transition = typeof s.transition === 'string' && ['none', 'fade', 'dissolve', 'wipeleft', 'wiperight', 'slideleft', 'slideright', 'circleopen'].includes(s.transition) ? s.transition : 'fade';
  const volume = typeof s.musicVolume === 'number' && s.musicVolume >= 0 && s.musicVolume <= 100 ? Math.round(s.musicVolume) : 50;
  try {
    const row = await deps.db.transaction(async (tx) => {
      // a project made on this device gets its cloud row (the same id); another user's id fails the foreign key
      await tx.query(`insert into public.projects (id, user_id, title) values ($1, $2, $3) on conflict (id) do nothing`, [projectId, userId, title]);
      const { rows } = await tx.query<{ created_at: Date }>(
        `insert into public.final_videos (id, user_id, project_id, title, settings, transition_type, music_volume, status, file_path, total_duration, file_size, completed_at)
         values ($1, $2, $3, $4, $5::jsonb, $6, $7, 'completed', $8, $9, $10, now())
         on conflict (id) do update set title = excluded.title, settings = excluded.settings, total_duration = excluded.total_duration,
           file_size = excluded.file_size, completed_at = now()
         where public.final_videos.user_id = excluded.user_id
         returning created_at`,
        [id, userId, projectId, title, JSON.stringify(settings), transition, volume, filePath, durationS, sizeBytes],
      );
      if (!rows[0]) throw new ApiError(404, 'not_found', 'No such video.');
      return rows[0];
    });
    return { id, projectId, title, filePath, durationS, sizeBytes, settings: settings as Record<string, unknown>, createdAt: iso(row.created_at) };
  } catch (error) {
    if (sqlState(error) === '23503') throw new ApiError(404, 'not_found', 'No such project.');
    throw error;
  }
}

async function deleteVideo(deps: LibraryDeps, userId: string, body: Record<string, unknown>): Promise<{ deleted: boolean }> {
  const id = v.uuid(body, 'id');
  const { rows } = await deps.db.query<{ file_path: string | null }>('select file_path from public.final_videos where id = $1 and user_id = $2', [id, userId]);
  if (!rows[0]) return { deleted: false };
  const path = own(userId, rows[0].file_path);
  // the object first: a failure leaves the row, so the delete can be tried again
  if (path) await deps.storage.remove(FINAL_VIDEOS_BUCKET, [path]);
  await deps.db.query('delete from public.final_videos where id = $1 and user_id = $2', [id, userId]);
  return { deleted: true };
}

export function createLibraryHandler(deps: LibraryDeps): Handler {
  return handler({ methods: ['POST'], cors: true, log: deps.log }, async (req) => {
    const user = await requireUser(req, deps.verifyUser);
    const body = await readJson(req);
    const action = v.oneOf(body, 'action', ACTIONS);
    if (action === 'list') return json(await list(deps, user.id, body));
    if (action === 'backup') return json({ video: await backup(deps, user.id, body) });
    if (action === 'delete_video') return json(await deleteVideo(deps, user.id, body));
    return json({ tracks: await musicCatalogue(deps.db) });
  });
}
