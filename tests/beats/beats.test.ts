// Beats found on the device: a click track made here (120 BPM, a bar of silence, a tempo change to
// 90 BPM), decoded by the real FFmpeg from AAC, is found to within 20 ms of every click, nothing
// in the silence; music without a pulse has no beat; the bundled tracks' tempos are found; the
// beats are kept by the track's hash; and the fit puts every transition's middle on a beat.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitToBeats, loopedBeats, type BeatGrid } from '../../shared/beat-fit';
import { editedClipInputs, planTimeline, type EditedClip } from '../../shared/timeline-plan';
import { ANALYSIS_RATE, decodeMonoPcm } from '../../electron/services/timeline/beats/decode-pcm';
import { detectBeats } from '../../electron/services/timeline/beats/beat-detect';
import { FFMPEG, runTool } from '../support/ffmpeg-fixtures';
import { makeClickTrack } from '../support/click-track';
import { useTempDir } from '../support/temp-dir';
import { call, openStudio } from '../generate/support/studio';

const tempDir = useTempDir('echoes-beats-');

describe('beat detection (real FFmpeg decode)', { timeout: 120_000 }, () => {
  it('finds every click of a track with silence and a tempo change within 20 ms, and none in the silence', async () => {
    const dir = tempDir();
    const track = await makeClickTrack(path.join(dir, 'clicks.m4a'));
    const analysis = detectBeats(await decodeMonoPcm(FFMPEG, track.file), ANALYSIS_RATE);
    expect(analysis.status).toBe('found');
    const nearest = (t: number, among: readonly number[]) => Math.min(...among.map((b) => Math.abs(b - t)));
    const errors = track.beats.map((b) => nearest(b, analysis.beats));
    expect(Math.max(...errors) * 1000, 'worst miss (ms)').toBeLessThanOrEqual(20);
    // Nothing but the clicks: every beat found is a click.
    for (const b of analysis.beats) expect(nearest(b, track.beats) * 1000, `beat at ${b}`).toBeLessThanOrEqual(20);
    const [from, to] = track.silent[0]!;
    expect(analysis.beats.filter((b) => b > from + 0.05 && b < to - 0.05)).toEqual([]);
    expect(analysis.beats).toHaveLength(track.beats.length);
    // The louder clicks (every fourth) are the strong beats.
    expect(analysis.strong.map((i) => analysis.beats[i]!).slice(0, 4).map((b) => track.beats.indexOf(track.beats.find((t) => Math.abs(t - b) < 0.02)!) % 4)).toEqual([0, 0, 0, 0]);
  });

  it('says a track without a pulse has no beat: noise, a held chord (no beating between its notes), silence', async () => {
    const dir = tempDir();
    const make = async (name: string, source: string) => {
      const file = path.join(dir, name);
      await runTool(FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-c:a', 'aac', file]);
      return detectBeats(await decodeMonoPcm(FFMPEG, file), ANALYSIS_RATE);
    };
    for (const [name, source] of [
      ['noise.m4a', 'anoisesrc=c=pink:a=0.3:d=20:r=44100'],
      ['chord.m4a', "aevalsrc='0.2*sin(2*PI*220*t)+0.15*sin(2*PI*330*t)+0.1*sin(2*PI*440*t)':s=44100:d=20"],
      ['silence.m4a', 'anullsrc=r=44100:cl=mono:d=20'],
    ] as const) {
      const analysis = await make(name, source);
      expect(analysis, name).toMatchObject({ status: 'none', beats: [], tempoBpm: null });
      expect(analysis.message, name).toMatch(/no steady beat|silent/);
    }
  });

  it('finds the tempo of the bundled upbeat and piano tracks', async () => {
    for (const [track, bpm] of [['sunrise', 112], ['reverie', 76]] as const) {
      const analysis = detectBeats(await decodeMonoPcm(FFMPEG, path.join('resources', 'music', `${track}.m4a`)), ANALYSIS_RATE);
      expect(analysis.status).toBe('found');
      expect(Math.abs(analysis.tempoBpm! - bpm), track).toBeLessThan(2);
    }
  });

  it('analyses a track once and keeps its beats by its content hash (a copy under another name is not analysed again)', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'data'));
    const studio = openStudio(path.join(dir, 'data'));
    try {
      const track = await makeClickTrack(path.join(dir, 'clicks.m4a'));
      const project = await call(studio, 'projects.create', { name: 'Beats' });
      expect(await call(studio, 'music.beats', { projectId: project.id })).toMatchObject({ status: 'no-music' });
      const imported = await call(studio, 'music.importPath', { path: track.file });
      await call(studio, 'timeline.update', { projectId: project.id, music: { choice: { source: 'file', mediaId: imported.mediaId, name: 'clicks.m4a' } } });
      expect((await call(studio, 'editor.open', { projectId: project.id })).beats).toBeNull();
      const first = await call(studio, 'music.beats', { projectId: project.id });
      expect(first.status).toBe('found');
      expect(first.tempoBpm).toBeGreaterThan(0);
      const row = () => studio.db.prepare('SELECT track_hash, analysed_at FROM music_beats').all() as Array<{ track_hash: string; analysed_at: string }>;
      expect(row()).toEqual([{ track_hash: imported.mediaId.split('.')[0], analysed_at: expect.any(String) }]);
      const kept = row()[0]!.analysed_at;
      const other = await call(studio, 'projects.create', { name: 'Same track' });
      const again = await call(studio, 'music.importPath', { path: track.file });
      await call(studio, 'timeline.update', { projectId: other.id, music: { choice: { source: 'file', mediaId: again.mediaId, name: 'copy.m4a' } } });
      expect((await call(studio, 'editor.open', { projectId: other.id })).beats).toEqual(first);
      expect(await call(studio, 'music.beats', { projectId: other.id })).toEqual(first);
      expect(row()).toHaveLength(1);
      expect(row()[0]!.analysed_at).toBe(kept);
    } finally {
      studio.close();
    }
  });
});

describe('cut to the beat (pure fit)', () => {
  const grid: BeatGrid = { beats: Array.from({ length: 40 }, (_, i) => 0.25 + i * 0.5), strong: Array.from({ length: 10 }, (_, i) => i * 4), durationS: 20 };
  const clip = (durationS: number, outS: number | null, trimInS = 0): EditedClip => ({ durationS, trimInS, trimOutS: outS, transitionOut: null });

  it('puts every transition’s middle on a beat, within each clip’s range, keeping the length close', () => {
    const clips = [clip(5, 2.7), clip(5, null, 0.4), clip(3, 2.2), clip(6, 3.1, 1), clip(5, 4.45), clip(4, 2.9), clip(5, 3.3)];
    const transition = { type: 'fade', durationS: 0.5 } as const;
    for (const fps of [24, 25, 30]) {
      const fitted = fitToBeats(clips, transition, grid, fps);
      expect(fitted.landed).toBe(clips.length - 1);
      const before = planTimeline({ clips: editedClipInputs(clips), transition }, clips.map((c, i) => ({ durationS: c.durationS, label: `${i}` })), fps);
      const plan = planTimeline({ clips: editedClipInputs(fitted.clips), transition }, clips.map((c, i) => ({ durationS: c.durationS, label: `${i}` })), fps);
      const beatFrames = loopedBeats(grid, 60).map((b) => b.timeS * fps);
      for (const b of plan.boundaries) {
        const middle = b.startFrame + b.frames / 2;
        expect(Math.min(...beatFrames.map((f) => Math.abs(f - middle))), `fps ${fps}`).toBeLessThanOrEqual(1);
        // Cuts, and short transitions on the strong beats only.
        expect(b.frames, `fps ${fps}`).toBeLessThanOrEqual(0.35 * fps);
      }
      fitted.clips.forEach((c, i) => {
        expect(c.trimInS).toBe(clips[i]!.trimInS);
        expect(c.trimOutS!).toBeLessThanOrEqual(c.durationS + 1e-9);
        expect(c.trimOutS! - c.trimInS).toBeGreaterThanOrEqual(Math.min(1, ((clips[i]!.trimOutS ?? clips[i]!.durationS) - clips[i]!.trimInS) / 2) - 1e-9);
      });
      expect(Math.abs(plan.durationS - before.durationS)).toBeLessThanOrEqual(0.5);
    }
  });

  it('keeps a creator’s own transition, leaves the lengths alone without beats, and loops the beats with the music', () => {
    const own = { type: 'wipeleft', durationS: 0.4 } as const;
    const clips = [{ ...clip(5, 3), transitionOut: own }, clip(5, 3), clip(5, 3)];
    const fitted = fitToBeats(clips, { type: 'cut', durationS: 0.5 }, grid, 30);
    expect(fitted.clips[0]!.transitionOut).toEqual(own);
    expect(fitted.clips[1]!.transitionOut).toMatchObject({ type: 'cut' });
    expect(fitToBeats(clips, { type: 'cut', durationS: 0.5 }, null, 30)).toEqual({ clips, landed: 0, boundaries: 2 });
    expect(loopedBeats({ beats: [0.5, 1.5], strong: [0], durationS: 2 }, 5)).toEqual([
      { timeS: 0.5, strong: true },
      { timeS: 1.5, strong: false },
      { timeS: 2.5, strong: true },
      { timeS: 3.5, strong: false },
      { timeS: 4.5, strong: true },
    ]);
  });
});
