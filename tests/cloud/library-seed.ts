// A creator's cloud library in the scratch database and the stand-in's storage: projects, each with
// clips that have a photo and one finished (paid) take, newest project first. Used by the bench
// and the library suites.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { SupabaseStandIn } from '../fakes/supabase';

export interface SeededProject {
  id: string;
  title: string;
  clips: Array<{ id: string; takeId: string; photoPath: string; videoPath: string }>;
}

/** Seeds projects x takes for userId (returned oldest first); photo and video bytes are what the caller gives (each path gets its own copy). */
export async function seedCloudLibrary(
  client: pg.ClientBase,
  supabase: SupabaseStandIn,
  userId: string,
  opts: { projects: number; takesPerProject: number; photo: (i: number) => Uint8Array; video: (i: number) => Uint8Array; storeAll?: boolean },
): Promise<SeededProject[]> {
  const out: SeededProject[] = [];
  const base = Date.now() - opts.projects * 60_000;
  await client.query('begin');
  for (let p = 0; p < opts.projects; p++) {
    const projectId = randomUUID();
    const createdAt = new Date(base + p * 60_000).toISOString();
    await client.query('insert into public.projects (id, user_id, title, created_at) values ($1, $2, $3, $4)', [projectId, userId, `Cloud project ${p + 1}`, createdAt]);
    const project: SeededProject = { id: projectId, title: `Cloud project ${p + 1}`, clips: [] };
    const rows: unknown[][] = [];
    for (let c = 0; c < opts.takesPerProject; c++) {
      const clipId = randomUUID();
      const takeId = randomUUID();
      const photoPath = `${userId}/${projectId}/photo-${c}.jpg`;
      const videoPath = `${userId}/${projectId}/takes/${takeId}.mp4`;
      rows.push([clipId, takeId, c, photoPath, videoPath]);
      project.clips.push({ id: clipId, takeId, photoPath, videoPath });
    }
    await client.query(
      `insert into public.clips (id, project_id, position, image_file_path, video_file_path, status, approved, prompt, duration, ratio)
       select (r->>0)::uuid, $1, (r->>2)::int, r->>3, r->>4, 'ready', true, 'slow push in', 5, '1280:720' from jsonb_array_elements($2::jsonb) r`,
      [projectId, JSON.stringify(rows)],
    );
    await client.query(
      `insert into public.clip_takes (id, clip_id, user_id, reference, model, prompt, duration, ratio, credits, status, video_file_path, created_at, finished_at)
       select (r->>1)::uuid, (r->>0)::uuid, $1, 'gen:' || (r->>1), 'gen4_turbo', 'slow push in', 5, '1280:720', 5, 'succeeded', r->>4, $2, $2
       from jsonb_array_elements($3::jsonb) r`,
      [userId, createdAt, JSON.stringify(rows)],
    );
    out.push(project);
  }
  await client.query('commit');
  let i = 0;
  // newest first, as the library lists them: the first pages' files are stored at least
  for (const project of [...out].reverse()) {
    for (const clip of project.clips) {
      supabase.putObject('private-photos', clip.photoPath, opts.photo(i), 'image/jpeg');
      if (opts.storeAll !== false || i < 200) supabase.putObject('private-photos', clip.videoPath, opts.video(i), 'video/mp4');
      i++;
    }
  }
  return out;
}
