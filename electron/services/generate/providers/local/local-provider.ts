import { randomUUID } from 'node:crypto';
import { FfmpegNotFoundError, FfmpegRunError, isAbortError } from '../../../ffmpeg/errors';
import { isDiskFull } from '../../../system/disk-full';
import { ProviderError, type GenerationProvider, type ProviderTaskStatus } from '../../provider';
import { renderMotionClip } from './render-motion-clip';
import { cropCentre } from '../../../../../shared/framing';
import { renderFit } from './fit';
import { copyFileTo, removePath, removeQuietly, renameFile } from '../../../system/file-ops';

export interface LocalProviderOptions {
  /** Finds FFmpeg (locateFfmpeg in the app); called per task so a fixed install is picked up. */
  ffmpeg: () => Promise<{ ffmpegPath: string }>;
  /** A temp file path on the media store's filesystem, so fetching the result is a rename. */
  tempPath: (ext: string) => string;
}

interface LocalTask {
  status: ProviderTaskStatus;
  controller: AbortController;
  outputPath: string;
  changed: Set<() => void>;
}

/**
 * On-device camera-motion clips. Tasks live in this process only: after a restart the queue
 * finds them LOST and, since rendering again costs nothing, simply creates them again.
 */
export function createLocalProvider(options: LocalProviderOptions): GenerationProvider {
  const tasks = new Map<string, LocalTask>();

  function update(task: LocalTask, status: ProviderTaskStatus) {
    task.status = status;
    for (const notify of [...task.changed]) notify();
  }

  /** Our words for the creator; FFmpeg's and Node's own text goes to the log. */
  function failureOf(error: unknown): ProviderTaskStatus {
    // The queue words it with the folder that needs room.
    if (isDiskFull(error)) return { state: 'FAILED', failure: { kind: 'retryable', code: 'DISK_FULL', message: 'The disk is full' } };
    if (error instanceof FfmpegNotFoundError) return { state: 'FAILED', failure: { kind: 'internal', code: 'FFMPEG_MISSING', message: error.message } };
    console.error('[generate] on-device render failed', error);
    if (error instanceof FfmpegRunError) {
      return { state: 'FAILED', failure: { kind: 'internal', code: 'FFMPEG_FAILED', message: 'the photo could not be animated on this device (FFmpeg’s report is in the log).' } };
    }
    return { state: 'FAILED', failure: { kind: 'invalid_input', code: 'IMAGE_UNREADABLE', message: 'The photo could not be read from the media library.' } };
  }

  return {
    name: 'local',
    label: 'On-device motion',
    kind: 'local',
    resubmitSafe: true,
    pollIntervalMs: 1000,
    // Generous: a slow laptop renders a 10 s clip well within a minute; a hung FFmpeg should not hold a slot forever.
    timeoutMs: (request) => 120_000 + request.durationS * 30_000,

    async create(request) {
      const taskId = `local-${randomUUID()}`;
      const task: LocalTask = {
        status: { state: 'RUNNING', progress: 0 },
        controller: new AbortController(),
        outputPath: options.tempPath('mp4'),
        changed: new Set(),
      };
      tasks.set(taskId, task);
      const { signal } = task.controller;
      void (async () => {
        try {
          const { ffmpegPath } = await options.ffmpeg();
          await renderMotionClip({
            ffmpegPath,
            imagePath: request.image.path,
            outputPath: task.outputPath,
            motion: request.motion,
            seed: request.seed,
            durationS: request.durationS,
            fps: request.fps,
            width: request.width,
            height: request.height,
            // Subject-aware: the crop and the move aim at the photo's focus point (or the creator's crop box).
            centre: cropCentre(request.framing ?? null, request.focus ?? null, request.focusMode ?? 'subject'),
            zoom: request.framing?.box?.zoom ?? 1,
            fit: request.framing ? renderFit[request.framing.fit] : 'auto',
            ...(request.framing ? { color: request.framing.color } : {}),
            ...(request.quality ? { quality: request.quality } : {}),
            signal,
            onProgress: (progress) => {
              if (task.status.state === 'RUNNING') update(task, { state: 'RUNNING', progress });
            },
          });
          update(task, { state: 'SUCCEEDED', outputs: [{ url: `file://${task.outputPath}` }] });
        } catch (error) {
          update(task, signal.aborted || isAbortError(error) ? { state: 'CANCELLED' } : failureOf(error));
        }
      })();
      return { taskId };
    },

    async poll(taskId) {
      return tasks.get(taskId)?.status ?? { state: 'LOST' };
    },

    waitForChange(taskId, signal) {
      const task = tasks.get(taskId);
      if (!task) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          task.changed.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        task.changed.add(done);
        signal.addEventListener('abort', done, { once: true });
      });
    },

    async cancel(taskId) {
      const task = tasks.get(taskId);
      if (!task) return;
      task.controller.abort();
      tasks.delete(taskId);
      await removePath(task.outputPath);
    },

    async fetchResult(taskId, _status, destPath) {
      const task = tasks.get(taskId);
      if (!task || task.status.state !== 'SUCCEEDED') throw new ProviderError('internal', `Local render ${taskId} has no finished video`);
      try {
        await renameFile(task.outputPath, destPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        await copyFileTo(task.outputPath, destPath);
        await removePath(task.outputPath);
      }
      tasks.delete(taskId);
    },

    dispose() {
      for (const [taskId, task] of tasks) {
        task.controller.abort();
        void removeQuietly(task.outputPath);
        tasks.delete(taskId);
      }
    },
  };
}
