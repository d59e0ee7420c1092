// Issue 23, fault 1: a full data disk is an error of the import, the job or the export that hit
// it, never of the process. The studio runs with its data folder on a real 24 MB tmpfs (mounting
// needs root, as CI runs; elsewhere the suite says it is skipped), filled to the last byte.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fillDisk, useSmallDisk } from '../support/full-disk';
import { useTempDir } from '../support/temp-dir';
import { makeStill } from '../generate/support/media';
import { call, closedAfterEach, openStudio, projectWithClips, watchJobs } from '../generate/support/studio';
import { exportFinished } from '../editor/support';

const tempDir = useTempDir('echoes-disk-full-');
const studios = closedAfterEach();

const { dir: mountDir, mounted } = useSmallDisk('24m');

// Anything that escapes every catch in the services lands here (and would end the app).
const escaped: unknown[] = [];
const record = (error: unknown) => void escaped.push(error);
beforeAll(() => {
  process.on('unhandledRejection', record);
  process.on('uncaughtException', record);
});
afterAll(() => {
  process.off('unhandledRejection', record);
  process.off('uncaughtException', record);
});
afterEach(() => expect(escaped).toEqual([]));

describe.skipIf(!mounted)('a full data disk (a 24 MB tmpfs; mounting one needs root)', () => {
  it('import, generation and export each fail with "the disk is full" and where, the studio keeps running, and all work again once space is freed', { timeout: 240_000 }, async () => {
    const dataDir = join(mountDir, 'Echoes Studio');
    const studio = openStudio(dataDir);
    studios.push(studio);
    const photos = tempDir();
    const full = `The disk is full: free space in ${dataDir}`;

    // With room: two clips animated and approved.
    const { projectId, clipIds } = await projectWithClips(studio, photos, 2, { width: 640, height: 360 });
    await call(studio, 'timeline.update', { projectId, output: { resolution: '720p' } });
    const jobs = watchJobs(studio);
    const first = await call(studio, 'generate.clips', { clipIds, seed: 3, fps: 24 });
    await jobs.until(() => first.jobs.every((j) => jobs.finished('succeeded').has(j.id)), 120_000);
    for (const clipId of clipIds) {
      const [take] = await call(studio, 'takes.list', { clipId });
      await call(studio, 'takes.approve', { clipId, takeId: take!.id });
    }

    // Filled to the last byte, with 256 kB held back: enough for the database's small writes, not
    // for a video (a take here is ~450 kB), so generation and export fail while writing media.
    const reserve = join(mountDir, 'reserve');
    writeFileSync(reserve, Buffer.alloc(256 * 1024, 1));
    const filler = join(mountDir, 'filler');
    fillDisk(filler);

    // Import (nothing free): the photo fails with the reason; the call itself answers.
    const extra = await makeStill(join(photos, 'extra.png'), { width: 900, height: 600, variant: 9 });
    const refused = await call(studio, 'media.importPaths', { projectId, paths: [extra] });
    expect(refused.results[0]).toMatchObject({ ok: false, error: { code: 'FAILED', message: `extra.png: ${full.replace(/^The/, 'the')}` } });

    // With the database's room back, a call that only writes rows works, and reports a full disk when it cannot:
    // every job fails (retryable) with the folder to clear, and none is left running.
    rmSync(reserve);
    const again = await call(studio, 'generate.clips', { clipIds, seed: 4, fps: 24 });
    await jobs.until(() => again.jobs.every((j) => jobs.finished('failed').has(j.id)), 120_000);
    for (const job of again.jobs) {
      expect(jobs.events.filter((e) => e.jobId === job.id).at(-1)).toMatchObject({ state: 'failed', message: `${full}, then generate again.` });
    }
    const listed = await call(studio, 'jobs.list', { projectId, activeOnly: false });
    expect(listed.filter((j) => j.state === 'running')).toEqual([]);
    expect(listed.filter((j) => again.jobs.some((a) => a.id === j.id)).map((j) => j.retryable)).toEqual([true, true]);

    // Export: fails with the same words.
    const started = await call(studio, 'exports.start', { projectId });
    expect(started.state === 'running' ? await exportFinished(studio, started.id) : started).toMatchObject({ state: 'failed', message: `${full}, then export again.` });

    // A call whose own rows cannot be written says so too.
    fillDisk(join(mountDir, 'filler-2'));
    await expect(call(studio, 'projects.create', { name: 'No room' })).rejects.toMatchObject({ code: 'UNAVAILABLE', message: `${full}, then try again.` });
    rmSync(join(mountDir, 'filler-2'));

    // Space freed: the same studio, still running, does all three.
    rmSync(filler);
    const imported = await call(studio, 'media.importPaths', { projectId, paths: [extra] });
    expect(imported.results[0]).toMatchObject({ ok: true });
    const retry = await call(studio, 'generate.clips', { clipIds, seed: 5, fps: 24 });
    await jobs.until(() => retry.jobs.every((j) => jobs.finished('succeeded').has(j.id)), 120_000);
    const exported = await call(studio, 'exports.start', { projectId });
    expect(await exportFinished(studio, exported.id)).toMatchObject({ state: 'succeeded' });
    jobs.unsubscribe();
  });
});
