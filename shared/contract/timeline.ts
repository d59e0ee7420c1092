import { z } from 'zod';
import { cleanName } from '../clean-name';
import { OutputSettingsPatch, OutputSettingsSchema } from '../output';
import { MAX_TRANSITION_S, TRANSITION_TYPES } from '../values';
import { defineMethods } from './define';
import { MediaId, ProjectId } from './ids';
import { ProjectTextSchema } from './text';
import { DEFAULT_PROJECT_TEXT } from '../text';

export const TransitionTypeSchema = z.enum(TRANSITION_TYPES);

export const TransitionSchema = z.object({
  type: TransitionTypeSchema,
  /** Overlap of the two clips in seconds; ignored for `cut`. */
  durationS: z.number().positive().max(MAX_TRANSITION_S).default(0.5),
});
export type Transition = z.infer<typeof TransitionSchema>;

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
    focus: 'subject',
    encoder: 'auto',
  }),
  /** The title, the end card and how captions look (captions themselves are on the clips). */
  text: ProjectTextSchema.default(DEFAULT_PROJECT_TEXT),
  /** "Cut to the beat": clip lengths fitted so every transition lands on a beat of the music. */
  beatSync: z.boolean().default(false),
});
export type TimelineSettings = z.infer<typeof TimelineSettings>;

export const BundledTrack = z.object({ id: TrackId, title: z.string(), durationS: z.number() });
export type BundledTrack = z.infer<typeof BundledTrack>;

/** A track's beats as the editor draws them (ticks on the ruler) and the fit uses them. */
export const MusicBeats = z.object({
  status: z.enum(['found', 'none', 'no-music']),
  /** Beat times in seconds, ascending. */
  beats: z.array(z.number().nonnegative()).max(100_000),
  /** Indexes into `beats` of the strong beats (downbeats). */
  strong: z.array(z.number().int().nonnegative()).max(100_000),
  tempoBpm: z.number().positive().nullable(),
  /** The track's length: the beats repeat when the music loops. */
  durationS: z.number().nonnegative(),
  /** Why no beat was found; null otherwise. */
  message: z.string().nullable(),
});
export type MusicBeats = z.infer<typeof MusicBeats>;

export const timelineMethods = defineMethods({
  'timeline.update': {
    input: z
      .object({
        projectId: ProjectId,
        transition: TransitionSchema.optional(),
        music: MusicSettings.nullable().optional(),
        output: OutputSettingsPatch.optional(),
        text: ProjectTextSchema.optional(),
        beatSync: z.boolean().optional(),
      })
      .strict(),
    output: TimelineSettings,
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
  /**
   * The beats of the project's music, found on this device (the first call for a track decodes and
   * analyses it, about a second a minute of music; later calls answer from the library). `none`
   * says why the track has no beat; `no-music` when the project has none.
   */
  'music.beats': {
    input: z.object({ projectId: ProjectId }).strict(),
    output: MusicBeats,
  },
  /** Copies a music file the creator picked (Electron) into the media store; checks FFmpeg can read its audio. */
  'music.importPath': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: z.object({ mediaId: MediaId, name: z.string(), durationS: z.number() }),
  },
});
