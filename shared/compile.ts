import { z } from 'zod';

/**
 * The compile domain shared by the app, the renderer and the CLI:
 * a timeline of clips, transitions, music, output settings, progress and result.
 */

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
export const TransitionTypeSchema = z.enum(TRANSITION_TYPES);
export type TransitionType = z.infer<typeof TransitionTypeSchema>;

export const MAX_TRANSITION_S = 5;

export const TransitionSchema = z.object({
  type: TransitionTypeSchema,
  /** Overlap of the two clips in seconds; ignored for `cut`. */
  durationS: z.number().positive().max(MAX_TRANSITION_S).default(0.5),
});
export type Transition = z.infer<typeof TransitionSchema>;

export const TimelineClipSchema = z
  .object({
    /** Caller's id for the clip, used in error messages. */
    id: z.string().min(1).optional(),
    /** A media-store path. Either this or `mediaId` (resolved by the caller's resolver). */
    path: z.string().min(1).optional(),
    mediaId: z.string().min(1).optional(),
    /** Trim points in seconds of the source clip; `outS` defaults to the clip's end. */
    inS: z.number().min(0).default(0),
    outS: z.number().positive().optional(),
    /** Overrides the timeline transition at the boundary after this clip. */
    transitionOut: TransitionSchema.optional(),
  })
  .refine((c) => (c.path === undefined) !== (c.mediaId === undefined), {
    message: 'a clip needs exactly one of path or mediaId',
  })
  .refine((c) => c.outS === undefined || c.outS > c.inS, {
    message: 'outS must be greater than inS',
    path: ['outS'],
  });
export type TimelineClip = z.infer<typeof TimelineClipSchema>;
export type TimelineClipInput = z.input<typeof TimelineClipSchema>;

export const MusicSchema = z.object({
  /** A bundled track or the user's own file (a media-store path). */
  path: z.string().min(1),
  /** 0 = silent, 100 = the track's own level. */
  volume: z.number().min(0).max(100).default(80),
  fadeInS: z.number().min(0).max(30).default(1),
  fadeOutS: z.number().min(0).max(30).default(2),
  /** Level of the clips' own sound mixed under the music, 0-100. */
  clipAudioVolume: z.number().min(0).max(100).default(40),
});
export type Music = z.infer<typeof MusicSchema>;

export const TimelineSchema = z.object({
  clips: z.array(TimelineClipSchema).min(1, 'a timeline needs at least one clip'),
  /** Default transition at every boundary. */
  transition: TransitionSchema.default({ type: 'cut', durationS: 0.5 }),
  music: MusicSchema.nullish(),
});
export type Timeline = z.infer<typeof TimelineSchema>;
export type TimelineInput = z.input<typeof TimelineSchema>;

export const ASPECTS = ['16:9', '9:16', '1:1', '4:5'] as const;
export const AspectSchema = z.enum(ASPECTS);
export type Aspect = z.infer<typeof AspectSchema>;

export const RESOLUTIONS = ['720p', '1080p', '4k'] as const;
export const ResolutionSchema = z.enum(RESOLUTIONS);
export type Resolution = z.infer<typeof ResolutionSchema>;

export const FPS_VALUES = [24, 25, 30] as const;
export const FpsSchema = z.union([z.literal(24), z.literal(25), z.literal(30)]);
export type Fps = z.infer<typeof FpsSchema>;

export const QUALITIES = ['draft', 'standard', 'high'] as const;
export const QualitySchema = z.enum(QUALITIES);
export type Quality = z.infer<typeof QualitySchema>;

export const FitSchema = z.enum(['pad', 'crop']);
export type Fit = z.infer<typeof FitSchema>;

export const HW_ENCODERS = ['h264_videotoolbox', 'h264_nvenc', 'h264_qsv', 'h264_amf'] as const;
export const HwEncoderSchema = z.enum(HW_ENCODERS);
export type HwEncoder = z.infer<typeof HwEncoderSchema>;
export type VideoEncoder = HwEncoder | 'libx264';

export const EncoderSettingSchema = z.union([z.literal('auto'), z.literal('software'), HwEncoderSchema]);
export type EncoderSetting = z.infer<typeof EncoderSettingSchema>;

export const OutputSettingsSchema = z.object({
  aspect: AspectSchema.default('16:9'),
  resolution: ResolutionSchema.default('1080p'),
  fps: FpsSchema.default(30),
  quality: QualitySchema.default('standard'),
  fit: FitSchema.default('pad'),
  encoder: EncoderSettingSchema.default('auto'),
});
export type OutputSettings = z.infer<typeof OutputSettingsSchema>;
export type OutputSettingsInput = z.input<typeof OutputSettingsSchema>;

/** Short side in pixels per resolution; the long side follows from the aspect. */
const SHORT_SIDE: Record<Resolution, number> = { '720p': 720, '1080p': 1080, '4k': 2160 };

/** Output frame size for an aspect and resolution (always even). */
export function outputDimensions(aspect: Aspect, resolution: Resolution): { width: number; height: number } {
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

export const CompileRequestSchema = z.object({
  timeline: TimelineSchema,
  output: OutputSettingsSchema,
  /** Destination file (.mp4); written to a temp file next to it and renamed at the end. */
  outputPath: z.string().min(1),
});
export type CompileRequest = z.infer<typeof CompileRequestSchema>;
export type CompileRequestInput = z.input<typeof CompileRequestSchema>;

export const CompilePhaseSchema = z.enum(['probing', 'encoding', 'done']);
export type CompilePhase = z.infer<typeof CompilePhaseSchema>;

export const CompileProgressSchema = z.object({
  phase: CompilePhaseSchema,
  /** 0-100 of the output duration written so far. */
  percent: z.number().min(0).max(100),
  /** Estimated seconds left, null until it can be estimated. */
  etaS: z.number().min(0).nullable(),
  /** Output time written so far, in seconds. */
  outTimeS: z.number().min(0),
  /** Encoding speed as a multiple of real time, null when unknown. */
  speed: z.number().min(0).nullable(),
});
export type CompileProgress = z.infer<typeof CompileProgressSchema>;

export const CompileModeSchema = z.enum(['filter-graph', 'stream-copy']);
export type CompileMode = z.infer<typeof CompileModeSchema>;

export const CompileResultSchema = z.object({
  outputPath: z.string(),
  durationS: z.number(),
  frames: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  fps: FpsSchema,
  /** `stream-copy` when the cut-only fast path copied the video without re-encoding. */
  mode: CompileModeSchema,
  videoEncoder: z.union([z.literal('libx264'), HwEncoderSchema, z.literal('copy')]),
  sizeBytes: z.number().int(),
  wallS: z.number(),
});
export type CompileResult = z.infer<typeof CompileResultSchema>;
