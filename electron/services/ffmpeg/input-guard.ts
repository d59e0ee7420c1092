/**
 * What FFmpeg may open for an input. FFmpeg follows what a file names inside it (an HLS playlist or
 * a concat script lists other files or URLs, image2 reads a numbered sequence), so a "song.mp3"
 * that is really a playlist would make an export read any local file. Every input therefore gets
 * `-protocol_whitelist file` (plain files only: no http, no pipe or fd tricks from a nested entry)
 * and, unless we force its format ourselves, `-format_whitelist` with the demuxers media needs.
 */

/** Demuxers for audio and video: mp3, mov/mp4/m4a, wav, flac, ogg (vorbis, opus), matroska/webm, raw ADTS aac. */
export const MEDIA_DEMUXERS = ['mp3', 'mov', 'wav', 'flac', 'ogg', 'matroska', 'aac'] as const;

/** Stills (the working JPEG a motion clip is rendered from): one file, never a numbered sequence (media-store names have no %d). */
const STILL_DEMUXERS = ['image2', 'jpeg_pipe', 'png_pipe', 'webp_pipe'];
const STILL_FILE = /\.(jpe?g|png|webp)$/i;

/** Options placed in front of one input, given the options already there (a forced -f keeps its own format). */
function guardFor(options: readonly string[], path: string): string[] {
  const forced = options.lastIndexOf('-f') >= 0 ? options[options.lastIndexOf('-f') + 1] : undefined;
  const guard = ['-protocol_whitelist', 'file'];
  // Our own concat list (stream-copy export): the files it names open with the same lists.
  if (forced === 'concat') guard.push('-format_whitelist', ['concat', ...MEDIA_DEMUXERS].join(','));
  else if (forced === undefined) guard.push('-format_whitelist', (STILL_FILE.test(path) ? STILL_DEMUXERS : MEDIA_DEMUXERS).join(','));
  return guard;
}

/** `args` with the whitelists in front of every `-i`; the rest is untouched. */
export function guardInputs(args: readonly string[]): string[] {
  const out: string[] = [];
  let segment: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-i' && i + 1 < args.length) {
      const path = args[i + 1] as string;
      out.push(...segment, ...guardFor(segment, path), '-i', path);
      segment = [];
      i++;
      continue;
    }
    segment.push(arg);
  }
  out.push(...segment);
  return out;
}
