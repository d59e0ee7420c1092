import { z } from 'zod';
import { errorKinds, GENERATION_FPS, jobStates, MAX_CLIP_S, MAX_PROMPT_CHARS, MIN_CLIP_S, MOTIONS, providerTaskStates } from '../values';
import { cleanText } from '../clean-name';
import { FocusModeSchema, ShapeSchema } from '../output';
import { ClipFramingSchema } from './framing';
import { defineMethods } from './define';
import { ClipId, JobId, ProjectId, TakeId } from './ids';

export const Motion = z.enum(MOTIONS, { error: `motion must be one of ${MOTIONS.join(', ')}` });
export type Motion = z.infer<typeof Motion>;


/** Registry key of a generator: `local` (on-device motion) now, `runway` with the cloud. */
export const ProviderName = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'must be a provider name such as "local"');
export const Seed = z.number({ error: 'seed must be a number' }).int('seed must be a whole number').min(0).max(4_294_967_295);
export const ClipDuration = z
  .number({ error: 'duration must be a number of seconds' })
  .min(MIN_CLIP_S, `duration must be at least ${MIN_CLIP_S} s`)
  .max(MAX_CLIP_S, `duration must be at most ${MAX_CLIP_S} s`);
export const GenerationFps = z.literal(GENERATION_FPS, { error: `fps must be ${GENERATION_FPS.join(' or ')}` });
export const Prompt = z.string().overwrite(cleanText).max(MAX_PROMPT_CHARS, `prompt must be at most ${MAX_PROMPT_CHARS} characters`);

export const JobState = z.enum(jobStates);
export type JobState = z.infer<typeof JobState>;

export const ProviderTaskState = z.enum(providerTaskStates);
export type ProviderTaskState = z.infer<typeof ProviderTaskState>;

export const ErrorKind = z.enum(errorKinds);
export type ErrorKind = z.infer<typeof ErrorKind>;

const jobFields = {
  clipId: ClipId,
  projectId: ProjectId,
  provider: ProviderName,
  /** As shown to the creator: a submitted task that the provider holds PENDING or THROTTLED reads as `queued`. */
  state: JobState,
  providerState: ProviderTaskState.nullable(),
  /** 0-1. */
  progress: z.number().min(0).max(1),
  message: z.string(),
  errorKind: ErrorKind.nullable(),
  /** The provider's or the backend's code, e.g. `SAFETY.INPUT.IMAGE`, `INSUFFICIENT_CREDITS`, `SIGNED_OUT`: lets the UI offer the fix. */
  errorCode: z.string().nullable(),
  /** Whether trying again could help (false for safety and invalid-input failures). */
  retryable: z.boolean(),
  /** 1-based: which try this is (or was, once finished). */
  attempt: z.number().int().positive(),
  takeId: TakeId.nullable(),
};

export const Job = z.object({
  id: JobId,
  ...jobFields,
  motion: Motion.nullable(),
  seed: Seed,
  durationS: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

/** Payload of the `job.updated` push event. */
export const JobUpdated = z.object({ jobId: JobId, ...jobFields });
export type JobUpdated = z.infer<typeof JobUpdated>;

export const Take = z.object({
  id: TakeId,
  clipId: ClipId,
  jobId: JobId.nullable(),
  provider: ProviderName,
  prompt: z.string(),
  motion: Motion.nullable(),
  seed: Seed,
  durationS: z.number(),
  fps: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  /** The shape the take was made for: a take of another shape than the project's is marked "made for 16:9". */
  aspect: ShapeSchema,
  /** The clip's framing and the focus mode the take was made with; null for takes made before framing existed. */
  madeWith: z.object({ framing: ClipFramingSchema.nullable(), focusMode: FocusModeSchema }).nullable(),
  /** Media-store id of the take's video. */
  mediaId: z.string(),
  approved: z.boolean(),
  createdAt: z.string(),
});
export type Take = z.infer<typeof Take>;

export const GenerationDefaults = z.object({ projectId: ProjectId, defaultMotion: Motion, aspect: ShapeSchema });
export type GenerationDefaults = z.infer<typeof GenerationDefaults>;

export const ProviderInfo = z.object({
  name: ProviderName,
  label: z.string(),
  kind: z.enum(['local', 'cloud']),
  concurrency: z.number().int().positive(),
});
export type ProviderInfo = z.infer<typeof ProviderInfo>;

export const generateMethods = defineMethods({
  'generate.providers': {
    input: z.object({}).strict(),
    output: z.array(ProviderInfo),
  },
  /** Queues one job per clip; a clip that already has a queued or running job keeps it (returned as is). */
  'generate.clips': {
    input: z
      .object({
        clipIds: z.array(ClipId).min(1, 'choose at least one clip').max(1000, 'at most 1000 clips at once'),
        provider: ProviderName.default('local'),
        /** Overrides the clip's own motion and the project default for this run. */
        motion: Motion.optional(),
        /** Same seed, same clip: the local provider renders the identical video. Random when left out. */
        seed: Seed.optional(),
        /** Left out: the project's export rate for device takes (so the export can copy them), Runway's 24 for cloud ones. */
        fps: GenerationFps.optional(),
      })
      .strict(),
    output: z.object({ jobs: z.array(Job) }),
  },
  /**
   * Makes the approved take of each clip again for the project's shape, with the same provider,
   * motion and seed, and approves the new take when it is ready. Clips whose approved take already
   * has the project's shape are skipped. Paid providers cost credits again: the editor asks first.
   */
  'generate.remake': {
    input: z.object({ clipIds: z.array(ClipId).min(1, 'choose at least one clip').max(1000, 'at most 1000 clips at once') }).strict(),
    output: z.object({ jobs: z.array(Job) }),
  },
  'jobs.list': {
    input: z.object({ projectId: ProjectId, activeOnly: z.boolean().default(false) }).strict(),
    output: z.array(Job),
  },
  'jobs.cancel': {
    input: z.object({ jobId: JobId }).strict(),
    output: Job,
  },
  'takes.list': {
    input: z.object({ clipId: ClipId }).strict(),
    output: z.array(Take),
  },
  'takes.approve': {
    input: z.object({ clipId: ClipId, takeId: TakeId }).strict(),
    output: Take,
  },
  /** Clears the clip's approved take (undo of its first approval): it leaves the timeline. Returns the clip's takes, none approved. */
  'takes.unapprove': {
    input: z.object({ clipId: ClipId }).strict(),
    output: z.array(Take),
  },
  'generate.defaults': {
    input: z.object({ projectId: ProjectId }).strict(),
    output: GenerationDefaults,
  },
  'generate.setDefaults': {
    input: z.object({ projectId: ProjectId, defaultMotion: Motion, aspect: ShapeSchema }).strict(),
    output: GenerationDefaults,
  },
});
