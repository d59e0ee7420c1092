import type { TimelineSettings } from '../../../shared/contract/timeline';
import type { CompileRequestInput, TimelineClipInput } from './compile/request';
import { StudioError } from '../../../shared/contract/errors';
import type { TimelineEntry } from '../clips/clip-repository';


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
    },
    output: settings.output,
    outputPath,
  };
}
