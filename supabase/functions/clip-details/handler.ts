// clip-details: clips of the caller's projects with signed URLs of their media, one
// createSignedUrls call for all of them. Not called by the desktop yet: the cloud library
// (issue 22) lists a creator's clips across devices through it.
import { requireUser, type VerifyUser } from '../_shared/auth.ts';
import type { Db } from '../_shared/db.ts';
import { handler, json, readJson, type Handler } from '../_shared/http.ts';
import { explainFailure } from '../_shared/runway.ts';
import type { Storage } from '../_shared/storage.ts';
import { publicStatus } from '../_shared/takes.ts';
import * as v from '../_shared/validate.ts';
import { MAX_DETAIL_CLIPS, PHOTOS_BUCKET, type ClipDetailsBody } from '../_shared/wire.ts';

export interface ClipDetailsDeps {
  db: Db;
  verifyUser: VerifyUser;
  storage: Storage;
  log?: (message: string, error: unknown) => void;
}

/** Signed URLs the app gets for its own media. */
const MEDIA_URL_SECONDS = 60 * 60;

/** A clip row as the query reads it: the body's own columns, and the ones it is built from. */
type ClipRow = Pick<ClipDetailsBody['clips'][number], 'id' | 'position' | 'status' | 'approved' | 'prompt' | 'duration' | 'ratio'> & {
  project_id: string;
  image_file_path: string | null;
  video_file_path: string | null;
  failure_code: string | null;
  updated_at: Date;
  take_id: string | null;
  take_status: string | null;
  take_progress: number | null;
};

export function createClipDetailsHandler(deps: ClipDetailsDeps): Handler {
  return handler({ methods: ['POST'], cors: true, log: deps.log }, async (req) => {
    const user = await requireUser(req, deps.verifyUser);
    const body = await readJson(req);
    const ids = body.clipIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_DETAIL_CLIPS || !ids.every(v.isUuid)) {
      throw v.invalid('clipIds', `must be a list of 1 to ${MAX_DETAIL_CLIPS} UUIDs`);
    }
    const { rows } = await deps.db.query<ClipRow>(
      `select c.id, c.project_id, c.position, c.status, c.approved, c.prompt, c.duration, c.ratio,
              c.image_file_path, c.video_file_path, c.failure_code, c.updated_at,
              t.id as take_id, t.status as take_status, t.progress as take_progress
       from public.clips c
       join public.projects p on p.id = c.project_id and p.user_id = $2
       left join lateral (
         select id, status, progress from public.clip_takes where clip_id = c.id order by created_at desc limit 1
       ) t on true
       where c.id = any($1::uuid[])
       order by c.project_id, c.position`,
      [ids.map((id) => id.toLowerCase()), user.id],
    );
    // The service role can sign any object, and clips.image_file_path is writable by its
    // owner: only paths under the caller's own folder are ever signed.
    const own = (p: string | null): p is string => !!p && p.startsWith(`${user.id}/`) && !p.includes('..');
    const paths = [...new Set(rows.flatMap((r) => [r.image_file_path, r.video_file_path]).filter(own))];
    // one signing request for all the media of all the clips
    const signed = await deps.storage.createSignedUrls(PHOTOS_BUCKET, paths, MEDIA_URL_SECONDS);
    const clips: ClipDetailsBody['clips'] = rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      position: r.position,
      status: r.status,
      approved: r.approved,
      prompt: r.prompt,
      duration: r.duration,
      ratio: r.ratio,
      imageUrl: own(r.image_file_path) ? (signed.get(r.image_file_path) ?? null) : null,
      videoUrl: own(r.video_file_path) ? (signed.get(r.video_file_path) ?? null) : null,
      failure: r.failure_code ? explainFailure(r.failure_code) : null,
      latestTake: r.take_id ? { id: r.take_id, status: publicStatus(r.take_status!), progress: r.take_progress } : null,
      updatedAt: new Date(r.updated_at).toISOString(),
    }));
    const found = new Set(clips.map((c) => c.id));
    return json({ clips, missing: ids.map((id) => id.toLowerCase()).filter((id) => !found.has(id)), expiresIn: MEDIA_URL_SECONDS });
  });
}
