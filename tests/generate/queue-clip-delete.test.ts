import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { GenerationProvider } from '../../electron/services/generate/provider';
import type { Studio } from '../../electron/services/studio';
import { useTempDir } from '../support/temp-dir';
import { createRemoteTestProvider, readCalls, type Script } from './support/remote-provider';
import { call, closedAfterEach, openStudio, projectWithClips, watchJobs } from './support/studio';

const tempDir = useTempDir('echoes-gen-delete-');
const open = closedAfterEach();

const jobStates = (studio: Studio) =>
  studio.db.prepare<[], { clip_id: string; state: string; message: string }>('SELECT clip_id, state, message FROM jobs ORDER BY created_at, rowid').all();
const videos = (studio: Studio) => readdirSync(studio.media.store.root).filter((name) => name.endsWith('.mp4'));
const tempFiles = (studio: Studio) => readdirSync(join(studio.media.store.root, '.tmp'));
const takeMedia = (studio: Studio) => studio.db.prepare("SELECT COUNT(*) AS n FROM media WHERE role = 'take'").get();

/** The fake cloud provider, with its downloads held until `release` is called. */
function heldDownloads(file: string, script: Script) {
  const remote = createRemoteTestProvider({ file, script });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let fetching!: () => void;
  const started = new Promise<void>((resolve) => (fetching = resolve));
  let fetched!: () => void;
  /** Settles once the held download has run to its end (written, or failed on the cancelled signal). */
  const finished = new Promise<void>((resolve) => (fetched = resolve));
  const provider: GenerationProvider = {
    ...remote,
    async fetchResult(taskId, status, destPath, signal) {
      fetching();
      await released;
      try {
        return await remote.fetchResult(taskId, status, destPath, signal);
      } finally {
        fetched();
      }
    },
  };
  return { provider, started, release, finished };
}

describe('deleting a clip stops its generation', () => {
  it('cancels the running and the queued job at once, at the paid provider too, and stores nothing', async () => {
    const remoteFile = join(tempDir(), 'fake-cloud.db');
    const studio = openStudio(tempDir(), {
      withoutLocal: true,
      providers: [createRemoteTestProvider({ file: remoteFile, script: () => ({ outcome: 'succeed', runMs: 60_000 }) })],
      concurrency: { remote: 1 },
    });
    open.push(studio);
    const { projectId, clipIds } = await projectWithClips(studio, tempDir(), 3);
    const watch = watchJobs(studio);
    const { jobs } = await call(studio, 'generate.clips', { clipIds, provider: 'remote' });
    await watch.until(() => watch.events.some((e) => e.jobId === jobs[0]!.id && e.providerState === 'RUNNING'));

    await call(studio, 'clips.delete', { clipIds: clipIds.slice(0, 2) });
    // Cancelled before clips.delete answered.
    expect(jobStates(studio).map((j) => j.state)).toEqual(['cancelled', 'cancelled', expect.stringMatching(/queued|running/)]);
    expect(jobStates(studio)[0]!.message).toBe('Cancelled: the clip was deleted');
    const taskOfFirst = studio.db.prepare<[string], { t: string }>('SELECT provider_task_id AS t FROM jobs WHERE id = ?').get(jobs[0]!.id)!.t;
    await watch.until(() => readCalls(remoteFile).some((c) => c.kind === 'cancel'));
    expect(readCalls(remoteFile).filter((c) => c.kind === 'cancel').map((c) => c.task_id)).toEqual([taskOfFirst]);

    // The freed slot goes to the clip that is left; the deleted clips' jobs never come back.
    await watch.until(() => watch.events.some((e) => e.jobId === jobs[2]!.id && e.providerState === 'RUNNING'));
    expect(readCalls(remoteFile).filter((c) => c.kind === 'create').map((c) => c.job_id)).toEqual([jobs[0]!.id, jobs[2]!.id]);
    expect((await call(studio, 'jobs.list', { projectId })).map((j) => j.id)).toEqual([jobs[2]!.id]);
    await call(studio, 'jobs.cancel', { jobId: jobs[2]!.id });
    await studio.generation.queue.whenIdle();
    expect(studio.db.prepare('SELECT COUNT(*) AS n FROM takes').get()).toEqual({ n: 0 });
    expect(videos(studio)).toEqual([]);
  });

  it('kills a local FFmpeg render mid-way and leaves no file behind', async () => {
    const studio = openStudio(tempDir(), { outputSize: () => ({ width: 1280, height: 720 }) });
    open.push(studio);
    const { clipIds } = await projectWithClips(studio, tempDir(), 1, { width: 1920, height: 1080 });
    await call(studio, 'clips.update', { clipId: clipIds[0]!, durationS: 10 });
    const watch = watchJobs(studio);
    const { jobs } = await call(studio, 'generate.clips', { clipIds, motion: 'drift', seed: 1 });
    await watch.until(() => watch.events.some((e) => e.jobId === jobs[0]!.id && e.state === 'running' && e.progress > 0));

    await call(studio, 'clips.delete', { clipIds });
    // the 10 s render is cancelled, not waited for: the queue is idle long before it could finish
    await studio.generation.queue.whenIdle();
    expect(jobStates(studio)).toMatchObject([{ state: 'cancelled', message: 'Cancelled: the clip was deleted' }]);
    expect(watch.events.some((e) => e.state === 'succeeded')).toBe(false);
    expect(videos(studio)).toEqual([]);
    // FFmpeg is killed and its partial output removed.
    await vi.waitFor(() => expect(tempFiles(studio)).toEqual([]));
  });

  it('drops a result whose clip was deleted while it downloaded: the download stops, no file is kept', async () => {
    const held = heldDownloads(join(tempDir(), 'fake-cloud.db'), () => ({ outcome: 'succeed', runMs: 10 }));
    const studio = openStudio(tempDir(), { withoutLocal: true, providers: [held.provider] });
    open.push(studio);
    const { clipIds } = await projectWithClips(studio, tempDir(), 1);
    await call(studio, 'generate.clips', { clipIds, provider: 'remote' });
    await held.started;
    await call(studio, 'clips.delete', { clipIds });
    await studio.generation.queue.whenIdle();
    expect(jobStates(studio)).toMatchObject([{ state: 'cancelled' }]);
    // The provider finishes its download anyway: what it wrote is removed.
    held.release();
    await held.finished;
    await vi.waitFor(() => expect(tempFiles(studio)).toEqual([]));
    expect(videos(studio)).toEqual([]);
    expect(takeMedia(studio)).toEqual({ n: 0 });
  });

  it('drops a result whose job row vanished with its purged project, without leaving the stored video behind', async () => {
    const held = heldDownloads(join(tempDir(), 'fake-cloud.db'), () => ({ outcome: 'succeed', runMs: 10 }));
    const studio = openStudio(tempDir(), { withoutLocal: true, providers: [held.provider] });
    open.push(studio);
    const { projectId, clipIds } = await projectWithClips(studio, tempDir(), 1);
    await call(studio, 'generate.clips', { clipIds, provider: 'remote' });
    await held.started;
    await call(studio, 'projects.delete', { id: projectId });
    await call(studio, 'system.emptyTrash', {});
    expect(studio.db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
    // Emptying the trash stopped the run at once (its job row is gone); the provider finishes its
    // download anyway, and what it wrote is removed: nothing stored, nothing left in the temp folder.
    await studio.generation.queue.whenIdle();
    held.release();
    await held.finished;
    await vi.waitFor(() => expect(tempFiles(studio)).toEqual([]));
    expect(videos(studio)).toEqual([]);
    expect(takeMedia(studio)).toEqual({ n: 0 });
  });
});
