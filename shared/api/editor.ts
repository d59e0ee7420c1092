import { z } from 'zod';
import {
  AspectSchema,
  EncoderSettingSchema,
  FitSchema,
  FpsSchema,
  OutputSettingsSchema,
  QualitySchema,
  ResolutionSchema,
  TransitionSchema,
} from '../compile';
import { cleanName } from '../clean-name';
import { defineMethods } from './define';
import { ClipId, GenerationDefaults, Job, Take } from './generate';
import { Clip, MediaId } from './media';
import { ProjectId, ProjectSummary } from './projects';

export const TrackId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a bundled track id');

/** A bundled royalty-free track, or the creator's own file copied into the media store. */
export const MusicChoice = z.discriminatedUnion('source', [
  z.object({ source: z.literal('bundled'), trackId: TrackId }),
  z.object({ source: z.literal('file'), mediaId: MediaId, name: z.string().overwrite(cleanName).min(1).max(255) }),
]);
export type MusicChoice = z.infer<typeof MusicChoice>;

export const MusicSettings = z.object({
  choice: MusicChoice,
  volume: z.number().min(0, 'volume must be 0-100').max(100, 'volume must be 0-100').default(80),
  fadeInS: z.number().min(0).max(10).default(1),
  fadeOutS: z.number().min(0).max(10).default(2),
});
export type MusicSettings = z.infer<typeof MusicSettings>;

export const TimelineSettings = z.object({
  transition: TransitionSchema.default({ type: 'fade', durationS: 0.5 }),
  music: MusicSettings.nullable().default(null),
  output: OutputSettingsSchema.default({
    aspect: '16:9',
    resolution: '1080p',
    fps: 30,
    quality: 'standard',
    fit: 'crop',
    encoder: 'auto',
  }),
});
export type TimelineSettings = z.infer<typeof TimelineSettings>;

export const BundledTrack = z.object({ id: TrackId, title: z.string(), durationS: z.number() });
export type BundledTrack = z.infer<typeof BundledTrack>;

export const ExportId = z.string().regex(/^[0-9a-f-]{36}$/i, 'must be an export id');
export const exportStates = ['running', 'succeeded', 'failed', 'cancelled'] as const;

export const Export = z.object({
  id: ExportId,
  projectId: ProjectId,
  state: z.enum(exportStates),
  /** 0-100. */
  progress: z.number(),
  etaS: z.number().nullable(),
  message: z.string(),
  settings: OutputSettingsSchema,
  /** The finished video in the media store (play it by this id). */
  mediaId: MediaId.nullable(),
  durationS: z.number().nullable(),
  sizeBytes: z.number().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Export = z.infer<typeof Export>;

export const EditorClip = Clip.extend({
  trimInS: z.number(),
  trimOutS: z.number().nullable(),
  takes: z.array(Take),
  /** The clip's newest generation job, if any. */
  job: Job.nullable(),
});
export type EditorClip = z.infer<typeof EditorClip>;

/** Everything the project editor shows, in one call. */
export const EditorView = z.object({
  project: ProjectSummary,
  defaults: GenerationDefaults,
  settings: TimelineSettings,
  clips: z.array(EditorClip),
  exports: z.array(Export),
});
export type EditorView = z.infer<typeof EditorView>;

/**
 * Only the output fields a caller names. Not OutputSettingsSchema.partial(): zod 4 still applies the
 * defaults inside .partial(), so `{ quality: 'draft' }` would reset resolution, fps and the rest.
 */
const OutputSettingsPatch = z
  .object({
    aspect: AspectSchema.optional(),
    resolution: ResolutionSchema.optional(),
    fps: FpsSchema.optional(),
    quality: QualitySchema.optional(),
    fit: FitSchema.optional(),
    encoder: EncoderSettingSchema.optional(),
  })
  .strict();

const TrimSeconds = z.number({ error: 'trim points are seconds' }).min(0, 'trim points cannot be negative').max(3600);

export const editorMethods = defineMethods({
  'editor.open': {
    input: z.object({ projectId: ProjectId }).strict(),
    output: EditorView,
  },
  'timeline.update': {
    input: z
      .object({
        projectId: ProjectId,
        transition: TransitionSchema.optional(),
        music: MusicSettings.nullable().optional(),
        output: OutputSettingsPatch.optional(),
      })
      .strict(),
    output: TimelineSettings,
  },
  /** outS null: play to the end of the approved take. */
  'clips.trim': {
    input: z
      .object({ clipId: ClipId, inS: TrimSeconds, outS: TrimSeconds.nullable() })
      .strict()
      .refine((t) => t.outS === null || t.outS > t.inS, { message: 'the out point must come after the in point', path: ['outS'] }),
    output: z.object({ clipId: ClipId, trimInS: z.number(), trimOutS: z.number().nullable() }),
  },
  'music.list': {
    input: z.object({}).strict(),
    output: z.array(BundledTrack),
  },
  /**
   * A bundled track as a media-store id, for the preview player: the renderer plays it like any
   * other media (echoes-media:// in Electron, /media/<id> on the bridge).
   */
  'music.preview': {
    input: z.object({ trackId: TrackId }).strict(),
    output: z.object({ mediaId: MediaId }),
  },
  /** Copies a music file the creator picked (Electron) into the media store; checks FFmpeg can read its audio. */
  'music.importPath': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: z.object({ mediaId: MediaId, name: z.string(), durationS: z.number() }),
  },
  /** Compiles the approved clips in order with the project's settings; progress comes as `export.progress` events. */
  'exports.start': {
    input: z.object({ projectId: ProjectId }).strict(),
    output: Export,
  },
  'exports.cancel': {
    input: z.object({ exportId: ExportId }).strict(),
    output: Export,
  },
  /** Electron: asks where to save a copy. Returns null when the creator cancels the dialog. */
  'exports.saveAs': {
    input: z.object({ exportId: ExportId }).strict(),
    output: z.object({ path: z.string() }).nullable(),
  },
  'exports.showInFolder': {
    input: z.object({ exportId: ExportId }).strict(),
    output: z.object({ shown: z.boolean() }),
  },
});
