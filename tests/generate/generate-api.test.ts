import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/services/studio';
import { ffprobe } from '../support/ffmpeg-fixtures';
import { useTempDir } from '../support/temp-dir';
import { createRemoteTestProvider } from './support/remote-provider';
import { call, closedAfterEach, openStudio, projectWithClips } from './support/studio';

const tempDir = useTempDir('echoes-gen-');
const open = closedAfterEach();

function remoteStudio(runMs = 10) {
  const studio = openStudio(tempDir(), {
    providers: [createRemoteTestProvider({ file: join(tempDir(), 'fake-cloud.db'), script: () => ({ outcome: 'succeed', runMs }) })],
  });
  open.push(studio);
  return studio;
}

const specOf = (studio: Studio, jobId: string) =>
  JSON.parse(studio.db.prepare<[string], { spec: string }>('SELECT spec FROM jobs WHERE id = ?').get(jobId)!.spec) as Record<string, unknown>;

describe('generation API', () => {
  it('lists the providers with their concurrency', async () => {
    const studio = remoteStudio();
    const providers = await call(studio, 'generate.providers', {});
    expect(providers.map((p) => [p.name, p.kind])).toEqual([
      ['local', 'local'],
      ['remote', 'cloud'],
    ]);
    expect(providers[0]!.concurrency).toBeGreaterThanOrEqual(1);
    expect(providers[1]!.concurrency).toBe(2);
  });

  it('validates requests and names what was wrong', async () => {
    const studio = remoteStudio();
    const { clipIds } = await projectWithClips(studio, tempDir(), 1);
    await expect(call(studio, 'generate.clips', { clipIds, provider: 'runway' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Unknown generation provider "runway"; available: local, remote',
    });
    await expect(call(studio, 'generate.clips', { clipIds: ['nope'] })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No clip with id nope' });
    await expect(call(studio, 'generate.clips', { clipIds: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call(studio, 'generate.clips', { clipIds, seed: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call(studio, 'generate.clips', { clipIds, motion: 'spin' as never })).rejects.toThrow(/motion must be one of/);
    await expect(call(studio, 'generate.clips', { clipIds, fps: 25 as never })).rejects.toThrow(/fps must be 24 or 30/);
    await expect(call(studio, 'generate.clips', { clipIds, extra: 1 } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    // Nothing was queued by the refused calls.
    expect(studio.db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
  });

  it('builds each job from the clip, the project defaults and the call, and keeps an active job instead of queueing twice', async () => {
    const studio = remoteStudio(400);
    const { projectId, clipIds } = await projectWithClips(studio, tempDir(), 3);
    expect(await call(studio, 'generate.defaults', { projectId })).toEqual({ projectId, defaultMotion: 'drift', aspect: '16:9' });
    expect(await call(studio, 'generate.setDefaults', { projectId, defaultMotion: 'zoom_out', aspect: '9:16' })).toEqual({
      projectId,
      defaultMotion: 'zoom_out',
      aspect: '9:16',
    });
    await call(studio, 'clips.update', { clipId: clipIds[1]!, motion: 'pan_left', prompt: 'slow push over the lake', durationS: 7 });

    const { jobs } = await call(studio, 'generate.clips', { clipIds: clipIds.slice(0, 2), provider: 'remote', fps: 30 });
    const { jobs: withMotion } = await call(studio, 'generate.clips', { clipIds: [clipIds[2]!], provider: 'remote', motion: 'pan_down', seed: 42 });
    expect(jobs.map((j) => j.motion)).toEqual(['zoom_out', 'pan_left']);
    expect(withMotion[0]).toMatchObject({ motion: 'pan_down', seed: 42, state: expect.stringMatching(/queued|running/) });
    expect(specOf(studio, jobs[1]!.id)).toMatchObject({ prompt: 'slow push over the lake', durationS: 7, fps: 30, aspect: '9:16', width: 720, height: 1280 });
    expect(specOf(studio, jobs[0]!.id)).toMatchObject({ prompt: '', durationS: 5 });

    // "Generate all" twice: the clips already generating keep their jobs.
    const again = await call(studio, 'generate.clips', { clipIds, provider: 'remote' });
    expect(again.jobs.map((j) => j.id)).toEqual([...jobs, ...withMotion].map((j) => j.id));
    expect((await call(studio, 'jobs.list', { projectId, activeOnly: true })).length).toBe(3);

    await studio.generation.queue.whenIdle();
    expect(await call(studio, 'jobs.list', { projectId, activeOnly: true })).toEqual([]);
    const [take] = await call(studio, 'takes.list', { clipId: clipIds[1]! });
    expect(take).toMatchObject({ provider: 'remote', prompt: 'slow push over the lake', motion: 'pan_left', durationS: 7, fps: 30, width: 720, height: 1280, approved: false });
  });

  it('makes device takes at the size and rate the project exports (4K: 1080p), cloud takes at the provider’s', async () => {
    const studio = remoteStudio(400);
    const { projectId, clipIds } = await projectWithClips(studio, tempDir(), 3);
    await call(studio, 'generate.setDefaults', { projectId, defaultMotion: 'drift', aspect: '9:16' });
    await call(studio, 'timeline.update', { projectId, output: { resolution: '720p', fps: 25 } });
    const [local] = (await call(studio, 'generate.clips', { clipIds: [clipIds[0]!], provider: 'local' })).jobs;
    const [cloud] = (await call(studio, 'generate.clips', { clipIds: [clipIds[1]!], provider: 'remote' })).jobs;
    expect(specOf(studio, local!.id)).toMatchObject({ width: 720, height: 1280, fps: 25 });
    expect(specOf(studio, cloud!.id)).toMatchObject({ width: 720, height: 1280, fps: 24 });
    await call(studio, 'timeline.update', { projectId, output: { resolution: '4k', fps: 30 } });
    const [big] = (await call(studio, 'generate.clips', { clipIds: [clipIds[2]!], provider: 'local', fps: 24 })).jobs;
    expect(specOf(studio, big!.id)).toMatchObject({ width: 1080, height: 1920, fps: 24 });
    for (const job of [local, big]) await call(studio, 'jobs.cancel', { jobId: job!.id });
  });

  it('adds a take per regeneration and approves exactly one per clip', async () => {
    const studio = remoteStudio();
    const { projectId, clipIds } = await projectWithClips(studio, tempDir(), 2);
    const [clipId, otherClip] = clipIds as [string, string];
    for (const seed of [1, 2]) {
      await call(studio, 'generate.clips', { clipIds: [clipId], provider: 'remote', seed });
      await studio.generation.queue.whenIdle();
    }
    await call(studio, 'generate.clips', { clipIds: [otherClip], provider: 'remote' });
    await studio.generation.queue.whenIdle();

    const takes = await call(studio, 'takes.list', { clipId });
    expect(takes.map((t) => t.seed)).toEqual([1, 2]);
    expect(new Set(takes.map((t) => t.mediaId)).size).toBe(2);
    for (const t of takes) expect(studio.media.store.path(t.mediaId)).toContain(studio.media.store.root);

    const changes: string[] = [];
    studio.events.subscribe((e) => changes.push(e.type));
    expect(await call(studio, 'takes.approve', { clipId, takeId: takes[0]!.id })).toMatchObject({ id: takes[0]!.id, approved: true });
    expect(await call(studio, 'takes.approve', { clipId, takeId: takes[1]!.id })).toMatchObject({ id: takes[1]!.id, approved: true });
    expect((await call(studio, 'takes.list', { clipId })).map((t) => t.approved)).toEqual([false, true]);
    expect(changes).toContain('clips.changed');
    const clip = (await call(studio, 'clips.list', { projectId })).find((c) => c.id === clipId);
    expect(clip?.approved).toBe(true);
    expect(studio.db.prepare<[string], { a: string }>('SELECT approved_take_id AS a FROM clips WHERE id = ?').get(clipId)!.a).toBe(takes[1]!.id);

    const [foreign] = await call(studio, 'takes.list', { clipId: otherClip });
    await expect(call(studio, 'takes.approve', { clipId, takeId: foreign!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call(studio, 'takes.list', { clipId: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call(studio, 'generate.setDefaults', { projectId: '00000000-0000-4000-8000-000000000000', defaultMotion: 'drift', aspect: '1:1' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('makes a real local clip end to end: job events, a take in the media store, ffprobe-checked', async () => {
    const studio = openStudio(tempDir(), { outputSize: () => ({ width: 320, height: 180 }) });
    open.push(studio);
    const { projectId, clipIds } = await projectWithClips(studio, tempDir(), 1);
    await call(studio, 'clips.update', { clipId: clipIds[0]!, durationS: 2 });
    const seen: Array<{ state: string; progress: number }> = [];
    studio.events.subscribe((e) => e.type === 'job.updated' && seen.push({ state: e.payload.state, progress: e.payload.progress }));
    await call(studio, 'generate.clips', { clipIds, motion: 'zoom_in', seed: 3 });
    await studio.generation.queue.whenIdle();

    const [job] = await call(studio, 'jobs.list', { projectId });
    expect(job).toMatchObject({ state: 'succeeded', provider: 'local', progress: 1, message: 'Ready' });
    expect(seen[0]).toEqual({ state: 'queued', progress: 0 });
    expect(seen.at(-1)).toEqual({ state: 'succeeded', progress: 1 });
    const [take] = await call(studio, 'takes.list', { clipId: clipIds[0]! });
    const probe = await ffprobe(studio.media.store.path(take!.mediaId));
    expect(probe.video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 320, height: 180 });
    expect(Number(probe.format.duration)).toBeCloseTo(2, 1);
  });
});
