import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/services/studio';
import { useTempDir } from '../support/temp-dir';
import { call, openStudio, projectWithClips } from '../generate/support/studio';

const tempDir = useTempDir('echoes-system-');
let studio: Studio | null = null;

afterEach(() => {
  studio?.close();
  studio = null;
});

describe('Settings › Library: clear cache and empty trash', () => {
  it('clears the cache without touching a project in the trash; only Empty trash deletes it for good', async () => {
    studio = openStudio(tempDir());
    const kept = await projectWithClips(studio, tempDir(), 1);
    // Another size, so the two projects share no media.
    const trashed = await projectWithClips(studio, tempDir(), 1, { width: 400, height: 240 });
    const [trashedClip] = await call(studio, 'clips.list', { projectId: trashed.projectId });
    const trashedMedia = studio.media.store.path(trashedClip!.workingMediaId!);
    await call(studio, 'projects.delete', { id: trashed.projectId });
    expect((await call(studio, 'system.storage', {})).trashProjects).toBe(1);

    // A temp file left by a crash mid-write is what the cache holds.
    const temp = studio.media.store.tempPath('mp4');
    writeFileSync(temp, Buffer.alloc(64 * 1024));

    const cleared = await call(studio, 'system.clearCache', {});
    expect(cleared.freedBytes).toBeGreaterThanOrEqual(64 * 1024);
    expect(existsSync(temp)).toBe(false);
    expect((await call(studio, 'system.storage', {})).trashProjects).toBe(1);
    expect(existsSync(trashedMedia)).toBe(true);
    // Undo of the delete still works after clearing the cache.
    await call(studio, 'projects.restore', { id: trashed.projectId });
    expect((await call(studio, 'clips.list', { projectId: trashed.projectId })).map((c) => c.id)).toEqual([trashedClip!.id]);

    await call(studio, 'projects.delete', { id: trashed.projectId });
    const emptied = await call(studio, 'system.emptyTrash', {});
    expect(emptied.deletedProjects).toBe(1);
    expect(emptied.freedBytes).toBeGreaterThan(0);
    expect(existsSync(trashedMedia)).toBe(false);
    expect((await call(studio, 'system.storage', {})).trashProjects).toBe(0);
    await expect(call(studio, 'projects.restore', { id: trashed.projectId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The project that was never deleted keeps everything.
    const [keptClip] = await call(studio, 'clips.list', { projectId: kept.projectId });
    expect(existsSync(studio.media.store.path(keptClip!.workingMediaId!))).toBe(true);

    expect(await call(studio, 'system.emptyTrash', {})).toMatchObject({ deletedProjects: 0 });
  });
});
