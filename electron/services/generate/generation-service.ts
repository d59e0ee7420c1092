import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { aspectSizes, MAX_CLIP_S, MIN_CLIP_S, outputDimensions, type Resolution, type Shape } from '../../../shared/values';
import type { Job, Motion } from '../../../shared/contract/generate';
import { StudioError } from '../../../shared/contract/errors';
import type { EventBus } from '../rpc/event-bus';
import type { Db } from '../db/database';
import { locateFfmpeg } from '../ffmpeg/locate';
import { takeFit } from '../../../shared/framing';
import { clipFramingOf, createGenerationSettings, type GenerationSettings } from './generation-settings-repository';
import { createJobQueue, type GenerationMedia, type JobQueue, type RetryPolicy } from './job-queue';
import { createJobRepository, toJob, toJobUpdated, type JobRepository } from './job-repository';
import { createLocalProvider } from './providers/local/local-provider';
import type { GenerationProvider } from './provider';
import { createProviderRegistry, type ProviderRegistry } from './registry';
import { createTakeRepository, type TakeRepository } from './take-repository';

export interface GenerationOptions {
  /** Providers besides `local` (the cloud issue adds `runway`; tests add their own). */
  providers?: GenerationProvider[];
  /** Leave out the on-device provider (tests that only exercise the queue). */
  withoutLocal?: boolean;
  /** Jobs per cloud provider at once (a setting); local providers use the CPU count. */
  cloudConcurrency?: number;
  /** Per-provider override of the above, by name. */
  concurrency?: Record<string, number>;
  retry?: Partial<RetryPolicy>;
  /** Clip size per aspect for every provider (tests keep takes small); see takeSize for the default. */
  outputSize?: (aspect: Shape) => { width: number; height: number };
}

export interface GenerationServiceDeps {
  db: Db;
  events: EventBus;
  media: GenerationMedia;
  /** The folder a full disk is reported for (the data folder). */
  spaceFolder: string;
}

export interface EnqueueRequest {
  clipIds: string[];
  provider: string;
  motion?: Motion | undefined;
  seed?: number | undefined;
  /** Frames per second of the take; see takeFps for the default. */
  fps?: number | undefined;
  /** Approve each new take when it is ready (remakes). */
  approve?: boolean;
}

export interface GenerationService {
  registry: ProviderRegistry;
  queue: JobQueue;
  jobs: JobRepository;
  takes: TakeRepository;
  settings: GenerationSettings;
  concurrencyOf(provider: GenerationProvider): number;
  /** One job per clip, in one transaction; a clip with a queued or running job keeps that job. */
  enqueue(request: EnqueueRequest): Job[];
  /**
   * Remakes each clip's approved take for the project's shape (same provider, motion, seed and
   * length; the new take is approved when ready). Clips whose approved take has the shape are skipped.
   */
  remake(clipIds: readonly string[]): Job[];
  start(): void;
  stop(): Promise<void>;
}

/** Runway's takes come at 24 fps. */
const CLOUD_TAKE_FPS = 24;

/**
 * A device take is made at the size and rate the project exports, so the export can copy its
 * frames instead of encoding them (see export/compile/body-copy.ts); 4K projects get 1080p takes
 * (four times fewer pixels to render, encoded on export). A cloud take has the provider's own size.
 */
function takeSize(provider: GenerationProvider, aspect: Shape, resolution: Resolution): { width: number; height: number } {
  return provider.kind === 'local' ? outputDimensions(aspect, resolution === '4k' ? '1080p' : resolution) : aspectSizes[aspect];
}

function takeFps(provider: GenerationProvider, requested: number | undefined, outputFps: number): number {
  return requested ?? (provider.kind === 'local' ? outputFps : CLOUD_TAKE_FPS);
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 2000, maxDelayMs: 5 * 60_000 };

export function createGenerationService(deps: GenerationServiceDeps, options: GenerationOptions = {}): GenerationService {
  const { db, events, media } = deps;
  const jobs = createJobRepository(db);
  const takes = createTakeRepository(db);
  const settings = createGenerationSettings(db);
  const registry = createProviderRegistry();
  if (!options.withoutLocal) registry.register(createLocalProvider({ ffmpeg: () => locateFfmpeg(), tempPath: (ext) => media.tempPath(ext) }));
  for (const provider of options.providers ?? []) registry.register(provider);

  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const concurrencyOf = (provider: GenerationProvider) =>
    Math.max(1, options.concurrency?.[provider.name] ?? (provider.kind === 'local' ? availableParallelism() : (options.cloudConcurrency ?? 2)));
  const queue = createJobQueue({ db, jobs, takes, registry, media, events, concurrency: concurrencyOf, retry, spaceFolder: deps.spaceFolder });

  function enqueue(request: EnqueueRequest): Job[] {
    const provider = registry.get(request.provider);
    const created: string[] = [];
    const rows = db.transaction(() =>
      [...new Set(request.clipIds)].map((clipId) => {
        const clip = settings.clip(clipId);
        if (!clip.working_media_id) throw new StudioError('INVALID_INPUT', `Clip ${clipId} has no imported image to generate from`);
        const existing = jobs.activeForClip(clipId);
        if (existing) return existing;
        const defaults = settings.defaults(clip.project_id);
        const output = settings.output(clip.project_id);
        const size = options.outputSize?.(defaults.aspect) ?? takeSize(provider, defaults.aspect, output.resolution);
        const { focus, framing } = clipFramingOf(clip);
        const row = jobs.insert({
          projectId: clip.project_id,
          clipId,
          provider: provider.name,
          maxAttempts: retry.maxAttempts,
          message: `Waiting for ${provider.label}`,
          spec: {
            imageMediaId: clip.working_media_id,
            prompt: clip.prompt,
            motion: request.motion ?? clip.motion ?? defaults.defaultMotion,
            seed: request.seed ?? randomInt(0, 2 ** 32 - 1),
            durationS: Math.min(MAX_CLIP_S, Math.max(MIN_CLIP_S, clip.duration_s)),
            fps: takeFps(provider, request.fps, output.fps),
            aspect: defaults.aspect,
            ...size,
            focus,
            framing,
            focusMode: output.focus,
            quality: output.quality,
            approve: request.approve ?? false,
          },
        });
        created.push(row.id);
        return row;
      }),
    )();
    for (const id of created) {
      const row = jobs.get(id);
      if (row) events.emit({ type: 'job.updated', payload: toJobUpdated(row) });
    }
    queue.kick();
    return rows.map((row) => toJob(jobs.get(row.id) ?? row));
  }

  function remake(clipIds: readonly string[]): Job[] {
    const queued: Job[] = [];
    for (const clipId of new Set(clipIds)) {
      const clip = settings.clip(clipId);
      const take = takes.approvedOf(clipId);
      if (!take) continue;
      const project = settings.output(clip.project_id);
      const { framing } = clipFramingOf(clip);
      const device = registry.list().find((p) => p.name === take.provider)?.kind === 'local';
      if (takeFit(take, { framing }, project, device) === 'ok') continue;
      // A take of this clip made earlier for exactly this (undo, redo, switching back): approved again, nothing rendered.
      const same = takes
        .list(clipId)
        .find((t) => t.provider === take.provider && t.motion === take.motion && t.seed === take.seed && t.durationS === take.durationS && t.madeWith !== null && takeFit(t, { framing }, project, true) === 'ok');
      if (same && device) {
        takes.approve(clipId, same.id);
        events.emit({ type: 'clips.changed', payload: { projectId: clip.project_id } });
        continue;
      }
      queued.push(...enqueue({ clipIds: [clipId], provider: take.provider, motion: take.motion ?? undefined, seed: take.seed, fps: take.fps, approve: true }));
    }
    return queued;
  }

  // Deleting clips (to the trash) or purging a project emits these: their jobs stop at once, so no
  // FFmpeg keeps rendering and no paid task keeps running for a clip that is gone.
  let unsubscribe: (() => void) | null = null;

  return {
    registry,
    queue,
    jobs,
    takes,
    settings,
    concurrencyOf,
    enqueue,
    remake,
    start() {
      unsubscribe ??= events.subscribe((event) => {
        if (event.type === 'clips.changed' || event.type === 'projects.changed') queue.cancelRemoved();
      });
      queue.start();
    },
    stop() {
      unsubscribe?.();
      unsubscribe = null;
      return queue.stop();
    },
  };
}
