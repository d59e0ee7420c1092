import type { TimelineSettings } from '../../../shared/contract/timeline';
import type { CompileRequestInput, TimelineClipInput } from './compile/request';
import { StudioError } from '../../../shared/contract/errors';
import type { TimelineEntry } from '../clips/clip-repository';
import { CENTER, cropCentre, cropWindow, DEFAULT_PAD_COLOR, pointInWindow, type ClipFit, type FocusPoint } from '../../../shared/framing';
import { shapeRatio, type OutputSettings } from '../../../shared/values';

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
 * The project's approved clips (in timeline order) and settings as a compile request.
 * Pure: the export service and the CLI both build their requests here.
 */
export function buildCompileRequest(entries: readonly TimelineEntry[], settings: TimelineSettings, musicPath: string | null, outputPath: string): CompileRequestInput {
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
