// "Cut to the beat" in a project: the editor's ruler (the renderer's own planner), the preview's
// manifest and the exported file all have the same fitted length, and each boundary of the
// preview sits on a beat; switching it off gives the creator's lengths back.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loopedBeats } from '../../shared/beat-fit';
import type { Studio } from '../../electron/services/studio';
import { planEditorTimeline } from '../../renderer/src/stores/editor/timeline-plan';
import { countFrames } from '../support/ffmpeg-fixtures';
import { makeClickTrack } from '../support/click-track';
import { useTempDir } from '../support/temp-dir';
import { call, openStudio } from '../generate/support/studio';
import { approvedProject, exportFinished } from '../editor/support';

const tempDir = useTempDir('echoes-beat-project-');

/** Runs `body` with a studio of its own, stopped and closed after it. */
async function withStudio(body: (studio: Studio) => Promise<void>): Promise<void> {
  const studio = openStudio(tempDir());
  try {
    await body(studio);
  } finally {
    await Promise.all([studio.preview.stop(), studio.exports.stop()]);
    studio.close();
  }
}

describe('cut to the beat in a project', { timeout: 300_000 }, () => {
  it('the ruler, the preview and the export agree on the fitted timeline, its boundaries on beats', () =>
    withStudio(async (studio) => {
      const { projectId } = await approvedProject(studio, tempDir(), 4, 3);
      const track = await makeClickTrack(path.join(tempDir(), 'clicks.m4a'));
      const music = await call(studio, 'music.importPath', { path: track.file });
      await call(studio, 'timeline.update', {
        projectId,
        transition: { type: 'fade', durationS: 0.5 },
        music: { choice: { source: 'file', mediaId: music.mediaId, name: 'clicks.m4a' }, volume: 80, fadeInS: 0, fadeOutS: 0 },
        output: { aspect: '16:9', resolution: '720p', fps: 24, quality: 'draft' },
      });
      const before = planEditorTimeline(await call(studio, 'editor.open', { projectId }))!;
      await call(studio, 'timeline.update', { projectId, beatSync: true });
      const beats = await call(studio, 'music.beats', { projectId });
      expect(beats.status).toBe('found');
      const view = await call(studio, 'editor.open', { projectId });
      expect(view.beats).toEqual(beats);
      const ruler = planEditorTimeline(view)!;
      // Lengths moved to the beats, the video's length kept close to the creator's.
      expect(ruler.clips.map((c) => c.frames)).not.toEqual(before.clips.map((c) => c.frames));
      expect(Math.abs(ruler.durationS - before.durationS)).toBeLessThanOrEqual(0.5);
      const beatFrames = loopedBeats({ beats: beats.beats, strong: beats.strong, durationS: beats.durationS }, 60).map((b) => b.timeS * 24);
      for (const b of ruler.boundaries) expect(Math.min(...beatFrames.map((f) => Math.abs(f - (b.startFrame + b.frames / 2))))).toBeLessThanOrEqual(1);

      const manifest = (await call(studio, 'preview.open', { projectId }))!;
      expect(manifest.totalFrames).toBe(ruler.totalFrames);
      expect(manifest.video.filter((p) => p.kind === 'body').map((p) => p.startFrame)).toEqual(ruler.clips.map((c) => c.startFrame + c.headFrames));
      expect((await call(studio, 'projects.get', { id: projectId })).durationS).toBeCloseTo(ruler.durationS, 3);

      const started = await call(studio, 'exports.start', { projectId });
      const done = await exportFinished(studio, started.id);
      expect(done.state, done.message).toBe('succeeded');
      expect(await countFrames(studio.media.store.path(done.mediaId!))).toBe(ruler.totalFrames);

      await call(studio, 'timeline.update', { projectId, beatSync: false });
      expect(planEditorTimeline(await call(studio, 'editor.open', { projectId }))!.clips.map((c) => c.frames)).toEqual(before.clips.map((c) => c.frames));
    }));
});
