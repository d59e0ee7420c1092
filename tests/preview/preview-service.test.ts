// The live preview against the real studio: real SQLite, real FFmpeg, the export's own planner.
// Its pieces are decoded and compared with the export's frames; edits re-render only what they touch.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PreviewManifest, PreviewPieceUpdate } from '../../shared/contract';
import type { Studio } from '../../electron/services/studio';
import { countFrames, ffprobe, runTool, FFMPEG, volumeStats } from '../support/ffmpeg-fixtures';
import { useTempDir } from '../support/temp-dir';
import { changedRegion, grayFrames } from '../support/gray-frames';
import { call, openStudio } from '../generate/support/studio';
import { approvedProject, exportFinished } from '../editor/support';

const tempDir = useTempDir('echoes-preview-');
let studio: Studio | null = null;

afterEach(async () => {
  await studio?.preview.stop();
  await studio?.exports.stop();
  studio?.close();
  studio = null;
});

/** Every piece of the manifest settled (ready or failed), as the events tell it. */
async function settled(s: Studio, manifest: PreviewManifest, timeoutMs = 120_000): Promise<Map<string, PreviewPieceUpdate>> {
  const pieces = [...manifest.video, manifest.audio];
  const state = new Map<string, PreviewPieceUpdate>();
  for (const p of pieces) state.set(p.key, { projectId: manifest.projectId, key: p.key, state: p.state, mediaId: p.mediaId, error: p.error });
  const done = () => [...state.values()].every((p) => p.state === 'ready' || p.state === 'failed');
  if (done()) return state;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview pieces not settled: ${JSON.stringify([...state.values()].map((p) => p.state))}`)), timeoutMs);
    const off = s.events.subscribe((event) => {
      if (event.type !== 'preview.piece' || !state.has(event.payload.key)) return;
      state.set(event.payload.key, event.payload);
      if (done()) {
        clearTimeout(timer);
        off();
        resolve(state);
      }
    });
  });
}

async function openSettled(s: Studio, projectId: string) {
  const manifest = await call(s, 'preview.open', { projectId });
  if (!manifest) throw new Error('no preview');
  const pieces = await settled(s, manifest);
  return { manifest, pieces };
}

/** The video pieces joined in order into one file (the concat demuxer takes the fragmented MP4s as they are). */
async function joinPieces(s: Studio, manifest: PreviewManifest, pieces: Map<string, PreviewPieceUpdate>, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const list = join(dir, 'pieces.ffconcat');
  const lines = manifest.video.map((p) => `file '${s.media.store.path(pieces.get(p.key)!.mediaId!)}'`);
  writeFileSync(list, `ffconcat version 1.0\n${lines.join('\n')}\n`);
  const out = join(dir, 'joined.mp4');
  await runTool(FFMPEG, ['-v', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-y', out]);
  return out;
}

/** PSNR (dB) of frame `n` of two videos, the second scaled to the first's size. */
async function framePsnr(preview: string, exported: string, n: number, size: { width: number; height: number }): Promise<number> {
  const pick = `select=eq(n\\,${n})`;
  const { stderr } = await runTool(FFMPEG, [
    '-hide_banner', '-nostdin', '-i', preview, '-i', exported, '-filter_complex',
    `[0:v]${pick},setpts=N[a];[1:v]${pick},scale=${size.width}:${size.height}:flags=area,setpts=N[b];[a][b]psnr`,
    '-frames:v', '1', '-f', 'null', '-',
  ]);
  const m = /average:(inf|[\d.]+)/.exec(stderr);
  if (!m) throw new Error(`no PSNR in: ${stderr.slice(-400)}`);
  return m[1] === 'inf' ? Infinity : Number(m[1]);
}

// Real FFmpeg renders and an export per test: minutes on a loaded 2-core machine.
describe('live preview: the edit in pieces, made by the export’s own chains', { timeout: 300_000 }, () => {
  it('plans the pieces from the export plan, renders them, and they show the export’s frames', async () => {
    studio = openStudio(tempDir());
    const dir = tempDir();
    const { projectId, clipIds } = await approvedProject(studio, tempDir(), 3, 2);
    await call(studio, 'timeline.update', {
      projectId,
      transition: { type: 'fade', durationS: 0.5 },
      music: { choice: { source: 'bundled', trackId: 'drift' }, volume: 80, fadeInS: 0.5, fadeOutS: 1 },
      output: { aspect: '16:9', resolution: '720p', fps: 24, quality: 'draft' },
    });
    await call(studio, 'clips.setTransition', { clipId: clipIds[1]!, transition: { type: 'wipeleft', durationS: 0.25 } });

    const { manifest, pieces } = await openSettled(studio, projectId);
    // 3 clips of 48 frames, a 12-frame fade and a 6-frame wipe: 144 - 18 frames.
    expect(manifest.totalFrames).toBe(126);
    expect(manifest).toMatchObject({ fps: 24, width: 640, height: 360, durationS: 126 / 24 });
    expect(manifest.video.map((p) => [p.kind, p.startFrame, p.frames])).toEqual([
      ['body', 0, 36],
      ['transition', 36, 12],
      ['body', 48, 30],
      ['transition', 78, 6],
      ['body', 84, 42],
    ]);
    expect([...pieces.values()].every((p) => p.state === 'ready')).toBe(true);

    for (const piece of manifest.video) {
      expect(await countFrames(studio.media.store.path(pieces.get(piece.key)!.mediaId!))).toBe(piece.frames);
    }
    const joined = await joinPieces(studio, manifest, pieces, dir);
    expect(await countFrames(joined)).toBe(manifest.totalFrames);
    const sound = studio.media.store.path(pieces.get(manifest.audio.key)!.mediaId!);
    expect(Number((await ffprobe(sound)).audio?.duration)).toBeCloseTo(manifest.durationS, 1);
    expect((await volumeStats(sound, { startS: 1, durationS: 2 })).meanDb).toBeGreaterThan(-40);

    const started = await call(studio, 'exports.start', { projectId });
    const exported = await exportFinished(studio, started.id);
    expect(exported.durationS).toBeCloseTo(manifest.durationS, 6);
    const file = studio.media.store.path(exported.mediaId!);
    // Mid-fade, mid-wipe and inside bodies: the preview is the export, downscaled.
    for (const n of [5, 42, 60, 81, 120]) {
      expect(await framePsnr(joined, file, n, manifest)).toBeGreaterThanOrEqual(30);
    }
  });

  it('an edit of one boundary renders that window again and nothing else; undoing it renders nothing', async () => {
    studio = openStudio(tempDir());
    const { projectId, clipIds } = await approvedProject(studio, tempDir(), 3, 2);
    await call(studio, 'timeline.update', { projectId, transition: { type: 'fade', durationS: 0.5 }, output: { resolution: '720p', fps: 24 } });
    const first = await openSettled(studio, projectId);

    await call(studio, 'clips.setTransition', { clipId: clipIds[0]!, transition: { type: 'slideleft', durationS: 0.5 } });
    const edited = await call(studio, 'preview.open', { projectId });
    const waiting = edited!.video.filter((p) => p.state !== 'ready');
    expect(waiting.map((p) => [p.kind, p.startFrame])).toEqual([['transition', 36]]);
    expect(edited!.audio.state).toBe('ready');
    expect(edited!.audio.key).toBe(first.manifest.audio.key);
    await settled(studio, edited!);

    await call(studio, 'clips.setTransition', { clipId: clipIds[0]!, transition: null });
    const back = await call(studio, 'preview.open', { projectId });
    expect(back!.video.every((p) => p.state === 'ready')).toBe(true);
    expect(back!.video.map((p) => p.key)).toEqual(first.manifest.video.map((p) => p.key));
  });

  it('shows the title and captions the export draws; a caption edit renders that clip’s pieces again and nothing else', async () => {
    studio = openStudio(tempDir());
    const dir = tempDir();
    const { projectId, clipIds } = await approvedProject(studio, tempDir(), 3, 2);
    await call(studio, 'timeline.update', { projectId, transition: { type: 'fade', durationS: 0.5 }, output: { aspect: '16:9', resolution: '720p', fps: 24, quality: 'draft' } });
    const plain = await openSettled(studio, projectId);
    const plainFile = await joinPieces(studio, plain.manifest, plain.pieces, join(dir, 'plain'));
    await call(studio, 'timeline.update', {
      projectId,
      text: { title: { text: "Day one: it's %{pts}", look: { style: 'big-bold' }, background: 'clip', durationS: 1 }, endCard: null, captionLook: { style: 'lower-third' } },
    });
    await call(studio, 'clips.setCaption', { clipId: clipIds[1]!, caption: 'مرحبا, "friends" \\ [ok]; 🎉' });
    const texted = await openSettled(studio, projectId);
    expect(texted.manifest.totalFrames).toBe(plain.manifest.totalFrames);
    // Clip 0's pieces (title) and clip 1's (caption) change; clip 2's body does not.
    const changed = texted.manifest.video.filter((p, i) => p.key !== plain.manifest.video[i]!.key).map((p) => `${p.kind}-${p.startFrame}`);
    expect(changed).toEqual(['body-0', 'transition-36', 'body-48', 'transition-72']);
    const textFile = await joinPieces(studio, texted.manifest, texted.pieces, join(dir, 'text'));
    const size = { width: 160, height: 90 };
    const [before, after] = await Promise.all([grayFrames(plainFile, [10, 60, 100], size), grayFrames(textFile, [10, 60, 100], size)]);
    expect(changedRegion(before[0]!, after[0]!).count, 'title').toBeGreaterThan(10);
    expect(changedRegion(before[1]!, after[1]!).count, 'caption').toBeGreaterThan(10);
    expect(changedRegion(before[2]!, after[2]!).count, 'clip 2: no text').toBe(0);

    const started = await call(studio, 'exports.start', { projectId });
    const exported = await exportFinished(studio, started.id);
    expect(exported.state).toBe('succeeded');
    const file = studio.media.store.path(exported.mediaId!);
    // Words drawn at the proxy size and the export's scaled down differ only by their edges' antialiasing (~31 dB measured).
    for (const n of [10, 60, 100]) expect(await framePsnr(textFile, file, n, texted.manifest)).toBeGreaterThanOrEqual(28);

    await call(studio, 'clips.setCaption', { clipId: clipIds[1]!, caption: 'Another caption' });
    const edited = await call(studio, 'preview.open', { projectId });
    expect(edited!.video.filter((p) => p.state !== 'ready').map((p) => `${p.kind}-${p.startFrame}`)).toEqual(['transition-36', 'body-48', 'transition-72']);
    await settled(studio, edited!);
  });

  it('a take missing from the library fails only its own pieces, with a message naming the clip', async () => {
    studio = openStudio(tempDir());
    const { projectId } = await approvedProject(studio, tempDir(), 3, 2);
    const view = await call(studio, 'editor.open', { projectId });
    const take = view.clips[1]!.takes.find((t) => t.approved)!;
    writeFileSync(studio.media.store.path(take.mediaId), 'not a video any more');

    const { manifest, pieces } = await openSettled(studio, projectId);
    const failed = manifest.video.filter((p) => pieces.get(p.key)!.state === 'failed');
    // Clip 2's body and both windows it shares.
    expect(failed.map((p) => p.kind).sort()).toEqual(['body', 'transition', 'transition']);
    expect(failed.every((p) => /Clip 2/.test(pieces.get(p.key)!.error ?? ''))).toBe(true);
    const ready = manifest.video.filter((p) => pieces.get(p.key)!.state === 'ready');
    expect(ready.map((p) => p.kind)).toEqual(['body', 'body']);
    // Nothing in the project changed.
    expect((await call(studio, 'editor.open', { projectId })).clips.map((c) => c.approved)).toEqual([true, true, true]);
  });

  it('keeps the cache within its budget: pieces of an old edit are evicted and their files freed', async () => {
    const dataDir = tempDir();
    studio = openStudio(dataDir);
    const { projectId } = await approvedProject(studio, tempDir(), 2, 2);
    const first = await openSettled(studio, projectId);
    const oldMedia = first.manifest.video.map((p) => first.pieces.get(p.key)!.mediaId!);
    const sound = first.pieces.get(first.manifest.audio.key)!.mediaId!;
    expect([...oldMedia, sound].every((id) => studio!.media.store.has(id))).toBe(true);

    await studio.preview.stop();
    studio.close();
    // Reopen with a budget of one byte: everything not in the open preview goes.
    studio = null;
    const { createStudio } = await import('../../electron/services/studio');
    studio = createStudio({ dataDir, transport: 'bridge', version: '0', resourcesDir: join(__dirname, '../../resources'), previewBudgetBytes: 1 });
    await call(studio, 'timeline.update', { projectId, output: { aspect: '1:1' } });
    const square = await openSettled(studio, projectId);
    await expect.poll(() => oldMedia.filter((id) => studio!.media.store.has(id)).length, { timeout: 10_000 }).toBe(0);
    // The sound does not depend on the frame: the same piece, still in use, is kept.
    expect(square.manifest.audio.key).toBe(first.manifest.audio.key);
    expect(studio.media.store.has(sound)).toBe(true);
  });
});
