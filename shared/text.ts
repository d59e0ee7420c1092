/**
 * Words on the video (pure, zod-free: the renderer, the services and the CLI all read it): the
 * styles, sizes and places text can have, the cleaning every string goes through, each shape's safe
 * area, and the text layers the compile engine's planner attaches to planned clips.
 */
import type { Shape } from './values';

export const TEXT_STYLES = ['lower-third', 'centred', 'big-bold'] as const;
export type TextStyle = (typeof TEXT_STYLES)[number];
export const TEXT_STYLE_LABELS: Record<TextStyle, string> = { 'lower-third': 'Lower third', centred: 'Centred', 'big-bold': 'Big bold' };
export const TEXT_SIZES = ['small', 'medium', 'large'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];
export const TEXT_POSITIONS = ['top', 'middle', 'bottom'] as const;
export type TextPosition = (typeof TEXT_POSITIONS)[number];

/** How a piece of text looks: its style, size, colour (#rrggbb) and place (null: the style's own). */
export interface TextLook {
  style: TextStyle;
  size: TextSize;
  color: string;
  position: TextPosition | null;
}

/** An opening title or an end card: over the first / last clip, or on a colour that dissolves into (out of) it. */
export interface TextCard {
  text: string;
  look: TextLook;
  background: 'clip' | 'color';
  /** The card's colour (#rrggbb) when `background` is `color`. */
  color: string;
  /** How long the card is on screen; it lives on its clip, so it never lengthens the video. */
  durationS: number;
}

/** The project's words: a title, an end card, and how every clip's caption looks. */
export interface ProjectText {
  title: TextCard | null;
  endCard: TextCard | null;
  captionLook: TextLook;
}

/**
 * The rule for long text, the same everywhere: a title keeps at most 120 characters, a caption 200
 * (cut at a word when one ends in the last 20, then "…"); the engine wraps it into at most 3 lines
 * inside the safe area, shrinking the size down to 60 % before it cuts the last line with "…".
 */
export const TEXT_LIMITS = { titleChars: 120, captionChars: 200, lines: 3 } as const;
/** A card's time on screen in seconds. */
export const CARD_SECONDS = { min: 1, max: 8, default: 3 } as const;
/** What a request or a file may carry before it is cleaned and cut (a 10 kB title is cut, not refused). */
export const MAX_RAW_TEXT_CHARS = 20_000;

export const DEFAULT_TITLE_LOOK: TextLook = { style: 'big-bold', size: 'medium', color: '#ffffff', position: null };
export const DEFAULT_END_LOOK: TextLook = { style: 'centred', size: 'medium', color: '#ffffff', position: null };
export const DEFAULT_CAPTION_LOOK: TextLook = { style: 'lower-third', size: 'medium', color: '#ffffff', position: null };
export const DEFAULT_PROJECT_TEXT: ProjectText = { title: null, endCard: null, captionLook: DEFAULT_CAPTION_LOOK };

/** Where each style sits when its look names no place. */
export const STYLE_POSITION: Record<TextStyle, TextPosition> = { 'lower-third': 'bottom', centred: 'middle', 'big-bold': 'middle' };

// Controls (C0, C1), lone surrogates, private use, and the bidi embeddings, overrides and isolates
// (they reorder what follows and could make text read as something else).
const STRIPPED = /[\p{Cc}\p{Cs}\p{Co}\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
const SPACES = /[\s\u2028\u2029]+/gu;

/**
 * A creator's text as the video shows it: NFC, control characters removed, every run of white
 * space (new lines, tabs) one space, trimmed, and at most `maxChars` characters by the rule above.
 * A string of only control characters becomes empty (no text).
 */
export function cleanText(raw: string, maxChars: number): string {
  const text = raw.slice(0, MAX_RAW_TEXT_CHARS * 2).normalize('NFC').replace(SPACES, ' ').replace(STRIPPED, '').replace(/ {2,}/g, ' ').trim();
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  const kept = chars.slice(0, maxChars - 1);
  const lastSpace = kept.lastIndexOf(' ');
  const cut = lastSpace >= kept.length - 20 && lastSpace > 0 ? kept.slice(0, lastSpace) : kept;
  return `${cut.join('').trimEnd()}…`;
}

/**
 * The part of each shape's frame that text stays in, as fractions of the frame from its edges.
 * 16:9 and 21:9 keep the broadcast title-safe margin; 9:16 keeps clear of the short-video apps'
 * own layer (the caption and account name at the bottom, the button column on the right, the tabs
 * at the top); the feed shapes keep a margin the apps' crops and rounded corners do not reach.
 */
export const SAFE_AREAS: Record<Shape, { left: number; right: number; top: number; bottom: number }> = {
  '16:9': { left: 0.06, right: 0.06, top: 0.07, bottom: 0.08 },
  '21:9': { left: 0.08, right: 0.08, top: 0.08, bottom: 0.09 },
  '4:3': { left: 0.06, right: 0.06, top: 0.06, bottom: 0.07 },
  '3:4': { left: 0.07, right: 0.07, top: 0.07, bottom: 0.08 },
  '1:1': { left: 0.07, right: 0.07, top: 0.07, bottom: 0.08 },
  '4:5': { left: 0.07, right: 0.07, top: 0.07, bottom: 0.1 },
  '9:16': { left: 0.06, right: 0.16, top: 0.12, bottom: 0.24 },
};

/** One line of a text layer, its baseline as a fraction of the frame's height. */
export interface PlannedTextLine {
  text: string;
  baseline: number;
}

/**
 * Text the engine draws on a planned clip, resolution-free: positions and sizes are fractions of
 * the frame, times are frames of the clip as planned (see ClipText.anchorInS).
 */
export interface TextLayer {
  lines: PlannedTextLine[];
  /** Left edge (left) or centre (center) of every line, as a fraction of the width. */
  align: 'left' | 'center';
  x: number;
  /** The safe area's left and right edges: no line is drawn beyond them. */
  minX: number;
  maxX: number;
  /** Font size as a fraction of the frame's shorter side. */
  size: number;
  /** The bundled font file to draw with (an absolute path). */
  fontFile: string;
  color: string;
  /** A dark band behind each line (lower third); otherwise an outline and a shadow. */
  box: boolean;
  /** The clip frames it is on: [fromFrame, toFrame). */
  fromFrame: number;
  toFrame: number;
  /** Frames it takes to fade in and out (0: it appears and goes at once). */
  fadeFrames: number;
}

/** A card's colour over its clip: `in` covers the clip until `atFrame`, then dissolves; `out` dissolves into the colour from `atFrame`. */
export interface CardCover {
  kind: 'in' | 'out';
  color: string;
  atFrame: number;
  fadeFrames: number;
}

/**
 * A planned clip's text. Frames count from the clip's first frame when planned with in point
 * `anchorInS`: a piece that reads the clip from a later frame (a preview segment, a part of a long
 * export) has a later in point, and the engine shifts the times by the difference.
 */
export interface ClipText {
  anchorInS: number;
  layers: TextLayer[];
  /** The title's colour (first clip), the end card's (last clip): both when the video is one clip. */
  covers: CardCover[];
}
