/**
 * Locating the visible window of a camera move by measurement only: a photo of soft bright disks
 * at known places is rendered with the move, the disks are found in a frame, matched to the
 * photo's disks, and a scale + translation per axis is fitted from photo to frame pixels. Nothing
 * here uses the product's motion formulas, so a bug in them cannot hide in the expectation.
 *
 * Coordinates are continuous pixels with pixel centres at i + 0.5, in the photo and in the frame.
 */
import sharp from 'sharp';

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** The visible part of the photo, in photo pixels. */
export interface Window {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** frame = scale * photo + offset, per axis. */
export interface MarkerFit {
  scaleX: number;
  scaleY: number;
  offsetX: number;
  offsetY: number;
  /** Disks found in the frame and matched to a disk of the photo. */
  matched: number;
  /** Disks found in the frame that no photo disk explains (a ghost, a duplicate, a distortion). */
  unmatched: number;
  /** Root-mean-square distance, in frame pixels, between the found disks and the fitted places. */
  rms: number;
  /** Matched disks of the runner-up hypothesis: well below `matched` when the match is unambiguous. */
  runnerUp: number;
}

/** A small fixed generator (32-bit LCG, upper bits) for test content, independent of the product's. */
export function testRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/**
 * Disk centres on a cols x rows grid over the photo, each moved by its own known offset of up to
 * a fifth of the spacing: the layout is not periodic, so a window shifted by a whole grid step
 * cannot fit it as well as the true one.
 */
export function markerLayout(photo: Size, cols = 8, rows = 5, seed = 11): Point[] {
  const rand = testRandom(seed);
  const dx = photo.width / cols;
  const dy = photo.height / rows;
  const points: Point[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) points.push({ x: (i + 0.5 + 0.4 * (rand() - 0.5)) * dx, y: (j + 0.5 + 0.4 * (rand() - 0.5)) * dy });
  }
  return points;
}

/** A black photo with a soft bright disk (raised-cosine rim) at each point. */
export async function markerPhoto(file: string, photo: Size, points: readonly Point[], radius: number): Promise<string> {
  const { width, height } = photo;
  const data = Buffer.alloc(width * height);
  const rim = radius / 3;
  const reach = radius + rim;
  for (const p of points) {
    for (let y = Math.max(0, Math.floor(p.y - reach)); y < Math.min(height, Math.ceil(p.y + reach)); y++) {
      for (let x = Math.max(0, Math.floor(p.x - reach)); x < Math.min(width, Math.ceil(p.x + reach)); x++) {
        const d = Math.hypot(x + 0.5 - p.x, y + 0.5 - p.y);
        const t = Math.min(1, Math.max(0, (radius + rim / 2 - d) / rim));
        const v = Math.round(230 * (0.5 - 0.5 * Math.cos(Math.PI * t)));
        const i = y * width + x;
        if (v > data[i]!) data[i] = v;
      }
    }
  }
  await sharp(data, { raw: { width, height, channels: 1 } }).toColourspace('srgb').png().toFile(file);
  return file;
}

/**
 * Centres of the bright blobs of a gray frame (4-connected pixels above `threshold`, weighted by
 * how far above it they are). Blobs within `margin` pixels of the frame's edge are cut by it and
 * their centre would be biased: they are left out.
 */
export function findBlobs(frame: Buffer, size: Size, threshold = 90, margin = 2, minArea = 6): Point[] {
  const { width, height } = size;
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const found: Point[] = [];
  for (let start = 0; start < width * height; start++) {
    if (seen[start] || frame[start]! <= threshold) continue;
    seen[start] = 1;
    stack[0] = start;
    let top = 1;
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let area = 0;
    let minX = width;
    let minY = height;
    let maxX = -1;
    let maxY = -1;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      const y = (i - x) / width;
      const w = frame[i]! - threshold;
      sw += w;
      sx += (x + 0.5) * w;
      sy += (y + 0.5) * w;
      area++;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
      const neighbours = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1];
      for (const j of neighbours) {
        if (j < 0 || seen[j] || frame[j]! <= threshold) continue;
        seen[j] = 1;
        stack[top++] = j;
      }
    }
    const cut = minX < margin || minY < margin || maxX >= width - margin || maxY >= height - margin;
    if (!cut && area >= minArea) found.push({ x: sx / sw, y: sy / sw });
  }
  return found;
}

/** Least squares of v = scale * u + offset. */
function fitAxis(u: readonly number[], v: readonly number[]): { scale: number; offset: number } {
  const n = u.length;
  const mu = u.reduce((a, b) => a + b, 0) / n;
  const mv = v.reduce((a, b) => a + b, 0) / n;
  let uv = 0;
  let uu = 0;
  for (let i = 0; i < n; i++) {
    uv += (u[i]! - mu) * (v[i]! - mv);
    uu += (u[i]! - mu) ** 2;
  }
  const scale = uv / uu;
  return { scale, offset: mv - scale * mu };
}

/** Index of the layout point nearest to the photo point (x, y), if within `reach` photo pixels. */
function nearest(layout: readonly Point[], x: number, y: number, reach: number): number {
  let best = -1;
  let bestD = reach;
  for (let k = 0; k < layout.length; k++) {
    const d = Math.hypot(layout[k]!.x - x, layout[k]!.y - y);
    if (d <= bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/**
 * Matches the found disks to the layout and fits frame = scale * photo + offset per axis.
 * Association by hypothesis: the found disk `a` and the found disk farthest from it are paired
 * with every ordered pair of layout disks whose direction agrees; each pairing gives a scale and
 * a translation, and the one that explains the most found disks (within `tolerance` frame pixels)
 * wins. No assumption is made about where the window is or how large it is.
 */
export function fitMarkers(found: readonly Point[], layout: readonly Point[], tolerance = 1.5): MarkerFit {
  if (found.length < 3) throw new Error(`only ${found.length} markers found in the frame`);
  const a = found[0]!;
  const b = found.reduce((far, p) => (Math.hypot(p.x - a.x, p.y - a.y) > Math.hypot(far.x - a.x, far.y - a.y) ? p : far), a);
  const seen = { x: b.x - a.x, y: b.y - a.y };
  const hypotheses: { scale: number; ox: number; oy: number; count: number }[] = [];
  for (const k of layout) {
    for (const l of layout) {
      if (k === l) continue;
      const scale = Math.hypot(seen.x, seen.y) / Math.hypot(l.x - k.x, l.y - k.y);
      if (Math.hypot(seen.x - scale * (l.x - k.x), seen.y - scale * (l.y - k.y)) > tolerance) continue;
      const ox = a.x - scale * k.x;
      const oy = a.y - scale * k.y;
      const count = found.filter((p) => nearest(layout, (p.x - ox) / scale, (p.y - oy) / scale, tolerance / scale) >= 0).length;
      hypotheses.push({ scale, ox, oy, count });
    }
  }
  hypotheses.sort((p, q) => q.count - p.count);
  const best = hypotheses[0];
  if (!best) throw new Error('no pairing of the found markers with the photo markers fits a scale and translation');

  let fit = { scaleX: best.scale, scaleY: best.scale, offsetX: best.ox, offsetY: best.oy };
  let pairs: [Point, Point][] = [];
  // Associate with the pairing, fit, and associate again with the fit.
  for (let round = 0; round < 2; round++) {
    pairs = [];
    for (const p of found) {
      const k = nearest(layout, (p.x - fit.offsetX) / fit.scaleX, (p.y - fit.offsetY) / fit.scaleY, tolerance / fit.scaleX);
      if (k >= 0) pairs.push([layout[k]!, p]);
    }
    const x = fitAxis(pairs.map(([q]) => q.x), pairs.map(([, p]) => p.x));
    const y = fitAxis(pairs.map(([q]) => q.y), pairs.map(([, p]) => p.y));
    fit = { scaleX: x.scale, scaleY: y.scale, offsetX: x.offset, offsetY: y.offset };
  }
  const squares = pairs.map(([q, p]) => (fit.scaleX * q.x + fit.offsetX - p.x) ** 2 + (fit.scaleY * q.y + fit.offsetY - p.y) ** 2);
  const rms = Math.sqrt(squares.reduce((s, v) => s + v, 0) / pairs.length);
  const differs = (h: { scale: number; ox: number; oy: number }) =>
    Math.abs(h.scale - best.scale) > 1e-3 * best.scale || Math.hypot(h.ox - best.ox, h.oy - best.oy) > tolerance;
  const runnerUp = hypotheses.find(differs)?.count ?? 0;
  return { ...fit, matched: pairs.length, unmatched: found.length - pairs.length, rms, runnerUp };
}

/** The part of the photo a frame of `frame` size shows under the fit, in photo pixels. */
export function windowOf(fit: MarkerFit, frame: Size): Window {
  return { left: -fit.offsetX / fit.scaleX, top: -fit.offsetY / fit.scaleY, width: frame.width / fit.scaleX, height: frame.height / fit.scaleY };
}
