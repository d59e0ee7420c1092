/**
 * The lists and limits every side uses at run time: the renderer, the services, the CLI. Free of
 * zod, so the renderer's bundle and start-up carry none of the contract's schemas (the dashboard
 * has a 300 ms budget); shared/output.ts and shared/contract/ build their schemas from these lists,
 * so a value is written once. What the edge functions check too comes from their wire.ts.
 */
import { CLIP_DURATION_SECONDS, MAX_PROMPT_LENGTH, type Ratio } from '../supabase/functions/_shared/wire';

export { REFERRAL_CODE_MAX_LENGTH, RUNWAY_MODELS, SYSTEM_PROMPT_MAX_LENGTH } from '../supabase/functions/_shared/wire';


// Generation
/** Camera moves the on-device (`local`) provider renders; `drift` is a slow zoom combined with a pan. */
export const MOTIONS = ['zoom_in', 'zoom_out', 'pan_left', 'pan_right', 'pan_up', 'pan_down', 'drift'] as const;
/** Project aspect ratios: the ones Runway gen4_turbo renders, so every provider's clips share one size. */
export const CLIP_ASPECTS = ['16:9', '9:16', '4:3', '3:4', '1:1', '21:9'] as const;
export type ClipAspect = (typeof CLIP_ASPECTS)[number];
/** Runway gen4_turbo's ratio for each project aspect (its list is the backend's, in wire.ts). */
export const CLIP_RATIOS: Record<ClipAspect, Ratio> = {
  '16:9': '1280:720',
  '9:16': '720:1280',
  '4:3': '1104:832',
  '3:4': '832:1104',
  '1:1': '960:960',
  '21:9': '1584:672',
};
/** Pixel size of a generated clip per aspect: its Runway ratio read as width:height. */
export const aspectSizes = Object.fromEntries(
  Object.entries(CLIP_RATIOS).map(([aspect, ratio]) => {
    const [width, height] = ratio.split(':').map(Number) as [number, number];
    return [aspect, { width, height }];
  }),
) as Record<ClipAspect, { width: number; height: number }>;
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
export const OUTPUT_ASPECTS = ['16:9', '9:16', '1:1', '4:5'] as const;
export type OutputAspect = (typeof OUTPUT_ASPECTS)[number];
export const RESOLUTIONS = ['720p', '1080p', '4k'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const FPS_VALUES = [24, 25, 30] as const;
export type Fps = (typeof FPS_VALUES)[number];
export const QUALITIES = ['draft', 'standard', 'high'] as const;
export type Quality = (typeof QUALITIES)[number];
export const FITS = ['pad', 'crop'] as const;
export type Fit = (typeof FITS)[number];
/** h264_mf: Windows' Media Foundation, the one hardware path not tied to a GPU vendor (and the one on Windows on Arm). */
export const HW_ENCODERS = ['h264_videotoolbox', 'h264_nvenc', 'h264_qsv', 'h264_amf', 'h264_mf'] as const;
export type HwEncoder = (typeof HW_ENCODERS)[number];
export type VideoEncoder = HwEncoder | 'libx264';
/** auto picks a working hardware encoder, software forces libx264. */
export type EncoderSetting = 'auto' | 'software' | HwEncoder;

export interface OutputSettings {
  aspect: OutputAspect;
  resolution: Resolution;
  fps: Fps;
  quality: Quality;
  fit: Fit;
  encoder: EncoderSetting;
}

/** Short side in pixels per resolution; the long side follows from the aspect. */
const SHORT_SIDE: Record<Resolution, number> = { '720p': 720, '1080p': 1080, '4k': 2160 };

/** Output frame size for an aspect and resolution (always even). */
export function outputDimensions(aspect: OutputAspect, resolution: Resolution): { width: number; height: number } {
  const s = SHORT_SIDE[resolution];
  const long16x9 = Math.round((s * 16) / 9 / 2) * 2;
  switch (aspect) {
    case '16:9':
      return { width: long16x9, height: s };
    case '9:16':
      return { width: s, height: long16x9 };
    case '1:1':
      return { width: s, height: s };
    case '4:5':
      return { width: s, height: Math.round((s * 5) / 4 / 2) * 2 };
  }
}

/** Named presets offered by the UI and the CLI. */
export const OUTPUT_PRESETS = {
  'landscape-1080p': { aspect: '16:9', resolution: '1080p', fps: 30, quality: 'standard', fit: 'pad', encoder: 'auto' },
  'landscape-720p': { aspect: '16:9', resolution: '720p', fps: 30, quality: 'standard', fit: 'pad', encoder: 'auto' },
  'landscape-4k': { aspect: '16:9', resolution: '4k', fps: 30, quality: 'high', fit: 'pad', encoder: 'auto' },
  'vertical-1080p': { aspect: '9:16', resolution: '1080p', fps: 30, quality: 'standard', fit: 'crop', encoder: 'auto' },
  'square-1080p': { aspect: '1:1', resolution: '1080p', fps: 30, quality: 'standard', fit: 'crop', encoder: 'auto' },
  'portrait-1080p': { aspect: '4:5', resolution: '1080p', fps: 30, quality: 'standard', fit: 'crop', encoder: 'auto' },
  'cinema-1080p': { aspect: '16:9', resolution: '1080p', fps: 24, quality: 'high', fit: 'pad', encoder: 'auto' },
} as const satisfies Record<string, OutputSettings>;
export type OutputPresetName = keyof typeof OUTPUT_PRESETS;

// Export
export const exportStates = ['running', 'succeeded', 'failed', 'cancelled'] as const;

// Cloud
/** What needs an Echoes account (a configured Supabase project and a signed-in creator). */
export const CLOUD_FEATURES = ['Runway AI clips', 'credits and credit packs', 'cloud backup of photos and clips', 'admin settings'] as const;
