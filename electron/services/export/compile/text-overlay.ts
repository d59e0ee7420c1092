import { outputDimensions, type Shape } from '../../../../shared/values';
import {
  cleanText,
  SAFE_AREAS,
  STYLE_POSITION,
  TEXT_LIMITS,
  type CardCover,
  type ClipText,
  type ProjectText,
  type TextLayer,
  type TextLook,
  type TextStyle,
} from '../../../../shared/text';
import type { PlannedClip, TimelinePlan, PlanSource } from '../../../../shared/timeline-plan';
import { num } from './audio-graph';
import { escapeFilterValue } from './segment-sources';
import type { FontMetrics } from './font-metrics';
import type { TextFonts } from './text-fonts';

/**
 * The text engine (pure): lays out titles, end cards and captions inside each shape's safe area,
 * attaches them to the planned clips they appear on, and turns them into FFmpeg filters at the end
 * of each clip's chain. The one-graph export and every preview piece read clips through that same
 * chain, so both draw the same words on the same frames.
 *
 * Text reaches FFmpeg as a filter option, escaped for both levels FFmpeg unescapes (the graph, then
 * the option), with drawtext's own expansion off, so quotes, colons, backslashes, `%{...}`, commas,
 * semicolons and brackets are drawn as they are and can never end the option or the filter. One
 * drawtext per line: FFmpeg 5.1's drawtext neither wraps nor centres the lines of a block.
 * Right-to-left scripts are ordered and joined by drawtext's own shaping (libfribidi) where FFmpeg
 * is built with it; characters the bundled font has no glyph for (most emoji) are left out.
 */

/** The text of a timeline: the project's cards and looks, and each clip's caption (by clip index). */
export interface TimelineText extends ProjectText {
  captions: ReadonlyArray<string | null | undefined>;
}

interface StyleSpec {
  /** Font size as a fraction of the frame's shorter side, at the medium size. */
  size: number;
  bold: boolean;
  align: 'left' | 'center';
  box: boolean;
}

const STYLES: Record<TextStyle, StyleSpec> = {
  'lower-third': { size: 0.045, bold: false, align: 'left', box: true },
  centred: { size: 0.055, bold: false, align: 'center', box: false },
  'big-bold': { size: 0.085, bold: true, align: 'center', box: false },
};
const SIZE_FACTORS = { small: 0.8, medium: 1, large: 1.25 } as const;
/** Shrink steps tried before the last line is cut. */
const SHRINK = [1, 0.9, 0.8, 0.7, 0.6];
/** Baseline to baseline, in ems. */
const LINE_PITCH = 1.25;
/** Room around a boxed line (the band), in ems. */
const BOX_PAD = 0.3;
/** Slack for kerning and shaped forms, which the advance sums leave out. */
const WIDTH_SLACK = 0.95;

/** The layout of one text, without its times. */
export type LaidOutText = Omit<TextLayer, 'fromFrame' | 'toFrame' | 'fadeFrames'>;

/** Leaves out the characters the font cannot draw (they would show as empty boxes), then tidies the spaces. */
export function drawableText(text: string, metrics: FontMetrics): string {
  return Array.from(text)
    .filter((c) => c === ' ' || metrics.advance(c.codePointAt(0) as number) !== null)
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}

const widthOf = (text: string, metrics: FontMetrics) => Array.from(text).reduce((w, c) => w + (metrics.advance(c.codePointAt(0) as number) ?? 0), 0);

/** Greedy word wrap to `maxEm` ems; a word longer than a line is broken between characters. */
export function wrapText(text: string, maxEm: number, metrics: FontMetrics): string[] {
  const lines: string[] = [];
  let line = '';
  const push = (word: string) => {
    const candidate = line ? `${line} ${word}` : word;
    if (widthOf(candidate, metrics) <= maxEm) {
      line = candidate;
      return;
    }
    if (line) lines.push(line);
    line = '';
    if (widthOf(word, metrics) <= maxEm) {
      line = word;
      return;
    }
    let part = '';
    for (const c of Array.from(word)) {
      if (part && widthOf(part + c, metrics) > maxEm) {
        lines.push(part);
        part = '';
      }
      part += c;
    }
    line = part;
  };
  for (const word of text.split(' ')) if (word) push(word);
  if (line) lines.push(line);
  return lines;
}

/** Cuts a line so that it and "…" fit in `maxEm`. */
function withEllipsis(line: string, maxEm: number, metrics: FontMetrics): string {
  const chars = Array.from(line);
  while (chars.length > 0 && widthOf(`${chars.join('').trimEnd()}…`, metrics) > maxEm) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/**
 * Lays out one text for a shape: the style's font and size, wrapped to the safe area's width in at
 * most TEXT_LIMITS.lines lines (shrinking to 60 %, then cutting the last line with "…"), placed at
 * the look's position inside the safe area. Null when nothing drawable is left.
 */
export function layoutText(raw: string, look: TextLook, shape: Shape, fonts: TextFonts, maxChars: number): LaidOutText | null {
  const spec = STYLES[look.style];
  const font = spec.bold ? fonts.bold : fonts.regular;
  const text = drawableText(cleanText(raw, maxChars), font.metrics);
  if (!text) return null;
  const { width: W, height: H } = outputDimensions(shape, '1080p');
  const short = Math.min(W, H);
  const safe = SAFE_AREAS[shape];
  const left = safe.left * W;
  const right = (1 - safe.right) * W;
  const top = safe.top * H;
  const bottom = (1 - safe.bottom) * H;
  let size = 0;
  let lines: string[] = [];
  let pad = 0;
  for (const scale of SHRINK) {
    size = spec.size * SIZE_FACTORS[look.size] * scale * short;
    pad = spec.box ? BOX_PAD * size : 0;
    const maxEm = ((right - left - 2 * pad) * WIDTH_SLACK) / size;
    lines = wrapText(text, maxEm, font.metrics);
    if (lines.length <= TEXT_LIMITS.lines) break;
    if (scale === SHRINK.at(-1)) {
      lines = lines.slice(0, TEXT_LIMITS.lines);
      lines[lines.length - 1] = withEllipsis(lines.at(-1) as string, maxEm, font.metrics);
    }
  }
  const { ascent, descent } = font.metrics;
  const pitch = LINE_PITCH * size;
  const blockHeight = (ascent + descent) * size + (lines.length - 1) * pitch;
  const position = look.position ?? STYLE_POSITION[look.style];
  const blockTop =
    position === 'top' ? top + pad : position === 'bottom' ? bottom - pad - blockHeight : (top + bottom) / 2 - blockHeight / 2;
  const x = spec.align === 'left' ? left + pad : (left + right) / 2;
  return {
    lines: lines.map((line, i) => ({ text: line, baseline: (blockTop + ascent * size + i * pitch) / H })),
    align: spec.align,
    x: x / W,
    minX: (left + pad) / W,
    maxX: (right - pad) / W,
    size: size / short,
    fontFile: font.path,
    color: look.color,
    box: spec.box,
  };
}

/** Frames of a fade: `s` seconds, at most a third of the span. */
const fadeOf = (s: number, span: number, fps: number) => Math.max(0, Math.min(Math.round(s * fps), Math.floor(span / 3)));

/**
 * The plan with its words attached to the clips they appear on: the title on the first clip's
 * first seconds, the end card on the last clip's last seconds (never into the transition beside
 * them), each caption on its clip for the time no card holds. Cards live on their clips, so the
 * plan's frames, and so the video's length, do not change.
 */
export function attachText<M extends PlanSource>(plan: TimelinePlan<M>, text: TimelineText | null | undefined, shape: Shape, fonts: TextFonts): TimelinePlan<M> {
  if (!text || plan.clips.length === 0) return plan;
  const fps = plan.fps;
  const texts: ClipText[] = plan.clips.map((c) => ({ anchorInS: c.inS, layers: [], covers: [] }));
  const first = plan.clips[0] as PlannedClip<M>;
  const lastIndex = plan.clips.length - 1;
  const last = plan.clips[lastIndex] as PlannedClip<M>;
  const oneClip = lastIndex === 0;
  const titleRoom = first.frames - first.tailFrames;
  const endRoom = last.frames - last.headFrames;
  let titleFrames = text.title ? Math.min(Math.round(text.title.durationS * fps), titleRoom) : 0;
  let endFrames = text.endCard ? Math.min(Math.round(text.endCard.durationS * fps), endRoom) : 0;
  if (oneClip && titleFrames + endFrames > first.frames) {
    const share = first.frames / (titleFrames + endFrames);
    titleFrames = Math.floor(titleFrames * share);
    endFrames = Math.floor(endFrames * share);
  }
  const card = (index: number, layer: LaidOutText | null, from: number, to: number, cover: CardCover | null, fade: number) => {
    const at = texts[index] as ClipText;
    if (cover) at.covers.push(cover);
    if (layer && to > from) at.layers.push({ ...layer, fromFrame: from, toFrame: to, fadeFrames: fade });
  };

  let titleEnd = 0;
  if (text.title && titleFrames > 0) {
    const layer = layoutText(text.title.text, text.title.look, shape, fonts, TEXT_LIMITS.titleChars);
    const coverFade = fadeOf(0.5, titleFrames, fps);
    const onColour = text.title.background === 'color' && coverFade > 0;
    if (layer || onColour) {
      titleEnd = titleFrames;
      const cover: CardCover | null = onColour ? { kind: 'in', color: text.title.color, atFrame: titleFrames, fadeFrames: coverFade } : null;
      card(0, layer, 0, titleFrames, cover, onColour ? coverFade : fadeOf(0.3, titleFrames, fps));
    }
  }
  let endStart = last.frames;
  if (text.endCard && endFrames > 0) {
    const layer = layoutText(text.endCard.text, text.endCard.look, shape, fonts, TEXT_LIMITS.titleChars);
    const coverFade = fadeOf(0.5, endFrames, fps);
    const onColour = text.endCard.background === 'color' && coverFade > 0;
    if (layer || onColour) {
      endStart = last.frames - endFrames;
      const cover: CardCover | null = onColour ? { kind: 'out', color: text.endCard.color, atFrame: endStart, fadeFrames: coverFade } : null;
      card(lastIndex, layer, endStart, last.frames, cover, onColour ? coverFade : fadeOf(0.3, endFrames, fps));
    }
  }
  plan.clips.forEach((clip, i) => {
    const caption = text.captions[i];
    if (!caption) return;
    const from = i === 0 ? titleEnd : 0;
    const to = i === lastIndex ? endStart : clip.frames;
    if (to - from < Math.round(0.5 * fps)) return;
    const layer = layoutText(caption, text.captionLook, shape, fonts, TEXT_LIMITS.captionChars);
    if (layer) card(i, layer, from, to, null, fadeOf(0.15, to - from, fps));
  });

  const clips = plan.clips.map((clip, i) => {
    const t = texts[i] as ClipText;
    return t.layers.length > 0 || t.covers.length > 0 ? { ...clip, text: t } : clip;
  });
  return { ...plan, clips };
}

/** A filter option value, escaped for the option and the graph. */
const v = escapeFilterValue;
const colour = (hex: string) => `0x${hex.slice(1).toLowerCase()}`;

/** drawtext for one line of a layer at the frame size `out`, at clip time (seconds) from `startS` to `endS`. */
function lineFilter(layer: TextLayer, line: TextLayer['lines'][number], out: { width: number; height: number }, startS: number, endS: number, fadeS: number): string {
  const short = Math.min(out.width, out.height);
  const size = Math.max(8, Math.round(layer.size * short));
  const minX = Math.round(layer.minX * out.width);
  const maxX = Math.round(layer.maxX * out.width);
  const at = Math.round(layer.x * out.width);
  const x = layer.align === 'left' ? `max(${minX},min(${maxX}-tw,${at}))` : `max(${minX},min(${maxX}-tw,${at}-tw/2))`;
  const options = [
    `fontfile=${v(layer.fontFile)}`,
    'expansion=none',
    // Unhinted outlines scale with the frame, so a preview piece's words sit where the export's do.
    'ft_load_flags=no_hinting',
    `text=${v(line.text)}`,
    `fontsize=${size}`,
    `fontcolor=${colour(layer.color)}`,
    `x=${v(x)}`,
    `y=${Math.round(line.baseline * out.height)}-ascent`,
    `enable=${v(`between(t,${num(startS)},${num(endS)})`)}`,
  ];
  if (fadeS > 0) options.push(`alpha=${v(`max(0,min(1,min((t-${num(startS)})/${num(fadeS)},(${num(endS)}-t)/${num(fadeS)})))`)}`);
  if (layer.box) options.push('box=1', 'boxcolor=black@0.55', `boxborderw=${Math.max(2, Math.round(BOX_PAD * size))}`);
  else {
    const edge = Math.max(1, Math.round(size * 0.05));
    options.push(`borderw=${edge}`, 'bordercolor=black@0.6', `shadowx=${edge}`, `shadowy=${edge}`, 'shadowcolor=black@0.45');
  }
  return `drawtext=${options.join(':')}`;
}

/**
 * A card's colour over its clip, as a little graph inside the chain (its labels carry the clip's
 * index, so clips in one graph never share them): a colour source with a fading alpha laid over the
 * clip only while the card is on screen (FFmpeg's fade to a colour other than black would convert
 * every frame of the clip to RGB and back). Times are the clip's own, `endFrame` its last frame + 1.
 */
function coverFilter(cover: CardCover, id: string, endFrame: number, fps: number, out: { width: number; height: number }): string {
  const from = cover.kind === 'in' ? 0 : cover.atFrame;
  const to = cover.kind === 'in' ? cover.atFrame : Math.max(cover.atFrame + 1, endFrame);
  const fadeAt = cover.kind === 'in' ? cover.atFrame - cover.fadeFrames : cover.atFrame;
  const source = [
    `color=c=${colour(cover.color)}:s=${out.width}x${out.height}:r=${fps}:d=${num((to - from) / fps)}`,
    'format=yuva420p',
    ...(from > 0 ? [`setpts=PTS+${from}`] : []),
    `fade=t=${cover.kind === 'in' ? 'out' : 'in'}:st=${num(fadeAt / fps)}:d=${num(cover.fadeFrames / fps)}:alpha=1`,
  ].join(',');
  // The clip passes untouched where the colour has ended (eof_action=pass) or not begun (enable).
  return `null[tm${id}];${source}[tc${id}];[tm${id}][tc${id}]overlay=eof_action=pass:format=yuv420:enable=${v(`between(t,${num(from / fps)},${num((to - 0.5) / fps)})`)}`;
}

/**
 * The filters that draw a clip's text, for the end of its normalized chain (frames numbered from 0
 * at the output rate, timestamps N/fps). A clip read from a later in point than it was planned with
 * sees its text at the same frames of the take: the timestamps are shifted while the text is drawn.
 */
export function textFilters(clip: Pick<PlannedClip, 'index' | 'inS' | 'frames' | 'text'>, fps: number, out: { width: number; height: number }): string[] {
  const text = clip.text;
  if (!text || (text.layers.length === 0 && text.covers.length === 0)) return [];
  const shift = Math.round((clip.inS - text.anchorInS) * fps);
  const filters: string[] = [];
  if (shift !== 0) filters.push(`setpts=PTS+${shift}`);
  text.covers.forEach((cover, n) => filters.push(coverFilter(cover, `${clip.index}_${n}`, clip.frames + shift, fps, out)));
  for (const layer of text.layers) {
    // The last frame shown is toFrame - 1; half a frame of margin keeps float time on the right side.
    const startS = layer.fromFrame / fps;
    const endS = (layer.toFrame - 0.5) / fps;
    for (const line of layer.lines) filters.push(lineFilter(layer, line, out, startS, endS, layer.fadeFrames / fps));
  }
  if (shift !== 0) filters.push(`setpts=PTS-${shift}`);
  return filters;
}
