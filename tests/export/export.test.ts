import { afterEach, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/services/studio';
import { countFrames, ffprobe, volumeStats } from '../support/ffmpeg-fixtures';
import { useTempDir } from '../support/temp-dir';
import { call, openStudio } from '../generate/support/studio';
import { approvedProject, exportFinished } from '../editor/support';

const tempDir = useTempDir('echoes-editor-');
let studio: Studio | null = null;

afterEach(async () => {
  await studio?.exports.stop();
  studio?.close();
  studio = null;
});

describe('export: approved clips to a finished MP4', () => {
  it('compiles the approved takes in timeline order with trims, transitions (one boundary its own) and bundled music', async () => {
    studio = openStudio(tempDir());
    const { projectId, clipIds } = await approvedProject(studio, tempDir(), 3);
    await call(studio, 'clips.reorder', { projectId, clipIds: [clipIds[2]!, clipIds[0]!, clipIds[1]!] });
    await call(studio, 'clips.trim', { clipId: clipIds[0]!, inS: 0.5, outS: null });
    const settings = await call(studio, 'timeline.update', {
      projectId,
      transition: { type: 'wipeleft', durationS: 0.5 },
      music: { choice: { source: 'bundled', trackId: 'drift' }, volume: 80, fadeInS: 0.5, fadeOutS: 1 },
      output: { aspect: '16:9', resolution: '720p', fps: 24, quality: 'draft' },
    });
    expect(settings.transition.type).toBe('wipeleft');
    // The last boundary gets its own transition: a cut, so that boundary has no overlap.
    await call(studio, 'clips.setTransition', { clipId: clipIds[0]!, transition: { type: 'cut', durationS: 0.5 } });

    const view = await call(studio, 'editor.open', { projectId });
    expect(view.clips.map((c) => c.id)).toEqual([clipIds[2], clipIds[0], clipIds[1]]);
    expect(view.clips.every((c) => c.takes.length === 1 && c.job?.state === 'succeeded')).toBe(true);
    // The planned length: 2 + 1.5 + 2 s less the one 0.5 s wipe (the last boundary is a cut), as the file has it.
    expect(view.project.durationS).toBeCloseTo(5, 3);
    expect((await call(studio, 'projects.list', {})).find((p) => p.id === projectId)?.durationS).toBeCloseTo(5, 3);
    expect(view.project.cover).not.toBeNull();

    const started = await call(studio, 'exports.start', { projectId });
    expect(started.state).toBe('running');
    await expect(call(studio, 'exports.start', { projectId })).rejects.toMatchObject({ code: 'CONFLICT' });
    const done = await exportFinished(studio, started.id);
    expect(done).toMatchObject({ state: 'succeeded', progress: 100, width: 1280, height: 720 });

    const file = studio.media.store.path(done.mediaId!);
    const probed = await ffprobe(file);
    const expectedS = 2 + 1.5 + 2 - 0.5;
    const videoS = Number(probed.video?.duration);
    expect(Math.abs(videoS - expectedS)).toBeLessThanOrEqual(1 / 24 + 1e-6);
    expect(Math.abs(Number(probed.audio?.duration) - videoS)).toBeLessThan(0.05);
    expect(await countFrames(file)).toBe(Math.round(expectedS * 24));
    expect(probed.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    expect((await volumeStats(file, { startS: 1, durationS: 1 })).meanDb).toBeGreaterThan(-40);

    const listed = await call(studio, 'editor.open', { projectId });
    expect(listed.exports[0]).toMatchObject({ id: started.id, state: 'succeeded' });
  });

  it('keeps the segmented export\'s pieces in the data folder: a re-export after one changed transition encodes that window only', async () => {
    studio = openStudio(tempDir());
    const { projectId, clipIds } = await approvedProject(studio, tempDir(), 3, 2);
    // The studio's defaults (720p, standard quality) are the settings its device takes are made with.
    await call(studio, 'timeline.update', { projectId, transition: { type: 'fade', durationS: 0.5 }, output: { resolution: '720p', fps: 24, quality: 'standard' } });
    const first = await exportFinished(studio, (await call(studio, 'exports.start', { projectId })).id);
    expect(first).toMatchObject({ state: 'succeeded', message: 'Done: 3 clips copied, 2 pieces encoded' });
    const rows = studio.db.prepare('SELECT COUNT(*) AS n FROM preview_segments').get() as { n: number };
    expect(rows.n).toBe(3); // two windows and the sound

    await call(studio, 'clips.setTransition', { clipId: clipIds[0]!, transition: { type: 'wipeleft', durationS: 0.5 } });
    const second = await exportFinished(studio, (await call(studio, 'exports.start', { projectId })).id);
    expect(second).toMatchObject({ state: 'succeeded', message: 'Done: 3 clips copied, 1 piece encoded, 1 reused' });
    expect(await countFrames(studio.media.store.path(second.mediaId!))).toBe(await countFrames(studio.media.store.path(first.mediaId!)));
  });

  /** Starts the export, cancels it once its progress passes `atPercent`, and checks nothing is left behind. */
  async function cancelsAndLeavesNothing(s: Studio, projectId: string, atPercent: number) {
    const started = await call(s, 'exports.start', { projectId });
    const finished = exportFinished(s, started.id);
    await new Promise<void>((resolve) => {
      const off = s.events.subscribe((e) => {
        if (e.type === 'export.progress' && e.payload.progress > atPercent) {
          off();
          resolve();
        }
      });
    });
    await call(s, 'exports.cancel', { exportId: started.id });
    expect(await finished).toMatchObject({ state: 'cancelled', mediaId: null });
    const { readdirSync } = await import('node:fs');
    const stray = readdirSync(s.media.store.root, { recursive: true }).filter((f) => String(f).endsWith('.mp4') && String(f).includes('tmp'));
    expect(stray).toEqual([]);
  }

  it('cancels a segmented export and leaves no video behind', async () => {
    studio = openStudio(tempDir());
    const { projectId } = await approvedProject(studio, tempDir(), 3, 6);
    // The takes' size and rate (720p, 24 fps), so the bodies are copied and the export is segmented.
    await call(studio, 'timeline.update', { projectId, transition: { type: 'fade', durationS: 2 }, output: { resolution: '720p', fps: 24, quality: 'standard' } });
    // Cancelled between its pieces: after the first batch is done, before the join.
    await cancelsAndLeavesNothing(studio, projectId, 0);
  });

  it('cancels a running export and leaves no video behind', async () => {
    studio = openStudio(tempDir());
    const { projectId } = await approvedProject(studio, tempDir(), 2, 6);
    await call(studio, 'timeline.update', { projectId, output: { resolution: '1080p', quality: 'high' } });
    await cancelsAndLeavesNothing(studio, projectId, 5);
  });

  it('refuses to export a project with nothing approved, naming what to do', async () => {
    studio = openStudio(tempDir());
    const project = await call(studio, 'projects.create', { name: 'Empty' });
    await expect(call(studio, 'exports.start', { projectId: project.id })).rejects.toThrow(/approve at least one take/);
    await expect(call(studio, 'exports.saveAs', { exportId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects bad timeline settings and trims without changing what was saved', async () => {
    studio = openStudio(tempDir());
    const { projectId, clipIds } = await approvedProject(studio, tempDir(), 1);
    const before = await call(studio, 'editor.open', { projectId });
    await expect(call(studio, 'timeline.update', { projectId, transition: { type: 'spin' as never, durationS: 1 } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      call(studio, 'timeline.update', { projectId, music: { choice: { source: 'bundled', trackId: 'drift' }, volume: 140 } }),
    ).rejects.toThrow(/volume must be 0-100/);
    await expect(call(studio, 'clips.trim', { clipId: clipIds[0]!, inS: 1, outS: 0.5 })).rejects.toThrow(/out point must come after/);
    await expect(call(studio, 'clips.trim', { clipId: clipIds[0]!, inS: 0, outS: 30 })).rejects.toThrow(/within the take/);
    const after = await call(studio, 'editor.open', { projectId });
    expect(after.settings).toEqual(before.settings);
    expect(after.clips[0]).toMatchObject({ trimInS: 0, trimOutS: null });
  });

  it('duplicates a project with its clips, takes and approvals, and restores a deleted one', async () => {
    studio = openStudio(tempDir());
    const { projectId } = await approvedProject(studio, tempDir(), 2);
    const copy = await call(studio, 'projects.duplicate', { id: projectId });
    expect(copy).toMatchObject({ name: 'Generation test (copy)', clipCount: 2, approvedCount: 2 });
    const original = await call(studio, 'editor.open', { projectId });
    const copied = await call(studio, 'editor.open', { projectId: copy.id });
    expect(copied.clips.map((c) => c.takes[0]!.mediaId)).toEqual(original.clips.map((c) => c.takes[0]!.mediaId));
    expect(copied.clips.every((c) => c.takes[0]!.approved)).toBe(true);
    expect(copied.clips.map((c) => c.id)).not.toEqual(original.clips.map((c) => c.id));

    await call(studio, 'projects.delete', { id: projectId });
    expect((await call(studio, 'projects.list', {})).map((p) => p.id)).toEqual([copy.id]);
    await call(studio, 'projects.restore', { id: projectId });
    expect((await call(studio, 'projects.list', {})).map((p) => p.id).sort()).toEqual([projectId, copy.id].sort());
  });

  it('lists the bundled music tracks', async () => {
    studio = openStudio(tempDir());
    const tracks = await call(studio, 'music.list', {});
    expect(tracks.map((t) => t.id)).toEqual(['drift', 'sunrise', 'reverie']);
  });
});
