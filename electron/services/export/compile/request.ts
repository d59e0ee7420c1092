import { z } from 'zod';
import { TransitionSchema } from '../../../../shared/contract/timeline';
import { FitSchema, FpsSchema, HwEncoderSchema, OutputSettingsSchema } from '../../../../shared/output';
import { FocusPointSchema } from '../../../../shared/contract/clips';
import { CaptionText, ProjectTextSchema } from '../../../../shared/contract/text';

/** How one clip is fitted to the output frame: fit, pad colour, and the point of the clip a crop centres on. */
export const ClipFitSchema = z.object({
  fit: FitSchema,
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
  centre: FocusPointSchema,
});

/**
 * What the compile engine takes and gives back: a timeline of media-store clips, transitions and
 * music, the output settings and path, then progress and a result. Only the services build these
 * (the export service from a project, the CLI from its options); the StudioApi never carries them.
 */

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
    /** Overrides the output's fit for this clip (and centres its crop on the clip's subject). */
    fit: ClipFitSchema.optional(),
    /** Words under this clip (cleaned and cut by the shared rule; empty = none). */
    caption: CaptionText.optional(),
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

/** Level of the clips' own sound under music, 0-100, when nothing says otherwise (export and preview). */
export const DEFAULT_CLIP_AUDIO_VOLUME = 40;

export const MusicSchema = z.object({
  /** A bundled track or the user's own file (a media-store path). */
  path: z.string().min(1),
  /** 0 = silent, 100 = the track's own level. */
  volume: z.number().min(0).max(100).default(80),
  fadeInS: z.number().min(0).max(30).default(1),
  fadeOutS: z.number().min(0).max(30).default(2),
  /** Level of the clips' own sound mixed under the music, 0-100. */
  clipAudioVolume: z.number().min(0).max(100).default(DEFAULT_CLIP_AUDIO_VOLUME),
});
export type Music = z.infer<typeof MusicSchema>;

export const TimelineSchema = z.object({
  clips: z.array(TimelineClipSchema).min(1, 'a timeline needs at least one clip'),
  /** Default transition at every boundary. */
  transition: TransitionSchema.default({ type: 'cut', durationS: 0.5 }),
  music: MusicSchema.nullish(),
  /** The title, the end card and how captions look; absent: no text. */
  text: ProjectTextSchema.nullish(),
});
export type Timeline = z.infer<typeof TimelineSchema>;
export type TimelineInput = z.input<typeof TimelineSchema>;

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

export const CompileModeSchema = z.enum(['filter-graph', 'stream-copy', 'segmented']);
export type CompileMode = z.infer<typeof CompileModeSchema>;

export const CompileResultSchema = z.object({
  outputPath: z.string(),
  durationS: z.number(),
  frames: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  fps: FpsSchema,
  /**
   * `stream-copy` when the cut-only fast path copied the video without re-encoding; `segmented`
   * when the export joined pieces, copying the bodies that already matched (see `segments`).
   */
  mode: CompileModeSchema,
  /** The segmented export's pieces: bodies copied from their takes, pieces encoded now, pieces reused from the cache. */
  segments: z.object({ copied: z.number().int(), encoded: z.number().int(), reused: z.number().int() }).optional(),
  videoEncoder: z.union([z.literal('libx264'), HwEncoderSchema, z.literal('copy')]),
  sizeBytes: z.number().int(),
  wallS: z.number(),
});
export type CompileResult = z.infer<typeof CompileResultSchema>;
