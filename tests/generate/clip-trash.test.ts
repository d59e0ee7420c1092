import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Studio } from '../../electron/services/studio';
import { useTempDir } from '../support/temp-dir';
import { createRemoteTestProvider } from './support/remote-provider';
import { call, closedAfterEach, openStudio, projectWithClips } from './support/studio';

const tempDir = useTempDir('echoes-trash-');
const open = closedAfterEach();

function remoteStudio(dataDir = tempDir()) {
  const studio = openStudio(dataDir, {
    withoutLocal: true,
    providers: [createRemoteTestProvider({ file: join(dataDir, 'fake-cloud.db'), script: () => ({ outcome: 'succeed', runMs: 5 }) })],
  });
  open.push(studio);
  return studio;
}

async function closeStudio(studio: Studio) {
  open.splice(open.indexOf(studio), 1);
  studio.close();
  await studio.generation.stop();
}

/** Generates `count` takes for each clip (one job at a time, so each is a new take). */
async function withTakes(studio: Studio, clipIds: string[], count: number) {
  for (let i = 0; i < count; i++) {
    await call(studio, 'generate.clips', { clipIds, provider: 'remote', seed: i });
    await studio.generation.queue.whenIdle();
  }
  return Promise.all(clipIds.map((clipId) => call(studio, 'takes.list', { clipId })));
}

const videos = (studio: Studio) => readdirSync(studio.media.store.root).filter((name) => name.endsWith('.mp4'));
const ids = (clips: Array<{ id: string }>) => clips.map((c) => c.id);

describe('clip trash: delete with undo', () => {
  it('hides deleted clips everywhere, keeps their media, and restores them at their old places with their approved take', async () => {
    const studio = remoteStudio();
    const { projectId, clipIds } = await projectWithClips(studio, tempDir(), 4);
    const [a, b, c, d] = clipIds as [string, string, string, string];
    const [takesOfB] = await withTakes(studio, [b], 2);
    await call(studio, 'takes.approve', { clipId: b, takeId: takesOfB![1]!.id });

    expect(await call(studio, 'clips.delete', { clipIds: [b, d] })).toEqual({ deleted: [b, d] });
    expect(ids(await call(studio, 'clips.list', { projectId }))).toEqual([a, c]);
    expect((await call(studio, 'clips.list', { projectId })).map((clip) => clip.position)).toEqual([0, 1]);
    const view = await call(studio, 'editor.open', { projectId });
    expect(ids(view.clips)).toEqual([a, c]);
    expect(await call(studio, 'jobs.list', { projectId })).toEqual([]);
    await expect(call(studio, 'takes.list', { clipId: b })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call(studio, 'clips.update', { clipId: b, prompt: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call(studio, 'clips.trim', { clipId: b, inS: 0.5, outS: null })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call(studio, 'generate.clips', { clipIds: [b], provider: 'remote' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Not approved while in the trash (nothing compiles it), media kept for the undo.
    expect(studio.db.prepare<[string], { approved: number }>('SELECT approved FROM clips WHERE id = ?').get(b)).toEqual({ approved: 0 });
    for (const take of takesOfB!) expect(studio.media.store.has(take.mediaId)).toBe(true);

    const restored = await call(studio, 'clips.restore', { clipIds: [d, b] });
    expect(restored.map((clip) => [clip.id, clip.position, clip.approved])).toEqual([
      [b, 1, true],
      [d, 3, false],
    ]);
    expect(ids(await call(studio, 'clips.list', { projectId }))).toEqual([a, b, c, d]);
    expect((await call(studio, 'takes.list', { clipId: b })).map((t) => t.approved)).toEqual([false, true]);
    await expect(call(studio, 'clips.restore', { clipIds: [a] })).rejects.toMatchObject({ code: 'NOT_FOUND', message: `No deleted clip with id ${a}` });
    await expect(call(studio, 'clips.restore', { clipIds: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('leaves trashed clips out of the project summary (count, approved, duration, cover) and out of a duplicate', async () => {
    const studio = remoteStudio();
    const { projectId, clipIds } = await projectWithClips(studio, tempDir(), 3);
    const [a, b, c] = clipIds as [string, string, string];
    const [takesOfA] = await withTakes(studio, [a], 1);
    await call(studio, 'takes.approve', { clipId: a, takeId: takesOfA![0]!.id });
    const thumbOf = async (clipId: string) => (await call(studio, 'clips.list', { projectId })).find((clip) => clip.id === clipId)!.thumbMediaId;
    const thumbOfB = await thumbOf(b);
    expect(await call(studio, 'projects.get', { id: projectId })).toMatchObject({ clipCount: 3, approvedCount: 1, cover: { mediaId: await thumbOf(a) } });

    await call(studio, 'clips.delete', { clipIds: [a] });
    const summary = await call(studio, 'projects.get', { id: projectId });
    expect(summary).toMatchObject({ clipCount: 2, approvedCount: 0, durationS: 0, cover: { mediaId: thumbOfB } });
    expect((await call(studio, 'projects.list', {})).find((p) => p.id === projectId)).toEqual(summary);

    const copy = await call(studio, 'projects.duplicate', { id: projectId });
    expect(copy.clipCount).toBe(2);
    expect((await call(studio, 'clips.list', { projectId: copy.id })).map((clip) => clip.sourceName)).toEqual(
      (await call(studio, 'clips.list', { projectId })).map((clip) => clip.sourceName),
    );
    expect(ids(await call(studio, 'clips.list', { projectId }))).toEqual([b, c]);
  });

  it('undoes deletions one by one in reverse order back to the original timeline, and puts a clip last if the timeline got shorter', async () => {
    const studio = remoteStudio();
    const { projectId, clipIds } = await projectWithClips(studio, tempDir(), 4);
    const [a, b, c, d] = clipIds as [string, string, string, string];
    await call(studio, 'clips.delete', { clipIds: [b] });
    await call(studio, 'clips.delete', { clipIds: [d] });
    await call(studio, 'clips.delete', { clipIds: [a] });
    expect(ids(await call(studio, 'clips.list', { projectId }))).toEqual([c]);
    await call(studio, 'clips.restore', { clipIds: [a] });
    expect(ids(await call(studio, 'clips.list', { projectId }))).toEqual([a, c]);
    await call(studio, 'clips.restore', { clipIds: [d] });
    expect(ids(await call(studio, 'clips.list', { projectId }))).toEqual([a, c, d]);
    await call(studio, 'clips.restore', { clipIds: [b] });
    expect(ids(await call(studio, 'clips.list', { projectId }))).toEqual([a, b, c, d]);

    await call(studio, 'clips.delete', { clipIds: [d] });
    await call(studio, 'clips.delete', { clipIds: [a, b] });
    const [back] = await call(studio, 'clips.restore', { clipIds: [d] });
    expect(back).toMatchObject({ id: d, position: 1 });
    expect(ids(await call(studio, 'clips.list', { projectId }))).toEqual([c, d]);
  });

  it('takes.unapprove undoes a first approval: the clip leaves the timeline', async () => {
    const studio = remoteStudio();
    const { projectId, clipIds } = await projectWithClips(studio, tempDir(), 1);
    const clipId = clipIds[0]!;
    const [takes] = await withTakes(studio, [clipId], 1);
    await call(studio, 'takes.approve', { clipId, takeId: takes![0]!.id });
    expect((await call(studio, 'projects.get', { id: projectId })).approvedCount).toBe(1);

    const changes: string[] = [];
    studio.events.subscribe((e) => changes.push(e.type));
    const after = await call(studio, 'takes.unapprove', { clipId });
    expect(after.map((t) => [t.id, t.approved])).toEqual([[takes![0]!.id, false]]);
    expect(changes).toEqual(expect.arrayContaining(['clips.changed', 'projects.changed']));
    expect((await call(studio, 'clips.list', { projectId }))[0]).toMatchObject({ approved: false });
    expect((await call(studio, 'projects.get', { id: projectId })).approvedCount).toBe(0);
    expect(studio.db.prepare<[string], { a: string | null }>('SELECT approved_take_id AS a FROM clips WHERE id = ?').get(clipId)).toEqual({ a: null });
    // Nothing approved: harmless. A clip in the trash or unknown: NOT_FOUND.
    expect(await call(studio, 'takes.unapprove', { clipId })).toHaveLength(1);
    await call(studio, 'clips.delete', { clipIds: [clipId] });
    await expect(call(studio, 'takes.unapprove', { clipId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call(studio, 'takes.unapprove', { clipId: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('purges the trash on the next start: a deleted clip with two takes loses both videos, videos another take still uses stay', async () => {
    const dataDir = tempDir();
    const studio = remoteStudio(dataDir);
    const { projectId, clipIds } = await projectWithClips(studio, tempDir(), 2);
    const [gone, kept] = clipIds as [string, string];
    const [takesOfGone, takesOfKept] = await withTakes(studio, [gone, kept], 2);
    // A copy of the project shares every video of the original (content-addressed).
    const copy = await call(studio, 'projects.duplicate', { id: projectId });
    const copiedClips = await call(studio, 'clips.list', { projectId: copy.id });
    expect(videos(studio)).toHaveLength(4);

    // Both clips of the original go, and the copy of the first: the copy of the second still uses its videos.
    await call(studio, 'clips.delete', { clipIds: [gone, kept] });
    await call(studio, 'clips.delete', { clipIds: [copiedClips[0]!.id] });
    await closeStudio(studio);

    const reopened = remoteStudio(dataDir);
    await vi.waitFor(() => expect(videos(reopened)).toHaveLength(2));
    for (const take of takesOfGone!) expect(reopened.media.store.has(take.mediaId)).toBe(false);
    for (const take of takesOfKept!) expect(reopened.media.store.has(take.mediaId)).toBe(true);
    expect(reopened.db.prepare("SELECT COUNT(*) AS n FROM media WHERE role = 'take'").get()).toEqual({ n: 2 });
    expect(reopened.db.prepare('SELECT COUNT(*) AS n FROM clips WHERE deleted_at IS NOT NULL').get()).toEqual({ n: 0 });
    expect(await call(reopened, 'clips.list', { projectId })).toEqual([]);
    expect(ids(await call(reopened, 'clips.list', { projectId: copy.id }))).toEqual([copiedClips[1]!.id]);
    expect((await call(reopened, 'takes.list', { clipId: copiedClips[1]!.id })).map((t) => t.mediaId)).toEqual(takesOfKept!.map((t) => t.mediaId));
  });

  it('frees the take videos of a project when the project is purged', async () => {
    const studio = remoteStudio();
    const { projectId, clipIds } = await projectWithClips(studio, tempDir(), 1);
    const other = await projectWithClips(studio, tempDir(), 1);
    await withTakes(studio, [clipIds[0]!, other.clipIds[0]!], 2);
    expect(videos(studio)).toHaveLength(4);
    await call(studio, 'projects.delete', { id: projectId });
    expect(videos(studio)).toHaveLength(4);
    await call(studio, 'system.emptyTrash', {});
    expect(videos(studio)).toHaveLength(2);
  });
});
