/**
 * Preview benchmark (issue 18): the bench timeline (10 clips of 5 s at 1280x720 30 fps, 0.5 s
 * crossfades, a bundled music track) through the live preview service with its real cache, FFmpeg
 * and media store:
 *   - first_frame_ms: a cold cache, open -> the sound and the piece at 0 s ready (what the player
 *     needs to show and play the first frame; its fetch and append of two small files adds a few ms).
 *     The studio has started (its FFmpeg processes are warm) and has read the takes before (a take
 *     is probed once); first_frame_unprobed_ms is the very first open, which also probes them;
 *   - ffmpeg_start_ms: the reference for what warm processes save: one FFmpeg start on this machine;
 *   - proxy_x_realtime: seconds of preview made per second, cold, all pieces;
 *   - edit_to_frame_ms: one boundary's transition changed (warm cache) -> its new window ready,
 *     the playhead being in that window (the player shows the piece as soon as it is ready);
 *   - segments_rerendered_per_edit: how many pieces that edit had to make again.
 * Reference in the same run: the full export of the same timeline at 720p (compileTimeline), and
 * preview_vs_export = the export's wall time over the cold preview's (how much sooner the whole
 * edit can be watched than exported). Edits and cold runs alternate BENCH_RUNS times (default 3);
 * medians are printed. Last line: one JSON object.
 *
 * Run: npx tsx tests/bench/preview.ts   (env BENCH_TAKE_SIZE=1920x1080: takes as a 1080p project's
 * device takes are made)
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PreviewManifest, StudioEvent, Transition } from '../../shared/contract';
import type { TimelineSettings } from '../../shared/contract/timeline';
import type { TimelineEntry } from '../../electron/services/clips/clip-repository';
import { compileTimeline } from '../../electron/services/export/compile/index';
import { createPreviewCacheRepository } from '../../electron/services/preview/preview-cache-repository';
import { createPreviewService } from '../../electron/services/preview/preview-service';
import { createStudio } from '../../electron/services/studio';
import { DEFAULT_PROJECT_TEXT } from '../../shared/text';
import { createBundledMusic } from '../../electron/services/timeline/bundled-music';
import { locateFfmpeg } from '../../electron/services/ffmpeg/index';
import { makeTempDir, makeTestClip, runTool } from '../support/ffmpeg-fixtures';

const CLIPS = 10;
const CLIP_S = 5;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const resources = path.resolve('resources');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** Starting FFmpeg for a one-frame job (median of 5): what a piece would wait for without warm processes. */
async function ffmpegStartMs(): Promise<number> {
  const { ffmpegPath } = await locateFfmpeg();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await runTool(ffmpegPath, ['-v', 'error', '-f', 'lavfi', '-i', 'color=s=16x16', '-frames:v', '1', '-f', 'null', '-']);
    times.push(performance.now() - t0);
  }
  return Math.round(median(times));
}

const [takeWidth, takeHeight] = (process.env.BENCH_TAKE_SIZE ?? '1280x720').split('x').map(Number);
const TAKE = { width: takeWidth ?? 1280, height: takeHeight ?? 720 };

async function main() {
  const { dir, cleanup } = await makeTempDir('echoes-bench-preview-');
  try {
    console.log(`machine: ${os.cpus().length} cores, load ${load()}`);
    const clips: string[] = [];
    for (let i = 0; i < CLIPS; i++) {
      // Encoded like the device's takes (render-motion-clip: a keyframe every second).
      clips.push(
        await makeTestClip(path.join(dir, `clip${i}.mp4`), {
          width: TAKE.width,
          height: TAKE.height,
          fps: 30,
          durationS: CLIP_S,
          pattern: i % 2 ? 'testsrc2' : 'smptebars',
          hue: i * 30,
          extraArgs: ['-g', '30'],
        }),
      );
    }
    console.log(`made ${CLIPS} clips of ${CLIP_S} s at ${TAKE.width}x${TAKE.height}, load ${load()}`);
    const studio = createStudio({ dataDir: path.join(dir, 'data'), transport: 'bridge', version: 'bench', resourcesDir: resources });
    const mediaIds = await Promise.all(clips.map((c) => studio.media.store.put(c, 'mp4')));
    const music = createBundledMusic(path.join(resources, 'music'));
    const settings: TimelineSettings = {
      transition: { type: 'fade', durationS: 0.5 },
      music: { choice: { source: 'bundled', trackId: 'sunrise' }, volume: 80, fadeInS: 1, fadeOutS: 2 },
      output: { aspect: '16:9', resolution: '720p', fps: 30, quality: 'standard', fit: 'pad', focus: 'subject', encoder: 'software' },
      text: DEFAULT_PROJECT_TEXT,
      beatSync: false,
    };
    const entries: TimelineEntry[] = mediaIds.map((mediaId, i) => ({
      clipId: `clip-${i}`,
      mediaId,
      takeDurationS: CLIP_S,
      takeAspect: '16:9',
      photo: null,
      focus: null,
      framing: null,
      caption: null,
      trimInS: 0,
      trimOutS: null,
      transitionOut: null,
    }));

    // A fresh cache per cold run: its own database rows (the files are content-addressed and shared).
    const preview = (cacheDb = studio.db) =>
      createPreviewService({
        clips: { timelineEntries: () => entries },
        settings: { get: () => settings },
        music,
        store: studio.media.store,
        cache: createPreviewCacheRepository(cacheDb),
        collect: (ids) => studio.media.collectGarbage(ids),
        events: studio.events,
      });

    /** Resolves when every listed piece is ready, with the time each became ready. */
    const readyTimes = (manifest: PreviewManifest, started: number) =>
      new Promise<Map<string, number>>((resolve, reject) => {
        // Keys, not pieces: two pieces with the same content share one key and one render.
        const pieces = [...new Map([...manifest.video, manifest.audio].map((p) => [p.key, p])).values()];
        const times = new Map<string, number>();
        for (const p of pieces) if (p.state === 'ready') times.set(p.key, 0);
        const check = () => {
          if (times.size === pieces.length) {
            off();
            resolve(times);
          }
        };
        const off = studio.events.subscribe((event: StudioEvent) => {
          if (event.type !== 'preview.piece') return;
          if (event.payload.state === 'failed') reject(new Error(event.payload.error ?? 'piece failed'));
          if (event.payload.state === 'ready' && pieces.some((p) => p.key === event.payload.key)) times.set(event.payload.key, performance.now() - started);
          check();
        });
        check();
      });

    const firstFrame: number[] = [];
    const xRealtime: number[] = [];
    const editToFrame: number[] = [];
    const rerendered: number[] = [];
    const exportWall: number[] = [];
    const previewWall: number[] = [];
    const wipe: Transition = { type: 'wipeleft', durationS: 0.5 };
    const ffmpegStart = await ffmpegStartMs();
    console.log(`starting one FFmpeg here takes ${ffmpegStart} ms (median of 5)`);
    // The studio warms its FFmpeg processes when it starts (electron/main); a project opens later.
    const service = preview();
    await service.warm(30);
    await new Promise((r) => setTimeout(r, 1500));
    let firstFrameUnprobed = 0;
    for (let run = 0; run < RUNS; run++) {
      // Cold: nothing cached (the pieces' rows are dropped and their files removed).
      studio.db.exec('DELETE FROM preview_segments');
      await studio.media.collectGarbage();
      entries[4]!.transitionOut = null;
      console.log(`run ${run + 1}: cold open${run === 0 ? ' (takes not probed yet)' : ''}`);
      let started = performance.now();
      const manifest = (await service.open('00000000-0000-4000-8000-000000000000', 0))!;
      const times = await readyTimes(manifest, started);
      const first = manifest.video.find((p) => p.startFrame === 0)!;
      const firstMs = Math.max(times.get(first.key)!, times.get(manifest.audio.key)!);
      // The first open also reads every take's length and format (once per take: kept after).
      if (run === 0) firstFrameUnprobed = firstMs;
      if (run > 0 || RUNS === 1) firstFrame.push(firstMs);
      const all = Math.max(...times.values());
      previewWall.push(all / 1000);
      xRealtime.push(manifest.durationS / (all / 1000));

      // Warm: one boundary becomes a wipe, the playhead in its window.
      entries[4]!.transitionOut = wipe;
      const window = manifest.video.find((p) => p.kind === 'transition' && p.clipId === 'clip-4');
      started = performance.now();
      const edited = (await service.open('00000000-0000-4000-8000-000000000000', window ? window.startS + 0.25 : 20))!;
      const waiting = [...edited.video, edited.audio].filter((p) => p.state !== 'ready');
      rerendered.push(waiting.length);
      const editTimes = await readyTimes(edited, started);
      editToFrame.push(Math.max(0, ...waiting.map((p) => editTimes.get(p.key) ?? 0)));

      const t0 = performance.now();
      const result = await compileTimeline(
        {
          timeline: {
            clips: entries.map((e) => ({ mediaId: e.mediaId!, ...(e.transitionOut ? { transitionOut: e.transitionOut } : {}) })),
            transition: settings.transition,
            music: { path: music.path('sunrise'), volume: 80, fadeInS: 1, fadeOutS: 2 },
          },
          output: settings.output,
          outputPath: path.join(dir, 'export.mp4'),
        },
        { resolveMediaPath: (id) => studio.media.store.path(id) },
      );
      exportWall.push((performance.now() - t0) / 1000);
      rmSync(result.outputPath, { force: true });
      console.log(
        `run ${run + 1}: first frame ${firstMs.toFixed(0)} ms, all ${all.toFixed(0)} ms (${xRealtime.at(-1)!.toFixed(1)}x realtime), ` +
          `edit ${editToFrame.at(-1)!.toFixed(0)} ms (${rerendered.at(-1)} pieces), export ${exportWall.at(-1)!.toFixed(1)} s, load ${load()}`,
      );
    }
    await service.stop();
    studio.close();
    const figures = {
      first_frame_ms: Math.round(median(firstFrame)),
      first_frame_unprobed_ms: Math.round(firstFrameUnprobed),
      ffmpeg_start_ms: ffmpegStart,
      edit_to_frame_ms: Math.round(median(editToFrame)),
      proxy_x_realtime: Number(median(xRealtime).toFixed(2)),
      segments_rerendered_per_edit: median(rerendered),
      export_wall_s: Number(median(exportWall).toFixed(2)),
      preview_vs_export: Number((median(exportWall) / median(previewWall)).toFixed(2)),
      runs: RUNS,
    };
    console.log(JSON.stringify(figures));
  } finally {
    await cleanup();
  }
}

await main();
