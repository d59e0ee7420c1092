import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/services/studio';
import { ffprobe } from '../support/ffmpeg-fixtures';
import { useTempDir } from '../support/temp-dir';
import { createRemoteTestProvider, readCalls, type Script } from './support/remote-provider';
import { call, openStudio, projectWithClips, watchJobs } from './support/studio';

const tempDir = useTempDir('echoes-gen-');
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface JobRowLite {
  id: string;
  clip_id: string;
  state: string;
  provider_task_id: string | null;
  take_id: string | null;
  attempt: number;
}
const jobRows = (studio: Studio) =>
  studio.db.prepare<[], JobRowLite>('SELECT id, clip_id, state, provider_task_id, take_id, attempt FROM jobs ORDER BY created_at, rowid').all();
const takeCounts = (studio: Studio) =>
  studio.db.prepare<[], { clip_id: string; n: number }>('SELECT clip_id, COUNT(*) AS n FROM takes GROUP BY clip_id').all();

describe('job queue across a restart', () => {
  it('finishes every job exactly once: submitted jobs resume polling, none is created twice', async () => {
    const dataDir = tempDir();
    const remoteFile = join(tempDir(), 'fake-cloud.db');
    const script: Script = () => ({ outcome: 'succeed', throttleMs: 60, runMs: 240 });
    const options = (instance: string) => ({
      withoutLocal: true,
      providers: [createRemoteTestProvider({ file: remoteFile, script, instance })],
      concurrency: { remote: 3 },
    });

    let studio = openStudio(dataDir, options('first'));
    const { clipIds } = await projectWithClips(studio, tempDir(), 10);
    const first = watchJobs(studio);
    const { jobs } = await call(studio, 'generate.clips', { clipIds, provider: 'remote' });
    expect(jobs).toHaveLength(10);
    await first.until(() => first.finished('succeeded').size >= 3);
    await tick();

    // The lid closes: the studio stops mid-run.
    const atStop = jobRows(studio);
    studio.close();
    await studio.generation.stop();
    const submitted = atStop.filter((j) => j.state === 'running' && j.provider_task_id);
    expect(atStop.filter((j) => j.state === 'succeeded').length).toBeGreaterThanOrEqual(3);
    expect(submitted.length).toBeGreaterThanOrEqual(1);
    expect(atStop.filter((j) => j.state === 'queued').length).toBeGreaterThanOrEqual(1);

    // The fake service keeps working while the app is closed; then the app opens again.
    await sleep(300);
    studio = openStudio(dataDir, options('second'));
    const second = watchJobs(studio);
    await studio.generation.queue.whenIdle();

    const after = jobRows(studio);
    expect(after.map((j) => j.state)).toEqual(Array(10).fill('succeeded'));
    expect(new Set(after.map((j) => j.take_id)).size).toBe(10);
    expect(takeCounts(studio).map((t) => t.n)).toEqual(Array(10).fill(1));
    expect(after.every((j) => j.attempt === 1)).toBe(true);

    const calls = readCalls(remoteFile);
    const creates = calls.filter((c) => c.kind === 'create');
    expect(creates).toHaveLength(10);
    expect(new Set(creates.map((c) => c.job_id)).size).toBe(10);
    for (const job of submitted) {
      // Submitted before the stop: never created again, only polled by the second instance.
      expect(creates.filter((c) => c.job_id === job.id).map((c) => c.instance)).toEqual(['first']);
      expect(calls.some((c) => c.kind === 'poll' && c.task_id === job.provider_task_id && c.instance === 'second')).toBe(true);
    }
    // Every result was downloaded once, except a download the stop cut short: the second run
    // downloads that task again (the job was still running at the stop), never a finished one.
    for (const job of after) {
      const fetches = calls.filter((c) => c.kind === 'fetch' && c.task_id === job.provider_task_id).map((c) => c.instance);
      if (fetches.length === 1) continue;
      expect(fetches).toEqual(['first', 'second']);
      expect(atStop.find((j) => j.id === job.id)?.state).toBe('running');
    }
    expect(calls.filter((c) => c.kind === 'fetch').length).toBeLessThanOrEqual(10 + submitted.length);
    const okFirst = first.finished('succeeded');
    const okSecond = second.finished('succeeded');
    expect([...okFirst].filter((id) => okSecond.has(id))).toEqual([]);
    expect(okFirst.size + okSecond.size).toBe(10);
    studio.close();
  });

  it('does not send again a job the app stopped while sending to a paid provider, unless resending is safe', async () => {
    const dataDir = tempDir();
    const remoteFile = join(tempDir(), 'fake-cloud.db');
    const stalls: Script = () => ({ outcome: 'stall' });
    const succeeds: Script = () => ({ outcome: 'succeed', runMs: 20 });

    let studio = openStudio(dataDir, { withoutLocal: true, providers: [createRemoteTestProvider({ file: remoteFile, script: stalls })] });
    const { clipIds } = await projectWithClips(studio, tempDir(), 2);
    await call(studio, 'generate.clips', { clipIds: [clipIds[0]!], provider: 'remote' });
    await sleep(50);
    expect(jobRows(studio)[0]!.state).toBe('running');
    studio.close();
    await studio.generation.stop();

    // The create may have reached the service: a paid provider must not be asked again.
    studio = openStudio(dataDir, { withoutLocal: true, providers: [createRemoteTestProvider({ file: remoteFile, script: succeeds })] });
    await studio.generation.queue.whenIdle();
    const [job] = jobRows(studio);
    expect(job!.state).toBe('failed');
    const [listed] = await call(studio, 'jobs.list', { projectId: (await call(studio, 'projects.list', {}))[0]!.id });
    expect(listed).toMatchObject({ state: 'failed', errorKind: 'interrupted', retryable: true });
    expect(listed!.message).toMatch(/not sent again to avoid a second charge/);
    expect(readCalls(remoteFile).filter((c) => c.kind === 'create')).toHaveLength(1);

    // A provider that dedupes creates (or costs nothing) is simply asked again.
    studio.close();
    await studio.generation.stop();
    studio = openStudio(dataDir, {
      withoutLocal: true,
      providers: [createRemoteTestProvider({ file: remoteFile, script: stalls, resubmitSafe: true, instance: 'x' })],
    });
    await call(studio, 'generate.clips', { clipIds: [clipIds[1]!], provider: 'remote' });
    await sleep(50);
    studio.close();
    await studio.generation.stop();
    studio = openStudio(dataDir, {
      withoutLocal: true,
      providers: [createRemoteTestProvider({ file: remoteFile, script: succeeds, resubmitSafe: true, instance: 'y' })],
    });
    await studio.generation.queue.whenIdle();
    const secondJob = jobRows(studio)[1]!;
    expect(readCalls(remoteFile).filter((c) => c.kind === 'create' && c.job_id === secondJob.id).map((c) => c.instance)).toEqual(['x', 'y']);
    expect(jobRows(studio).map((j) => j.state)).toEqual(['failed', 'succeeded']);
    studio.close();
  });

  it('re-renders local clips lost with the process and still makes exactly one take per clip', async () => {
    const dataDir = tempDir();
    const options = { outputSize: () => ({ width: 320, height: 180 }), concurrency: { local: 2 } };
    let studio = openStudio(dataDir, options);
    const { clipIds } = await projectWithClips(studio, tempDir(), 6);
    for (const clipId of clipIds) await call(studio, 'clips.update', { clipId, durationS: 2 });
    const first = watchJobs(studio);
    await call(studio, 'generate.clips', { clipIds, provider: 'local', seed: 99 });
    await first.until(() => first.finished('succeeded').size >= 2);
    await tick();
    const atStop = jobRows(studio);
    studio.close();
    await studio.generation.stop();
    expect(atStop.some((j) => j.state === 'running')).toBe(true);

    studio = openStudio(dataDir, options);
    await studio.generation.queue.whenIdle();
    const after = jobRows(studio);
    expect(after.map((j) => j.state)).toEqual(Array(6).fill('succeeded'));
    expect(takeCounts(studio).map((t) => t.n)).toEqual(Array(6).fill(1));
    for (const clipId of clipIds) {
      const [take] = await call(studio, 'takes.list', { clipId });
      const file = studio.media.store.path(take!.mediaId);
      expect(existsSync(file)).toBe(true);
      const probe = await ffprobe(file);
      expect(probe.video).toMatchObject({ codec_name: 'h264', width: 320, height: 180, r_frame_rate: '30/1' });
      expect(Number(probe.format.duration)).toBeCloseTo(2, 1);
      expect(take).toMatchObject({ provider: 'local', seed: 99, durationS: 2, fps: 30 });
    }
    studio.close();
  });
});
