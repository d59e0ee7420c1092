import type { ClipMeta } from './clip-meta';

/**
 * Which clip an FFmpeg failure is about, read from its stderr (pure). Only error lines count:
 * FFmpeg names every input in its "Input #k, ... from '<path>':" banner, so a path merely
 * appearing in the log says nothing. Recognized: "<path>: <error>" (open / demux errors),
 * "Error opening input file <path>" (FFmpeg 6+) and "Error while decoding stream #k:s" (input k;
 * clip inputs come first, in timeline order). Null when no line points at a clip.
 */
export function findFailingClip(stderr: string, clips: readonly ClipMeta[]): ClipMeta | null {
  for (const line of stderr.split(/\r?\n/).reverse()) {
    if (/^\s*Input #\d+,/.test(line)) continue;
    const decoding = /Error while decoding stream #(\d+):\d+/.exec(line);
    if (decoding) {
      const clip = clips[Number(decoding[1])];
      if (clip) return clip;
      continue;
    }
    const byPath = clips.find((c) => line.startsWith(`${c.path}: `) || line.includes(`Error opening input file ${c.path}`));
    if (byPath) return byPath;
  }
  return null;
}
