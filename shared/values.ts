/**
 * The lists and limits every side uses at run time: the renderer, the services, the CLI. Free of
 * zod, so the renderer's bundle and start-up carry none of the contract's schemas (the dashboard
 * has a 300 ms budget); shared/output.ts and shared/contract/ build their schemas from these lists,
 * so a value is written once. What the edge functions check too comes from their wire.ts.
 */
import { CLIP_DURATION_SECONDS, GEN4_TURBO_RATIOS, MAX_PROMPT_LENGTH, type Ratio } from '../supabase/functions/_shared/wire';

export { REFERRAL_CODE_MAX_LENGTH, RUNWAY_MODELS, SYSTEM_PROMPT_MAX_LENGTH, TELEMETRY_LIMITS } from '../supabase/functions/_shared/wire';

// Reports
/** The kinds of unhandled error the renderer reports (reports.error); the main process's are uncaught_exception and unhandled_rejection. */
export const RENDERER_ERROR_NAMES = ['renderer_uncaught_error', 'renderer_unhandled_rejection', 'renderer_render_error'] as const;
export type RendererErrorName = (typeof RENDERER_ERROR_NAMES)[number];


// Generation
/** Camera moves the on-device (`local`) provider renders; `drift` is a slow zoom combined with a pan. */
export const MOTIONS = ['zoom_in', 'zoom_out', 'pan_left', 'pan_right', 'pan_up', 'pan_down', 'drift'] as const;
/**
 * The one list of output shapes: a project has one, and the editor, the export, the CLI's --ratio
 * and the Runway mapping all read this list. The first four are the social shapes; the rest are the
 * ones Runway gen4_turbo renders beyond them.
 */
export const SHAPES = ['16:9', '9:16', '1:1', '4:5', '4:3', '3:4', '21:9'] as const;
export type Shape = (typeof SHAPES)[number];
/** How the editor and the export name each shape. */
export const SHAPE_LABELS: Record<Shape, string> = {
  '16:9': '16:9 landscape',
  '9:16': '9:16 vertical',
  '1:1': '1:1 square',
  '4:5': '4:5 portrait',
  '4:3': '4:3',
  '3:4': '3:4',
  '21:9': '21:9 cinema',
};
/** Width / height of a shape. */
export function shapeRatio(shape: Shape): number {
  const [w, h] = shape.split(':').map(Number) as [number, number];
  return w / h;
}
const ratioOf = (text: string) => {
  const [w, h] = text.split(':').map(Number) as [number, number];
  return w / h;
};
/** The shape closest to a frame's proportions (log distance, so 2:1 and 1:2 are equally far from 1:1). */
export function nearestShape(width: number, height: number, among: readonly Shape[] = SHAPES): Shape {
  const r = Math.log(width / height);
  const dist = (s: Shape) => Math.abs(Math.log(shapeRatio(s)) - r);
  return among.reduce((best, s) => (dist(s) < dist(best) ? s : best));
}
/** Runway gen4_turbo's ratio for each shape: its own where it has it, else the nearest one (4:5 -> 832:1104). */
export const CLIP_RATIOS = Object.fromEntries(
  SHAPES.map((shape) => {
    const dist = (r: string) => Math.abs(Math.log(ratioOf(r) / shapeRatio(shape)));
    return [shape, GEN4_TURBO_RATIOS.reduce((best, r) => (dist(r) < dist(best) ? r : best))];
  }),
) as Record<Shape, Ratio>;
/**
 * Pixel size of an on-device clip per shape: Runway's size where Runway has the shape (so takes of
 * both providers match), the exact shape at 1080 px tall otherwise (4:5: 864x1080).
 */
export const aspectSizes = Object.fromEntries(
  SHAPES.map((shape) => {
    const [w, h] = CLIP_RATIOS[shape].split(':').map(Number) as [number, number];
    if (Math.abs(w / h / shapeRatio(shape) - 1) < 0.02) return [shape, { width: w, height: h }];
    return [shape, { width: Math.round((1080 * shapeRatio(shape)) / 2) * 2, height: 1080 }];
  }),
) as Record<Shape, { width: number; height: number }>;
export const MIN_CLIP_S = CLIP_DURATION_SECONDS.min;
export const MAX_CLIP_S = CLIP_DURATION_SECONDS.max;
export const MAX_PROMPT_CHARS = MAX_PROMPT_LENGTH;
export const GENERATION_FPS = [24, 30] as const;
export const jobStates = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
/** A provider task's own state (Runway's task model); null before the task exists. */
export const providerTaskStates = ['PENDING', 'THROTTLED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
/** Why a generation failed; only `retryable` is retried automatically. */
export const errorKinds = ['retryable', 'safety', 'invalid_input', 'timeout', 'expired', 'interrupted', 'internal'] as const;

// Media
/** A media-store id: the sha256 of the content and an extension. The renderer names media only by these. */
export const MEDIA_ID_PATTERN = /^[0-9a-f]{64}\.[a-z0-9]{2,5}$/;
/** The Electron media protocol: echoes-media://media/<id>. The bridge serves the same ids at /media/<id>. */
export const MEDIA_SCHEME = 'echoes-media';
export const MEDIA_HOST = 'media';
export const MEDIA_ORIGIN = `${MEDIA_SCHEME}://${MEDIA_HOST}` as const;
/** What the importer accepts; beyond these a file is refused with a message naming the limit. */
export const MAX_IMPORT_PIXELS = 100_000_000;
/** A photo's shorter side must have at least this many pixels: motion crops and zooms need room (a 1 px photo cannot be cropped at all). */
export const MIN_PHOTO_SIDE_PX = 64;
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
export const MAX_IMPORT_FILES = 1000;
export const importErrorCodes = ['EMPTY', 'TOO_LARGE', 'NOT_AN_IMAGE', 'UNSUPPORTED', 'DAMAGED', 'UNREADABLE', 'FAILED'] as const;
export const importStatuses = ['importing', 'imported', 'failed'] as const;

// Timeline
/** xfade transitions present since FFmpeg 4.3 (the minimum version the studio accepts). */
export const XFADE_TRANSITIONS = [
  'fade',
  'fadeblack',
  'fadewhite',
  'dissolve',
  'wipeleft',
  'wiperight',
  'wipeup',
  'wipedown',
  'slideleft',
  'slideright',
  'slideup',
  'slidedown',
  'smoothleft',
  'smoothright',
  'smoothup',
  'smoothdown',
  'circleopen',
  'circleclose',
  'circlecrop',
  'rectcrop',
  'radial',
  'horzopen',
  'horzclose',
  'vertopen',
  'vertclose',
  'distance',
  'pixelize',
  'diagtl',
  'diagtr',
  'diagbl',
  'diagbr',
  'hlslice',
  'hrslice',
  'vuslice',
  'vdslice',
] as const;
export type XfadeTransition = (typeof XFADE_TRANSITIONS)[number];
export const TRANSITION_TYPES = ['cut', ...XFADE_TRANSITIONS] as const;
export type TransitionType = (typeof TRANSITION_TYPES)[number];
export const MAX_TRANSITION_S = 5;

// Output
export const RESOLUTIONS = ['720p', '1080p', '4k'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const FPS_VALUES = [24, 25, 30] as const;
export type Fps = (typeof FPS_VALUES)[number];
export const QUALITIES = ['draft', 'standard', 'high'] as const;
export type Quality = (typeof QUALITIES)[number];
/** crop: fill the frame (the window placed on the subject); blur: the whole picture over a blurred copy; pad: the whole picture on a colour. */
export const FITS = ['crop', 'blur', 'pad'] as const;
export type Fit = (typeof FITS)[number];
/** subject: crops and camera moves aim at each photo's focus point; center: the middle, as before. */
export const FOCUS_MODES = ['subject', 'center'] as const;
export type FocusMode = (typeof FOCUS_MODES)[number];
/** h264_mf: Windows' Media Foundation, the one hardware path not tied to a GPU vendor (and the one on Windows on Arm). */
export const HW_ENCODERS = ['h264_videotoolbox', 'h264_nvenc', 'h264_qsv', 'h264_amf', 'h264_mf'] as const;
export type HwEncoder = (typeof HW_ENCODERS)[number];
export type VideoEncoder = HwEncoder | 'libx264';
/** auto picks a working hardware encoder, software forces libx264. */
export type EncoderSetting = 'auto' | 'software' | HwEncoder;

export interface OutputSettings {
  /** The project's shape. */
  aspect: Shape;
  resolution: Resolution;
  fps: Fps;
  quality: Quality;
  fit: Fit;
  focus: FocusMode;
  encoder: EncoderSetting;
}

/** Short side in pixels per resolution; the long side follows from the aspect. */
const SHORT_SIDE: Record<Resolution, number> = { '720p': 720, '1080p': 1080, '4k': 2160 };

/** Output frame size for a shape and resolution: the short side is the resolution's, both even. */
export function outputDimensions(aspect: Shape, resolution: Resolution): { width: number; height: number } {
  const s = SHORT_SIDE[resolution];
  const ratio = shapeRatio(aspect);
  const long = Math.round((s * Math.max(ratio, 1 / ratio)) / 2) * 2;
  return ratio >= 1 ? { width: long, height: s } : { width: s, height: long };
}

/** Named presets offered by the UI and the CLI. */
export const OUTPUT_PRESETS = {
  'landscape-1080p': { aspect: '16:9', resolution: '1080p', fps: 30, quality: 'standard', fit: 'crop', focus: 'subject', encoder: 'auto' },
  'landscape-720p': { aspect: '16:9', resolution: '720p', fps: 30, quality: 'standard', fit: 'crop', focus: 'subject', encoder: 'auto' },
  'landscape-4k': { aspect: '16:9', resolution: '4k', fps: 30, quality: 'high', fit: 'crop', focus: 'subject', encoder: 'auto' },
  'vertical-1080p': { aspect: '9:16', resolution: '1080p', fps: 30, quality: 'standard', fit: 'crop', focus: 'subject', encoder: 'auto' },
  'square-1080p': { aspect: '1:1', resolution: '1080p', fps: 30, quality: 'standard', fit: 'crop', focus: 'subject', encoder: 'auto' },
  'portrait-1080p': { aspect: '4:5', resolution: '1080p', fps: 30, quality: 'standard', fit: 'crop', focus: 'subject', encoder: 'auto' },
  'cinema-1080p': { aspect: '16:9', resolution: '1080p', fps: 24, quality: 'high', fit: 'crop', focus: 'subject', encoder: 'auto' },
} as const satisfies Record<string, OutputSettings>;
export type OutputPresetName = keyof typeof OUTPUT_PRESETS;

// Export
export const exportStates = ['running', 'succeeded', 'failed', 'cancelled'] as const;

// Cloud
/** What needs an Echoes account (a configured Supabase project and a signed-in creator). */
export const CLOUD_FEATURES = ['Runway AI clips', 'credits and credit packs', 'cloud backup of photos and clips', 'admin settings'] as const;
