import { z } from 'zod';
import { cleanText } from '../clean-name';
import { defineMethods } from './define';
import { ProjectId } from './projects';

/** Camera moves the on-device (`local`) provider renders; `drift` is a slow zoom combined with a pan. */
export const motions = ['zoom_in', 'zoom_out', 'pan_left', 'pan_right', 'pan_up', 'pan_down', 'drift'] as const;
export const Motion = z.enum(motions, { error: `motion must be one of ${motions.join(', ')}` });
export type Motion = z.infer<typeof Motion>;

/** Project aspect ratios: the ones Runway gen4_turbo renders, so every provider's clips share one size. */
export const aspects = ['16:9', '9:16', '4:3', '3:4', '1:1', '21:9'] as const;
export const Aspect = z.enum(aspects, { error: `aspect must be one of ${aspects.join(', ')}` });
export type Aspect = z.infer<typeof Aspect>;

/** Pixel size of a generated clip per aspect (Runway's gen4_turbo ratios). */
export const aspectSizes: Record<Aspect, { width: number; height: number }> = {
  '16:9': { width: 1280, height: 720 },
  '9:16': { width: 720, height: 1280 },
  '4:3': { width: 1104, height: 832 },
  '3:4': { width: 832, height: 1104 },
  '1:1': { width: 960, height: 960 },
  '21:9': { width: 1584, height: 672 },
};

export const MIN_CLIP_S = 2;
export const MAX_CLIP_S = 10;
export const MAX_PROMPT_CHARS = 1000;

export const ClipId = z.string().min(1, 'must be a clip id').max(64, 'must be a clip id');
export const JobId = z.string().regex(/^[0-9a-f-]{36}$/i, 'must be a job id');
export const TakeId = z.string().regex(/^[0-9a-f-]{36}$/i, 'must be a take id');
/** Registry key of a generator: `local` (on-device motion) now, `runway` with the cloud. */
export const ProviderName = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'must be a provider name such as "local"');
export const Seed = z.number({ error: 'seed must be a number' }).int('seed must be a whole number').min(0).max(4_294_967_295);
export const ClipDuration = z
  .number({ error: 'duration must be a number of seconds' })
  .min(MIN_CLIP_S, `duration must be at least ${MIN_CLIP_S} s`)
  .max(MAX_CLIP_S, `duration must be at most ${MAX_CLIP_S} s`);
export const Fps = z.union([z.literal(24), z.literal(30)], { error: 'fps must be 24 or 30' });
export const Prompt = z.string().overwrite(cleanText).max(MAX_PROMPT_CHARS, `prompt must be at most ${MAX_PROMPT_CHARS} characters`);

export const jobStates = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobState = z.enum(jobStates);
export type JobState = z.infer<typeof JobState>;

/** A provider task's own state (Runway's task model); null before the task exists. */
export const providerTaskStates = ['PENDING', 'THROTTLED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export const ProviderTaskState = z.enum(providerTaskStates);
export type ProviderTaskState = z.infer<typeof ProviderTaskState>;

/** Why a generation failed; only `retryable` is retried automatically. */
export const errorKinds = ['retryable', 'safety', 'invalid_input', 'timeout', 'expired', 'interrupted', 'internal'] as const;
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
  /** Media-store id of the take's video. */
  mediaId: z.string(),
  approved: z.boolean(),
  createdAt: z.string(),
});
export type Take = z.infer<typeof Take>;

export const GenerationDefaults = z.object({ projectId: ProjectId, defaultMotion: Motion, aspect: Aspect });
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
        fps: Fps.default(24),
      })
      .strict(),
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
  'projects.getGenerationDefaults': {
    input: z.object({ projectId: ProjectId }).strict(),
    output: GenerationDefaults,
  },
  'projects.setGenerationDefaults': {
    input: z.object({ projectId: ProjectId, defaultMotion: Motion, aspect: Aspect }).strict(),
    output: GenerationDefaults,
  },
});
