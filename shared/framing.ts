/**
 * Where a picture sits in a frame of another shape (pure, zod-free: the services, the graph builder,
 * the thumbnails and the renderer's reframe view all place crops with these, so they agree).
 * Coordinates are fractions (0-1) of the picture they describe, from its top-left corner.
 */
import type { Fit, FocusMode } from './values';

export interface FocusPoint {
  x: number;
  y: number;
}

/** A creator's crop box: its centre in the picture and how far it is zoomed in (1 = the largest box of the shape). */
export interface CropBox {
  cx: number;
  cy: number;
  zoom: number;
}

/** A clip's own framing; a clip without one follows the project (subject-aware, automatic fit). */
export interface ClipFraming {
  fit: Fit;
  /** Background of `pad`, #rrggbb. */
  color: string;
  /** Set by the reframe view; null: the box follows the photo's focus point. */
  box: CropBox | null;
}

/**
 * How the export and the preview fit one take into the output frame: the fit, the pad colour, and
 * the point of the take the crop is centred on (its subject, where it is known).
 */
export interface ClipFit {
  fit: Fit;
  color: string;
  centre: FocusPoint;
}

export const CENTER: FocusPoint = { x: 0.5, y: 0.5 };
export const MAX_ZOOM = 4;
export const DEFAULT_PAD_COLOR = '#000000';

export interface Window {
  x: number;
  y: number;
  width: number;
  height: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * The crop window of proportions `ratio` (width / height) inside a picture: the largest one at
 * zoom 1, `zoom` times smaller otherwise, centred on `centre` as nearly as it can be while staying
 * inside the picture. In the picture's pixels (not rounded).
 */
export function cropWindow(picture: { width: number; height: number }, ratio: number, centre: FocusPoint = CENTER, zoom = 1): Window {
  const z = clamp(zoom, 1, MAX_ZOOM);
  let width = picture.width;
  let height = width / ratio;
  if (height > picture.height) {
    height = picture.height;
    width = height * ratio;
  }
  width /= z;
  height /= z;
  const x = clamp(centre.x * picture.width - width / 2, 0, picture.width - width);
  const y = clamp(centre.y * picture.height - height / 2, 0, picture.height - height);
  return { x, y, width, height };
}

/** Where a point of the picture lands inside a window cut from it (fractions of the window; may fall outside 0-1). */
export function pointInWindow(point: FocusPoint, picture: { width: number; height: number }, window: Window): FocusPoint {
  return { x: (point.x * picture.width - window.x) / window.width, y: (point.y * picture.height - window.y) / window.height };
}

/** What a take was made with, as far as its framing goes. */
export interface MadeWith {
  framing: ClipFraming | null;
  focusMode: FocusMode;
}

const framingKey = (framing: ClipFraming | null, focusMode: FocusMode) =>
  JSON.stringify({ fit: framing?.fit ?? null, color: framing?.fit === 'pad' ? framing.color : null, box: framing?.box ?? null, focusMode });

/**
 * Whether a clip's approved take still fits the project: `shape` when it was made for another shape,
 * `framing` when it is a device take made with another framing than the clip's now (free to make
 * again, so it is remade to follow). Paid takes are never remade for a framing change: the export
 * fits them. Takes made before framing was recorded count as fitting.
 */
export function takeFit(
  take: { aspect: string; madeWith: MadeWith | null },
  clip: { framing: ClipFraming | null },
  project: { aspect: string; focus: FocusMode },
  device: boolean,
): 'ok' | 'shape' | 'framing' {
  if (take.aspect !== project.aspect) return 'shape';
  if (device && take.madeWith && framingKey(take.madeWith.framing, take.madeWith.focusMode) !== framingKey(clip.framing, project.focus)) return 'framing';
  return 'ok';
}

/** The centre the crop aims at: the creator's box, else the focus point (subject mode), else the middle. */
export function cropCentre(framing: ClipFraming | null, focus: FocusPoint | null, mode: 'subject' | 'center'): FocusPoint {
  if (framing?.box) return { x: framing.box.cx, y: framing.box.cy };
  return mode === 'subject' && focus ? focus : CENTER;
}
