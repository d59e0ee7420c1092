import { execCapture } from './exec';

/** What the FFmpeg build can do with text: draw it at all (drawtext, libfreetype) and order and join right-to-left scripts (libfribidi). */
export interface TextSupport {
  drawtext: boolean;
  shaping: boolean;
}

const known = new Map<string, Promise<TextSupport>>();

/** Asks the FFmpeg binary once (per path) whether it has drawtext and drawtext's text shaping. */
export function textSupport(ffmpegPath: string): Promise<TextSupport> {
  let answer = known.get(ffmpegPath);
  if (!answer) {
    answer = execCapture(ffmpegPath, ['-hide_banner', '-h', 'filter=drawtext'], { timeoutMs: 15_000 }).then(
      (r) => ({ drawtext: /Filter drawtext/.test(r.stdout), shaping: /\btext_shaping\b/.test(r.stdout) }),
      () => ({ drawtext: false, shaping: false }),
    );
    known.set(ffmpegPath, answer);
  }
  return answer;
}
