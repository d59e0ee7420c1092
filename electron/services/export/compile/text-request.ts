import path from 'node:path';
import type { Shape } from '../../../../shared/values';
import { DEFAULT_CAPTION_LOOK, type ProjectText } from '../../../../shared/text';
import { defaultResourcesDir } from '../../resources-dir';
import { textSupport } from '../../ffmpeg/text-support';
import type { TimelinePlan } from './plan';
import { attachText, type TimelineText } from './text-overlay';
import { loadTextFonts } from './text-fonts';

/** The bundled fonts' folder: `<resources>/fonts`. */
export const defaultFontsDir = (): string => path.join(defaultResourcesDir(), 'fonts');

/** A timeline's words as a request or a project holds them: the project's cards and looks, each clip's caption. */
export interface TextSource {
  text?: ProjectText | null | undefined;
  clips: ReadonlyArray<{ caption?: string | null | undefined }>;
}

/** A request's words in the engine's form; null when it has none. */
export function timelineTextOf(timeline: TextSource): TimelineText | null {
  const captions = timeline.clips.map((c) => c.caption ?? null);
  const text = timeline.text;
  if (!text?.title && !text?.endCard && captions.every((c) => !c)) return null;
  return { title: text?.title ?? null, endCard: text?.endCard ?? null, captionLook: text?.captionLook ?? DEFAULT_CAPTION_LOOK, captions };
}

/**
 * Refuses, before anything is rendered, a request with text that this machine cannot draw: an
 * FFmpeg built without drawtext, or bundled fonts that are missing. A request without text needs neither.
 */
export async function requireTextSupport(ffmpegPath: string, timeline: TextSource, fontsDir = defaultFontsDir()): Promise<void> {
  if (!timelineTextOf(timeline)) return;
  loadTextFonts(fontsDir);
  if (!(await textSupport(ffmpegPath)).drawtext) {
    throw new Error('This FFmpeg was built without drawtext (libfreetype), so titles and captions cannot be drawn: install a full FFmpeg build, or remove the text to export without it.');
  }
}

/** The plan with the request's title, end card and captions attached (TextFontsError when the fonts are missing). */
export function withTimelineText(plan: TimelinePlan, timeline: TextSource, shape: Shape, fontsDir = defaultFontsDir()): TimelinePlan {
  const text = timelineTextOf(timeline);
  return text ? attachText(plan, text, shape, loadTextFonts(fontsDir)) : plan;
}
