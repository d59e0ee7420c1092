/**
 * The contract's option lists and limits as the screens need them at run time.
 *
 * The renderer imports only TYPES from shared/: the shared modules build zod schemas when they load,
 * and zod would be most of the bundle and of its start-up time (the dashboard has a 300 ms budget).
 * Every list here is checked against the shared type at compile time: a value missing from or
 * unknown to the contract is a type error, so the two cannot drift apart.
 */
import type { Aspect as ClipAspect, Motion, MAX_CLIP_S as SharedMaxClipS, MIN_CLIP_S as SharedMinClipS } from '../../shared/api/generate';
import type { MEDIA_HOST, MEDIA_SCHEME } from '../../shared/api/media';
import type { Aspect as OutputAspect, Fps, HwEncoder, OUTPUT_PRESETS, Quality, Resolution } from '../../shared/compile';

/** Accepts a literal list only when it names every member of U exactly (order is the UI's). */
const every =
  <U>() =>
  <const A extends readonly U[]>(list: A & ([U] extends [A[number]] ? unknown : { missing: Exclude<U, A[number]> })): A =>
    list;

export const motions = every<Motion>()(['zoom_in', 'zoom_out', 'pan_left', 'pan_right', 'pan_up', 'pan_down', 'drift']);
export const clipAspects = every<ClipAspect>()(['16:9', '9:16', '4:3', '3:4', '1:1', '21:9']);
export const MIN_CLIP_S: typeof SharedMinClipS = 2;
export const MAX_CLIP_S: typeof SharedMaxClipS = 10;

export const outputAspects = every<OutputAspect>()(['16:9', '9:16', '1:1', '4:5']);
export const resolutions = every<Resolution>()(['720p', '1080p', '4k']);
export const fpsValues = every<Fps>()([24, 25, 30]);
export const qualities = every<Quality>()(['draft', 'standard', 'high']);
export const hwEncoders = every<HwEncoder>()(['h264_videotoolbox', 'h264_nvenc', 'h264_qsv', 'h264_amf']);

/** The named export presets (shared/compile's OUTPUT_PRESETS, which the CLI offers too): the type makes them identical. */
export const outputPresets: typeof OUTPUT_PRESETS = {
  'landscape-1080p': { aspect: '16:9', resolution: '1080p', fps: 30, quality: 'standard', fit: 'pad', encoder: 'auto' },
  'landscape-720p': { aspect: '16:9', resolution: '720p', fps: 30, quality: 'standard', fit: 'pad', encoder: 'auto' },
  'landscape-4k': { aspect: '16:9', resolution: '4k', fps: 30, quality: 'high', fit: 'pad', encoder: 'auto' },
  'vertical-1080p': { aspect: '9:16', resolution: '1080p', fps: 30, quality: 'standard', fit: 'crop', encoder: 'auto' },
  'square-1080p': { aspect: '1:1', resolution: '1080p', fps: 30, quality: 'standard', fit: 'crop', encoder: 'auto' },
  'portrait-1080p': { aspect: '4:5', resolution: '1080p', fps: 30, quality: 'standard', fit: 'crop', encoder: 'auto' },
  'cinema-1080p': { aspect: '16:9', resolution: '1080p', fps: 24, quality: 'high', fit: 'pad', encoder: 'auto' },
};

export const MEDIA_ORIGIN: `${typeof MEDIA_SCHEME}://${typeof MEDIA_HOST}` = 'echoes-media://media';
