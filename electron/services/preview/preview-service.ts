import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { PreviewManifest, PreviewPiece, PreviewPieceState } from '../../../shared/contract/preview';
import { StudioError } from '../../../shared/contract/errors';
import { outputDimensions } from '../../../shared/values';
import type { ClipRepository, TimelineEntry } from '../clips/clip-repository';
import { clipMetaFromProbe, type ClipMeta } from '../export/compile/clip-meta';
import { commandArgs, type FfmpegCommand } from '../export/compile/graph';
import { DEFAULT_CLIP_AUDIO_VOLUME } from '../export/compile/request';
import { planTimeline, TimelinePlanError, type TimelinePlan } from '../export/compile/plan';
import { beatFittedEntries, clipFitOf } from '../export/compile-request';
import type { BeatService } from '../timeline/beats/beat-service';
import { beatGridOf } from '../../../shared/beat-fit';
import { withTimelineText } from '../export/compile/text-request';
import { TextFontsError } from '../export/compile/text-fonts';
import {
  buildAudioSegmentCommand,
  buildVideoSegmentCommand,
  segmentReadableInGraph,
  segmentTimeline,
  type MusicIdentity,
  type SegmentFormat,
  videoSegmentOutputArgs,
  audioSegmentOutputArgs,
  audioReadableInGraph,
  type VideoSegment,
} from '../export/compile/segments';
import { locateFfmpeg, probeMediaFiles, runFfmpeg, type FfmpegLocation, type MediaInfo } from '../ffmpeg/index';
import { filterScriptFlag } from '../ffmpeg/version';
import { createWarmFfmpegPool, type WarmFfmpegPool } from '../ffmpeg/warm-pool';
import type { LibraryStore } from '../media/media-library';
import type { EventBus } from '../rpc/event-bus';
import type { BundledMusic } from '../timeline/bundled-music';
import type { TimelineSettingsRepository } from '../timeline/timeline-settings-repository';
import { SEGMENT_CACHE_BYTES, type PreviewCacheRepository } from './preview-cache-repository';
import { PREVIEW_AUDIO, PREVIEW_VIDEO, proxyDimensions } from './proxy-format';

export interface PreviewServiceDeps {
  clips: Pick<ClipRepository, 'timelineEntries'>;
  settings: Pick<TimelineSettingsRepository, 'get'>;
  music: BundledMusic;
  store: LibraryStore;
  cache: PreviewCacheRepository;
  /** Frees media ids the cache let go of (the media library's collector). */
  collect(only: readonly string[]): Promise<unknown>;
  events: EventBus;
  ffmpeg?: () => Promise<FfmpegLocation>;
  /** FFmpeg processes rendering pieces at once (default 2). */
  concurrency?: number;
  /** The cache's size limit in bytes (default 1 GiB). */
  budgetBytes?: number;
  /** Longest side of the proxy frame (default 640). */
  proxySide?: number;
  /** Keep FFmpeg processes started ahead of the pieces (default true; see ffmpeg/warm-pool.ts). */
  warmFfmpeg?: boolean;
  /** The bundled fonts for titles and captions (default: the resources' fonts/). */
  fontsDir?: string;
  /** The music's beats, for "Cut to the beat". */
  beats?: Pick<BeatService, 'forProject'>;
}

/** One piece to render: what the player is told, and how to make it. */
interface PieceJob {
  piece: PreviewPiece;
  projectId: string;
  frame: { width: number; height: number };
  command: () => FfmpegCommand;
  /** The command reads its clips inside its graph: a warm FFmpeg with these output settings can run it. */
  warmOutput: WarmOutput | null;
  /** Lower renders sooner. */
  priority: number;
}

interface WarmOutput {
  kind: 'video' | 'audio';
  outputArgs: string[];
}

interface PlannedPreview {
  manifest: PreviewManifest;
  jobs: PieceJob[];
}

/** The rate a new project starts with: what the studio warms its preview's FFmpeg for at start. */
const DEFAULT_PREVIEW_FPS = 30;

/**
 * The live preview: plans the project's edit with the export's frame planner, cuts it into pieces
 * with the export's own chains (export/compile/segments.ts), renders the missing pieces at a proxy
 * size into the segment cache (content-addressed, in the media store, bounded), nearest to the
 * playhead first, and announces each piece as it is ready. An edit changes the keys of the pieces
 * it touches and only those are rendered again.
 */
export function createPreviewService(deps: PreviewServiceDeps) {
  const concurrency = Math.max(1, deps.concurrency ?? 2);
  const budget = deps.budgetBytes ?? SEGMENT_CACHE_BYTES;
  const findFfmpeg = deps.ffmpeg ?? (() => locateFfmpeg());
  const probed = new Map<string, MediaInfo>();
  const warm = deps.warmFfmpeg ?? true;
  const pools = new Map<WarmOutput['kind'], { key: string; pool: WarmFfmpegPool }>();
  const videoOutput = (fps: number): WarmOutput => ({ kind: 'video', outputArgs: videoSegmentOutputArgs(fps, PREVIEW_VIDEO.args(fps)) });
  const audioOutput: WarmOutput = { kind: 'audio', outputArgs: audioSegmentOutputArgs(PREVIEW_AUDIO.args) };
  /** Keys that failed this session, with why; a changed edit gets new keys and tries again. */
  const failures = new Map<string, string>();
  const rendering = new Map<string, Promise<void>>();
  let queue: PieceJob[] = [];
  /** The keys the open preview uses: never evicted while it shows them. */
  let inUse = new Set<string>();
  let stopped = false;

  /**
   * Probes the takes not probed yet, all in one FFmpeg run; when one cannot be read, each on its
   * own, so only that clip's pieces fail (with FFmpeg's reason, for this open only).
   */
  async function probeAll(mediaIds: readonly string[], ffmpegPath: string, unreadable: Map<string, string>): Promise<void> {
    const missing = [...new Set(mediaIds)].filter((id) => !probed.has(id) && deps.store.has(id));
    if (missing.length === 0) return;
    try {
      const infos = await probeMediaFiles(ffmpegPath, missing.map((id) => deps.store.path(id)), { countFrames: true });
      missing.forEach((id, i) => probed.set(id, infos[i] as MediaInfo));
    } catch (error) {
      if (missing.length === 1) unreadable.set(missing[0] as string, (error as Error).message);
      else await Promise.all(missing.map((id) => probeAll([id], ffmpegPath, unreadable)));
    }
  }

  function metaFor(entry: TimelineEntry & { mediaId: string }, label: string, unreadable: Map<string, string>): ClipMeta | string {
    if (!deps.store.has(entry.mediaId)) return `${label}: its video is missing from the library; generate it again`;
    const info = probed.get(entry.mediaId);
    if (!info) return `${label}: its video cannot be read (${unreadable.get(entry.mediaId) ?? 'no probe'})`;
    try {
      return clipMetaFromProbe(info, label);
    } catch (error) {
      return (error as Error).message;
    }
  }

  async function musicFor(projectId: string): Promise<{ path: string; identity: MusicIdentity; settings: { volume: number; fadeInS: number; fadeOutS: number; clipAudioVolume: number } } | string | null> {
    const music = deps.settings.get(projectId).music;
    if (!music) return null;
    const levels = { volume: music.volume, fadeInS: music.fadeInS, fadeOutS: music.fadeOutS, clipAudioVolume: DEFAULT_CLIP_AUDIO_VOLUME };
    try {
      if (music.choice.source === 'bundled') {
        const path = deps.music.path(music.choice.trackId);
        const file = await stat(path);
        return { path, settings: levels, identity: { source: `bundled:${music.choice.trackId}:${file.size}:${file.mtimeMs}`, ...levels } };
      }
      if (!deps.store.has(music.choice.mediaId)) return `The music "${music.choice.name}" is missing from the library; choose it again`;
      return { path: deps.store.path(music.choice.mediaId), settings: levels, identity: { source: music.choice.mediaId, ...levels } };
    } catch (error) {
      return `The music cannot be used: ${(error as Error).message}`;
    }
  }

  async function plan(projectId: string, focusS: number): Promise<PlannedPreview | null> {
    const settings = deps.settings.get(projectId);
    const grid = settings.beatSync && settings.music && deps.beats ? beatGridOf(await deps.beats.forProject(projectId).catch(() => null)) : null;
    const approved = deps.clips.timelineEntries(projectId).filter((e): e is TimelineEntry & { mediaId: string } => e.mediaId !== null);
    const entries = beatFittedEntries(approved, settings, grid);
    if (entries.length === 0) return null;
    const { fps, fit } = settings.output;
    const { ffmpegPath } = await findFfmpeg();
    const labels = entries.map((_, i) => `Clip ${i + 1}`);
    const unreadable = new Map<string, string>();
    await probeAll(entries.map((e) => e.mediaId), ffmpegPath, unreadable);
    const found = entries.map((e, i) => metaFor(e, labels[i] as string, unreadable));
    // A clip that cannot be read keeps its place and length (its pieces say why), so the rest still plays.
    const metas: ClipMeta[] = found.map((m, i) => (typeof m === 'string' ? placeholderMeta(entries[i] as TimelineEntry, labels[i] as string) : m));
    let timeline: TimelinePlan;
    try {
      timeline = planTimeline(
        { clips: entries.map((e) => ({ inS: e.trimInS, outS: e.trimOutS, transitionOut: e.transitionOut, fit: clipFitOf(e, settings.output) })), transition: settings.transition },
        metas,
        fps,
      );
      // The title, the end card and the captions, drawn by the export's own chain.
      timeline = withTimelineText(timeline, { text: settings.text, clips: entries }, settings.output.aspect, deps.fontsDir);
    } catch (error) {
      if (error instanceof TimelinePlanError || error instanceof TextFontsError) throw new StudioError('INVALID_INPUT', error.message);
      throw error;
    }
    const music = await musicFor(projectId);
    const dims = proxyDimensions(outputDimensions(settings.output.aspect, settings.output.resolution), deps.proxySide);
    const format: SegmentFormat = { ...dims, fps, fit, encoderId: PREVIEW_VIDEO.id };
    const pieces = segmentTimeline(
      timeline,
      entries.map((e) => ({ source: e.mediaId })),
      format,
      music && typeof music !== 'string' ? music.identity : null,
    );

    const jobs: PieceJob[] = [];
    const problemOf = (clipIndexes: number[]): string | null => {
      for (const i of clipIndexes) if (typeof found[i] === 'string') return found[i] as string;
      return null;
    };
    const video = pieces.video.map((segment: VideoSegment) => {
      const clipIndexes = segment.kind === 'body' ? [segment.index] : [segment.index, segment.index + 1];
      const piece = pieceOf(segment.key, segment.kind, entries[segment.index]?.clipId ?? null, segment.startFrame, segment.frames, fps, problemOf(clipIndexes));
      const startS = segment.startFrame / fps;
      const endS = (segment.startFrame + segment.frames) / fps;
      // Pieces after the playhead before those behind it: playback goes forward.
      const distance = focusS < startS ? startS - focusS : focusS >= endS ? (focusS - endS) * 2 + 1 / fps : 0;
      const inGraph = warm && segmentReadableInGraph(timeline, segment);
      jobs.push({
        piece,
        projectId,
        frame: dims,
        priority: distance,
        warmOutput: inGraph ? videoOutput(fps) : null,
        command: () => buildVideoSegmentCommand(timeline, segment, format, PREVIEW_VIDEO.args(fps), inGraph ? 'graph' : 'inputs'),
      });
      return piece;
    });
    const audioProblem = typeof music === 'string' ? music : null;
    const musicFile = music && typeof music !== 'string' ? music : null;
    const audioInGraph = warm && audioReadableInGraph(timeline, musicFile?.path ?? null);
    const audio = pieceOf(pieces.audio.key, 'audio', null, 0, timeline.totalFrames, fps, audioProblem);
    jobs.push({
      piece: audio,
      projectId,
      frame: dims,
      // Nothing plays until the sound is there too (one Media Source, two buffers): first.
      priority: -1,
      warmOutput: audioInGraph ? audioOutput : null,
      command: () => buildAudioSegmentCommand(timeline, musicFile ? { path: musicFile.path, ...musicFile.settings } : null, PREVIEW_AUDIO.args, audioInGraph ? 'graph' : 'inputs'),
    });
    return {
      manifest: {
        projectId,
        fps,
        width: dims.width,
        height: dims.height,
        totalFrames: timeline.totalFrames,
        durationS: timeline.durationS,
        videoMime: PREVIEW_VIDEO.mime,
        audioMime: PREVIEW_AUDIO.mime,
        video,
        audio,
      },
      jobs,
    };
  }

  function pieceOf(
    key: string,
    kind: PreviewPiece['kind'],
    clipId: string | null,
    startFrame: number,
    frames: number,
    fps: number,
    problem: string | null,
  ): PreviewPiece {
    const base = { key, kind, clipId, startFrame, frames, startS: startFrame / fps, durationS: frames / fps };
    const cached = deps.cache.use(key);
    // Pieces are not flushed to disk (a cache): one cut short by a power cut is made again.
    if (cached && deps.store.has(cached.mediaId) && sizeOf(deps.store.path(cached.mediaId)) === cached.bytes) return { ...base, state: 'ready', mediaId: cached.mediaId, error: null };
    if (cached) deps.cache.forget(key);
    const error = problem ?? failures.get(key) ?? null;
    const state: PreviewPieceState = error ? 'failed' : rendering.has(key) ? 'rendering' : 'queued';
    return { ...base, state, mediaId: null, error };
  }

  function announce(projectId: string, piece: Pick<PreviewPiece, 'key' | 'state' | 'mediaId' | 'error'>) {
    deps.events.emit({ type: 'preview.piece', payload: { projectId, key: piece.key, state: piece.state, mediaId: piece.mediaId, error: piece.error } });
  }

  async function render(job: PieceJob): Promise<void> {
    const { piece, projectId } = job;
    announce(projectId, { ...piece, state: 'rendering' });
    let out = deps.store.tempPath('mp4');
    try {
      const command = job.command();
      if (job.warmOutput !== null) {
        out = (await (await warmPool(job.warmOutput)).run(command.filterGraph)).outputPath;
      } else {
        const { ffmpegPath } = await findFfmpeg();
        await runFfmpeg({ ffmpegPath, args: commandArgs(command), totalDurationS: command.durationS, outputPath: out });
      }
      const bytes = (await stat(out)).size;
      const file = { role: 'preview', ext: 'mp4', mime: piece.kind === 'audio' ? 'audio/mp4' : 'video/mp4', ...job.frame } as const;
      const { mediaId } = await deps.store.adopt(out, file, (id) => {
        deps.cache.put({ key: piece.key, mediaId: id, bytes });
        return true;
      });
      announce(projectId, { key: piece.key, state: 'ready', mediaId, error: null });
      const freed = deps.cache.evict(budget, inUse);
      if (freed.length > 0) await deps.collect(freed);
    } catch (error) {
      const message = `This part of the preview could not be made: ${(error as Error).message.split('\n')[0]}`;
      failures.set(piece.key, message);
      if (!stopped) announce(projectId, { key: piece.key, state: 'failed', mediaId: null, error: message });
    }
  }

  /** The warm processes for one kind of piece; the video's settings follow the project's rate. */
  async function warmPool({ kind, outputArgs }: WarmOutput): Promise<WarmFfmpegPool> {
    const key = JSON.stringify(outputArgs);
    const { ffmpegPath, versionInfo } = await findFfmpeg();
    const current = pools.get(kind);
    if (current?.key === key) return current.pool;
    void current?.pool.close();
    const pool = createWarmFfmpegPool({
      ffmpegPath,
      scriptFlag: filterScriptFlag(versionInfo),
      outputArgs,
      tempPath: () => deps.store.tempPath('mp4'),
      // Pieces of video render side by side; there is one sound.
      size: kind === 'video' ? concurrency : 1,
    });
    pools.set(kind, { key, pool });
    return pool;
  }

  function pump(): void {
    while (!stopped && rendering.size < concurrency && queue.length > 0) {
      const job = queue.shift() as PieceJob;
      if (rendering.has(job.piece.key)) continue;
      const done = render(job).finally(() => {
        rendering.delete(job.piece.key);
        pump();
      });
      rendering.set(job.piece.key, done);
    }
  }

  return {
    async open(projectId: string, focusS = 0): Promise<PreviewManifest | null> {
      const planned = await plan(projectId, focusS);
      if (!planned) {
        queue = [];
        inUse = new Set();
        return null;
      }
      const { manifest, jobs } = planned;
      inUse = new Set(jobs.map((j) => j.piece.key));
      // The open preview replaces whatever was waiting: pieces of an older edit are not rendered.
      // Pieces with the same content (a photo used twice, cut the same) share one key: rendered once.
      const byKey = new Map<string, PieceJob>();
      for (const job of jobs.filter((j) => j.piece.state === 'queued').sort((a, b) => a.priority - b.priority)) {
        if (!byKey.has(job.piece.key)) byKey.set(job.piece.key, job);
      }
      queue = [...byKey.values()];
      pump();
      return manifest;
    },

    /** Starts FFmpeg processes for the pieces of a project of this rate, ahead of its opening. */
    async warm(fps = DEFAULT_PREVIEW_FPS): Promise<void> {
      if (!warm || stopped) return;
      (await warmPool(videoOutput(fps))).warm();
      (await warmPool(audioOutput)).warm();
    },

    /** Drops the queue and waits for the pieces being rendered. */
    async stop(): Promise<void> {
      stopped = true;
      queue = [];
      await Promise.allSettled([...rendering.values()]);
      const closing = [...pools.values()];
      pools.clear();
      await Promise.all(closing.map((p) => p.pool.close()));
    },
  };
}
export type PreviewService = ReturnType<typeof createPreviewService>;

function sizeOf(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

/** A clip whose file cannot be read: planned at its recorded length so the timeline keeps its shape. */
function placeholderMeta(entry: TimelineEntry, label: string): ClipMeta {
  return {
    path: '',
    label,
    durationS: entry.takeDurationS && entry.takeDurationS > 0 ? entry.takeDurationS : 5,
    frames: null,
    width: 2,
    height: 2,
    sar: { num: 1, den: 1 },
    fps: null,
    tbr: null,
    pixFmt: 'yuv420p',
    hasAudio: false,
    codec: 'none',
    profile: null,
    tbn: null,
    rotation: 0,
    codecConfigHash: null,
  };
}
