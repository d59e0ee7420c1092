import type { TimelineSettings } from '../../../shared/contract/timeline';
import type { CompileRequestInput, TimelineClipInput } from './compile/request';
import { StudioError } from '../../../shared/contract/errors';
import type { TimelineEntry } from '../clips/clip-repository';
import { CENTER, cropCentre, cropWindow, DEFAULT_PAD_COLOR, pointInWindow, type ClipFit, type FocusPoint } from '../../../shared/framing';
import { shapeRatio, type OutputSettings } from '../../../shared/values';
import { fitToBeats, type BeatGrid } from '../../../shared/beat-fit';

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/**
 * How the export and the preview fit one approved take to the project's frame. A take made for
 * the project's shape already carries its framing (the device render cropped the photo on its
 * subject), so it only scales. A take made for another shape is fitted with the clip's own fit (or
 * the project's), its crop centred where the photo's subject lies in the take: the take showed the
 * photo's window of its own shape, placed on the subject.
 */
export function clipFitOf(entry: Pick<TimelineEntry, 'takeAspect' | 'photo' | 'focus' | 'framing'>, output: Pick<OutputSettings, 'aspect' | 'fit' | 'focus'>): ClipFit {
  const fit = entry.framing?.fit ?? output.fit;
  const color = entry.framing?.color ?? DEFAULT_PAD_COLOR;
  if (!entry.takeAspect || entry.takeAspect === output.aspect || !entry.photo) return { fit, color, centre: CENTER };
  const aim: FocusPoint = cropCentre(entry.framing, entry.focus, output.focus);
  const window = cropWindow(entry.photo, shapeRatio(entry.takeAspect), aim);
  const at = pointInWindow(aim, entry.photo, window);
  return { fit, color, centre: { x: clamp01(at.x), y: clamp01(at.y) } };
}


/**
 * The entries with "Cut to the beat" applied when it is on and the music has beats: their out
 * points and transitions fitted (shared/beat-fit.ts) over their takes' recorded lengths, so the
 * export, the preview and the editor's ruler fit alike. Entries without a recorded length are not fitted.
 */
export function beatFittedEntries<E extends Pick<TimelineEntry, 'takeDurationS' | 'trimInS' | 'trimOutS' | 'transitionOut'>>(
  entries: readonly E[],
  settings: Pick<TimelineSettings, 'beatSync' | 'transition' | 'output'>,
  grid: BeatGrid | null,
): E[] {
  if (!settings.beatSync || !grid || entries.some((e) => !e.takeDurationS)) return [...entries];
  const fitted = fitToBeats(entries.map((e) => ({ ...e, durationS: e.takeDurationS as number })), settings.transition, grid, settings.output.fps);
  return fitted.clips.map(({ durationS: _length, ...e }) => e as unknown as E);
}

/**
 * The project's approved clips (in timeline order) and settings as a compile request, fitted to
 * the music's beats when the project asks for it. Pure: the export service and the CLI both build
 * their requests here.
 */
export function buildCompileRequest(
  timelineEntries: readonly TimelineEntry[],
  settings: TimelineSettings,
  musicPath: string | null,
  outputPath: string,
  beats: BeatGrid | null = null,
): CompileRequestInput {
  const entries = beatFittedEntries(timelineEntries, settings, musicPath ? beats : null);
  const clips: TimelineClipInput[] = entries
    .filter((e): e is TimelineEntry & { mediaId: string } => e.mediaId !== null)
    .map((e) => ({
      id: e.clipId,
      mediaId: e.mediaId,
      inS: e.trimInS,
      ...(e.trimOutS !== null ? { outS: e.trimOutS } : {}),
      ...(e.transitionOut ? { transitionOut: e.transitionOut } : {}),
      fit: clipFitOf(e, settings.output),
      ...(e.caption ? { caption: e.caption } : {}),
    }));
  if (clips.length === 0) {
    throw new StudioError('INVALID_INPUT', 'Nothing to export yet: generate clips and approve at least one take.');
  }
  const music = settings.music;
  return {
    timeline: {
      clips,
      transition: settings.transition,
      music:
        music && musicPath
          ? { path: musicPath, volume: music.volume, fadeInS: music.fadeInS, fadeOutS: music.fadeOutS }
          : null,
      text: settings.text,
    },
    output: settings.output,
    outputPath,
  };
}
