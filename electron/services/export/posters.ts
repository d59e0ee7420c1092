import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ClipPoster } from '../../../shared/contract/clips';
import { cropCentre, cropWindow, DEFAULT_PAD_COLOR, type ClipFraming, type FocusPoint } from '../../../shared/framing';
import { outputDimensions, type OutputSettings } from '../../../shared/values';
import type { ClipRepository, TimelineEntry } from '../clips/clip-repository';
import { locateFfmpeg, probeMediaFiles, runFfmpeg } from '../ffmpeg/index';
import type { MediaRepository } from '../media/media-repository';
import type { LocalMediaStore } from '../media/media-store';
import { removeQuietly } from '../system/file-ops';
import type { TimelineSettingsRepository } from '../timeline/timeline-settings-repository';
import { clipFitOf } from './compile-request';
import { clipMetaFromProbe, type ClipMeta } from './compile/clip-meta';
import { clipNormalizeFilters } from './compile/graph';
import { planTimeline } from './compile/plan';

/** Long side of a poster: the size of the card thumbnails. */
export const POSTER_SIDE = 480;

export interface PosterDeps {
  clips: ClipRepository;
  settings: TimelineSettingsRepository;
  store: LocalMediaStore;
  media: MediaRepository;
}

/** The frame of a shape at poster size (even sides). */
export function posterSize(shape: OutputSettings['aspect']): { width: number; height: number } {
  const full = outputDimensions(shape, '1080p');
  const scale = POSTER_SIDE / Math.max(full.width, full.height);
  const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  return { width: even(full.width), height: even(full.height) };
}

/**
 * The photo framed for a shape the way a device take's base still is: cropped on its subject (or
 * the creator's box), or the whole photo over a blurred copy, or on a colour. For clips with no take yet.
 */
export async function framedPhoto(
  photo: Buffer,
  size: { width: number; height: number },
  framing: ClipFraming | null,
  focus: FocusPoint | null,
  focusMode: OutputSettings['focus'],
): Promise<Buffer> {
  const meta = await sharp(photo).metadata();
  const source = { width: meta.width ?? 1, height: meta.height ?? 1 };
  const ratio = size.width / size.height;
  const centre = cropCentre(framing, focus, focusMode);
  const fill = cropWindow(source, ratio, centre);
  // Automatic: crop unless that loses more than 30% of the photo (as the device renderer chooses).
  const fit = framing?.fit ?? ((fill.width * fill.height) / (source.width * source.height) >= 0.7 ? 'crop' : 'blur');
  if (fit === 'crop') {
    const w = cropWindow(source, ratio, centre, framing?.box?.zoom ?? 1);
    const box = { left: Math.round(w.x), top: Math.round(w.y), width: Math.max(1, Math.round(w.width)), height: Math.max(1, Math.round(w.height)) };
    box.width = Math.min(box.width, source.width - box.left);
    box.height = Math.min(box.height, source.height - box.top);
    return sharp(photo).extract(box).resize(size.width, size.height, { fit: 'fill' }).raw().toBuffer();
  }
  const inside = await sharp(photo).resize(size.width, size.height, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
  const left = Math.round((size.width - inside.info.width) / 2);
  const top = Math.round((size.height - inside.info.height) / 2);
  const fg = { input: inside.data, raw: { width: inside.info.width, height: inside.info.height, channels: inside.info.channels }, left, top };
  if (fit === 'pad') {
    return sharp({ create: { width: size.width, height: size.height, channels: 3, background: framing?.color ?? DEFAULT_PAD_COLOR } }).composite([fg]).removeAlpha().raw().toBuffer();
  }
  const box = { left: Math.round(fill.x), top: Math.round(fill.y), width: Math.round(fill.width), height: Math.round(fill.height) };
  box.width = Math.min(box.width, source.width - box.left);
  box.height = Math.min(box.height, source.height - box.top);
  const background = await sharp(photo)
    .extract(box)
    .resize(Math.max(2, Math.round(size.width / 16)), Math.max(2, Math.round(size.height / 16)))
    .blur(2.5)
    .resize(size.width, size.height)
    .modulate({ brightness: 0.94 })
    .png()
    .toBuffer();
  return sharp(background).composite([fg]).removeAlpha().raw().toBuffer();
}

/**
 * Card thumbnails that show what the video shows: each clip's first frame at the project's shape.
 * A clip with an approved take is framed by the export's own chain (clipNormalizeFilters, the clip's
 * fit and subject), so a take of another shape is fitted exactly as the export fits it; a clip with
 * no take shows its photo framed as a device take starts. Made once per content and kept in the
 * media store (registered as thumbnails, so the collector frees the ones no longer shown).
 */
export function createPosterService(deps: PosterDeps) {
  // By content key; a poster being made is shared by every call that asks for it meanwhile.
  const made = new Map<string, Promise<ClipPoster>>();

  function once(key: string, frame: () => Promise<Buffer>, size: { width: number; height: number }): Promise<ClipPoster> {
    let poster = made.get(key);
    if (!poster) {
      poster = (async () => {
        const data = await sharp(await frame(), { raw: { ...size, channels: 3 } }).webp({ quality: 80 }).toBuffer();
        const mediaId = await deps.store.putBuffer(data, 'webp');
        deps.media.register({ id: mediaId, role: 'thumb', mime: 'image/webp', bytes: data.length, ...size });
        return { mediaId, ...size };
      })();
      made.set(key, poster);
      // A failed one is tried again next time.
      poster.catch(() => made.delete(key));
    }
    return poster;
  }

  async function takeFrame(entry: TimelineEntry & { mediaId: string }, output: OutputSettings, size: { width: number; height: number }): Promise<Buffer> {
    const { ffmpegPath } = await locateFfmpeg();
    const path = deps.store.path(entry.mediaId);
    // Takes are the studio's own H.264 files: their recorded size and rate spare a probe per poster.
    const recorded = entry.takeFrame;
    const meta: ClipMeta = recorded
      ? { path, label: entry.clipId, durationS: entry.takeDurationS ?? entry.trimOutS ?? 1, frames: null, ...recorded, sar: { num: 1, den: 1 }, tbr: recorded.fps, pixFmt: 'yuv420p', hasAudio: false, codec: 'h264', profile: null, tbn: null, rotation: 0, codecConfigHash: null }
      : clipMetaFromProbe((await probeMediaFiles(ffmpegPath, [path]))[0]!, entry.clipId);
    const fps = output.fps;
    const plan = planTimeline(
      { clips: [{ inS: entry.trimInS, outS: entry.trimOutS, fit: clipFitOf(entry, output) }], transition: { type: 'cut', durationS: 0.5 } },
      [meta],
      fps,
    );
    const filters = clipNormalizeFilters(plan.clips[0]!, fps, size, output.fit).join(',');
    const out = join(tmpdir(), `echoes-poster-${randomUUID()}.rgb`);
    try {
      await runFfmpeg({
        ffmpegPath,
        args: ['-threads', '1', ...(entry.trimInS > 0 ? ['-ss', String(entry.trimInS)] : []), '-i', path, '-filter_complex', `[0:v]${filters},format=rgb24[v]`, '-map', '[v]', '-frames:v', '1', '-f', 'rawvideo'],
        outputPath: out,
      });
      return await readFile(out);
    } finally {
      await removeQuietly(out);
    }
  }

  return {
    /** Every live clip's poster at the project's shape, in timeline order. */
    async posters(projectId: string): Promise<Array<{ clipId: string; poster: ClipPoster | null }>> {
      const output = deps.settings.get(projectId).output;
      const size = posterSize(output.aspect);
      const approved = new Map(deps.clips.timelineEntries(projectId).map((e) => [e.clipId, e]));
      const result: Array<{ clipId: string; poster: ClipPoster | null }> = [];
      for (const clip of deps.clips.list(projectId)) {
        const entry = approved.get(clip.id);
        try {
          if (entry?.mediaId) {
            const take = { ...entry, mediaId: entry.mediaId };
            const key = JSON.stringify(['take', entry.mediaId, entry.trimInS, clipFitOf(entry, output), size, output.fit, output.fps]);
            result.push({ clipId: clip.id, poster: await once(key, () => takeFrame(take, output, size), size) });
          } else if (clip.workingMediaId) {
            const photo = deps.store.path(clip.workingMediaId);
            const key = JSON.stringify(['photo', clip.workingMediaId, clip.framing, clip.focus, output.focus, size]);
            result.push({ clipId: clip.id, poster: await once(key, async () => framedPhoto(await readFile(photo), size, clip.framing, clip.focus, output.focus), size) });
          } else result.push({ clipId: clip.id, poster: null });
        } catch (error) {
          // A clip whose media cannot be read keeps its plain thumbnail; the player says why.
          console.error('[posters] could not make a poster', error);
          result.push({ clipId: clip.id, poster: null });
        }
      }
      return result;
    },
  };
}
export type PosterService = ReturnType<typeof createPosterService>;
