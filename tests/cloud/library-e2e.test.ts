// The cloud library end to end (issue 22, "done when"): a creator generates a Runway clip on a
// first machine (the real generation queue, the edge functions under Deno, charged once), then
// signs in on a second machine (a fresh data folder), sees that project and its take, brings the
// project into the local library (the same bytes, no second charge), edits and exports it with the
// backend gone, backs the export up once it is back, and opens the share link.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithDatabase } from '../db/scratch';
import { exportFinished } from '../editor/support';
import { call, projectWithClips, watchJobs } from '../generate/support/studio';
import { makeTempDir, makeTestClip } from '../support/ffmpeg-fixtures';
import { CLOUD_FUNCTIONS, completeSignInInBrowser, openCloudStudio, startCloudBackend, untilStatus, type CloudBackend, type CloudStudio } from './support';

describeWithDatabase('cloud library end to end: a second machine', (databaseUrl) => {
  let backend: CloudBackend;
  let first: CloudStudio;
  let second: CloudStudio;
  let temp: { dir: string; cleanup: () => Promise<void> };
  let runwayVideo: Buffer;
  let userId = '';
  let cloudProjectId = '';

  async function signIn(app: CloudStudio) {
    await app.studio.cloud.ready;
    await call(app.studio, 'auth.signIn', {});
    backend.supabase.nextGoogleEmail('maya@example.test');
    await completeSignInInBrowser(app.studio, app.opened.at(-1)!);
    await untilStatus(app.studio, (s) => s.signedIn && s.balance !== null);
  }

  beforeAll(async () => {
    temp = await makeTempDir('echoes-cloud-library-e2e-');
    runwayVideo = readFileSync(await makeTestClip(join(temp.dir, 'runway-output.mp4'), { width: 320, height: 180, fps: 24, durationS: 2 }));
    backend = await startCloudBackend(databaseUrl, 'cloud_library_e2e', { runway: { outputBytes: runwayVideo }, functions: [...CLOUD_FUNCTIONS, 'library'] });
    first = openCloudStudio(join(temp.dir, 'first-machine'), backend);
    await signIn(first);
    userId = first.studio.cloud.status().user!.id;
  }, 180_000);

  afterAll(async () => {
    for (const app of [first, second]) {
      if (!app) continue;
      await app.studio.exports.stop();
      app.studio.close();
    }
    await backend?.close();
    await temp?.cleanup();
  });

  it('the first machine generates a Runway clip (charged once)', async () => {
    const { projectId, clipIds } = await projectWithClips(first.studio, temp.dir, 1);
    await call(first.studio, 'projects.rename', { id: projectId, name: 'Holiday in Lisbon' });
    await call(first.studio, 'clips.update', { clipId: clipIds[0]!, durationS: 2, prompt: 'the camera drifts slowly' });
    const jobs = watchJobs(first.studio);
    const { jobs: [job] } = await call(first.studio, 'generate.clips', { clipIds, provider: 'runway' });
    await jobs.until(() => jobs.finished('succeeded').has(job!.id) || jobs.finished('failed').has(job!.id), 60_000);
    jobs.unsubscribe();
    expect(jobs.finished('succeeded').has(job!.id)).toBe(true);
    await untilStatus(first.studio, (s) => s.balance === 0);
    expect(backend.runway.tasks.size).toBe(1);
  });

  it('the second machine signs in and sees the first machine\'s project and take', async () => {
    second = openCloudStudio(join(temp.dir, 'second-machine'), backend);
    await signIn(second);
    expect(second.studio.cloud.status().user!.id).toBe(userId);
    expect(await call(second.studio, 'projects.list', {})).toEqual([]);
    const page = await call(second.studio, 'library.list', { cursor: null });
    expect(page.projects).toHaveLength(1);
    const [project] = page.projects;
    cloudProjectId = project!.id;
    // the name it has on the first machine
    expect(project!.title).toBe('Holiday in Lisbon');
    expect(project!.takes).toHaveLength(1);
    expect(project!.takes[0]).toMatchObject({ durationS: 2, ratio: '1280:720', local: false });
    expect(project!.takes[0]!.prompt).toMatch(/^the camera drifts slowly/);
    const { thumbs } = await call(second.studio, 'library.thumbs', { takeIds: [project!.takes[0]!.id] });
    expect(thumbs[project!.takes[0]!.id]).toMatch(/\.webp$/);
  });

  it('brings the project into the local library: the same video, nothing charged', async () => {
    const tasks = backend.runway.tasks.size;
    const result = await call(second.studio, 'library.import', { projectId: cloudProjectId });
    expect(result).toMatchObject({ imported: 1, alreadyLocal: 0, failed: [] });
    expect((await call(second.studio, 'projects.get', { id: result.localProjectId })).name).toBe('Holiday in Lisbon');
    const [clip] = await call(second.studio, 'clips.list', { projectId: result.localProjectId });
    const [take] = await call(second.studio, 'takes.list', { clipId: clip!.id });
    expect(take).toMatchObject({ provider: 'runway', approved: true, durationS: 2 });
    expect(readFileSync(second.studio.media.store.path(take!.mediaId)).equals(runwayVideo)).toBe(true);
    expect(backend.runway.tasks.size).toBe(tasks);
    expect(await backend.balance(userId)).toBe(0);
  });

  let exportId = '';
  let exported: Buffer;
  it('edits and exports it offline', async () => {
    const [project] = (await call(second.studio, 'library.list', { cursor: null })).projects;
    const localProjectId = project!.localProjectId!;
    await backend.supabase.stop();
    try {
      const [clip] = await call(second.studio, 'clips.list', { projectId: localProjectId });
      await call(second.studio, 'clips.trim', { clipId: clip!.id, inS: 0.5, outS: 2 });
      await call(second.studio, 'projects.rename', { id: localProjectId, name: 'Holiday, edited offline' });
      const started = await call(second.studio, 'exports.start', { projectId: localProjectId });
      const done = await exportFinished(second.studio, started.id);
      expect(done.state).toBe('succeeded');
      expect(done.durationS).toBeCloseTo(1.5, 0);
      exportId = done.id;
      exported = readFileSync(second.studio.media.store.path(done.mediaId!));
      const offline = await call(second.studio, 'library.list', { cursor: null });
      expect(offline).toMatchObject({ offline: true, projects: [{ id: cloudProjectId, localProjectId }] });
    } finally {
      await backend.supabase.start();
    }
  });

  it('backs the export up once online, and the share link opens it', async () => {
    const video = await call(second.studio, 'library.backup', { exportId });
    expect(video).toMatchObject({ projectId: cloudProjectId, title: 'Holiday, edited offline', sizeBytes: exported.length });
    const share = await call(second.studio, 'library.share', { videoId: video.id, lifetimeS: 600 });
    const res = await fetch(share.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(exported)).toBe(true);
    // the first machine sees the backup too
    const seen = await call(first.studio, 'library.list', { cursor: null });
    expect(seen.videos!.map((v) => v.id)).toEqual([video.id]);
  });
});
