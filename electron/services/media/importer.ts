import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import type { ImportBatchResult, ImportFileResult, ImportProgress } from '../../../shared/contract/media';
import type { EventBus } from '../rpc/event-bus';
import type { ClipRepository } from '../clips/clip-repository';
import { ImportFailure, failureFromError } from './import-failure';
import { defaultLimits, inspectSource, processImage, type PipelineLimits } from './image-pipeline';
import type { MediaGuard } from './media-guard';
import type { MediaRepository, SourceRecord } from './media-repository';
import { sha256OfFile, type LocalMediaStore } from './media-store';
import type { ImageFormat } from './sniff';
import { IMPORT_CONCURRENCY } from './sharp-config';
import { diskFullMessage, isDiskFull } from '../system/disk-full';

export interface ImportSource {
  path: string;
  /** Shown to the creator and stored as the clip's source name. */
  name: string;
}

export interface ImportRequest {
  projectId: string;
  files: readonly ImportSource[];
  batchId?: string;
}

export interface ImporterDeps {
  clips: ClipRepository;
  media: MediaRepository;
  store: LocalMediaStore;
  guard: MediaGuard;
  events: EventBus;
  limits?: PipelineLimits;
  /** The folder a full disk is reported for (the data folder; default: the media store's parent). */
  spaceFolder?: string;
  /** Files decoded at once (default IMPORT_CONCURRENCY: 2 on a machine with two cores or more). */
  concurrency?: number;
  log?: (error: unknown) => void;
}

export interface Importer {
  /** Imports every file it can; one result per file in input order. Throws only when the project does not exist. */
  importFiles(request: ImportRequest): Promise<ImportBatchResult>;
  /** Files not yet started fail with a clear message; started ones finish. */
  close(): void;
}

type Outcome = { ok: true; record: SourceRecord } | { ok: false; failure: ImportFailure };

const mediaIds = (record: SourceRecord) => [record.working.id, record.thumb.id];

export function createImporter(deps: ImporterDeps): Importer {
  const { clips, media, store, guard, events } = deps;
  const limits = deps.limits ?? defaultLimits;
  const concurrency = Math.max(1, deps.concurrency ?? IMPORT_CONCURRENCY);
  const log = deps.log ?? ((error: unknown) => console.error('import failed', error));
  let closed = false;

  /** Pins a previously stored result if its files are still there (the collector may have freed them). */
  function secure(sha: string): Promise<SourceRecord | undefined> {
    return guard.exclusive(() => {
      const record = media.findSource(sha);
      if (!record || !store.has(record.working.id) || !store.has(record.thumb.id)) return undefined;
      guard.pin(mediaIds(record));
      return record;
    });
  }

  async function decodeAndStore(path: string, format: ImageFormat, sha: string, decoded: () => void): Promise<SourceRecord> {
    const image = await processImage(path, format, limits);
    // The CPU work is done: the pool may start the next photo while this one is written (and flushed) to disk.
    decoded();
    return guard.exclusive(async () => {
      const workingId = await store.putBuffer(image.working.data, 'jpg');
      const thumbId = await store.putBuffer(image.thumb.data, 'webp');
      const record: SourceRecord = {
        working: { id: workingId, width: image.working.width, height: image.working.height },
        thumb: { id: thumbId, width: image.thumb.width, height: image.thumb.height },
        focus: image.focus,
      };
      guard.pin(mediaIds(record));
      media.register({ id: workingId, role: 'working', mime: 'image/jpeg', bytes: image.working.data.length, ...image.working, focus: image.focus });
      media.register({ id: thumbId, role: 'thumb', mime: 'image/webp', bytes: image.thumb.data.length, ...image.thumb });
      media.rememberSource(sha, workingId, thumbId);
      return record;
    });
  }

  async function importBatch(request: ImportRequest): Promise<ImportBatchResult> {
    const { projectId, files } = request;
    clips.assertProject(projectId);
    const batchId = request.batchId ?? randomUUID();
    const total = files.length;
    let completed = 0;
    const progress = (index: number, status: ImportProgress['status'], extra: Partial<ImportProgress> = {}) =>
      events.emit({
        type: 'import.progress',
        payload: { projectId, batchId, index, total, file: files[index]?.name ?? '', status, completed, ...extra },
      });

    // The same photo twice in one batch is decoded once.
    const inBatch = new Map<string, Promise<SourceRecord>>();

    async function prepare(file: ImportSource, decoded: () => void): Promise<SourceRecord> {
      const { format } = await inspectSource(file.path, limits);
      const sha = await sha256OfFile(file.path).catch((error: unknown) => {
        throw failureFromError(error, format);
      });
      const stored = await secure(sha);
      if (stored) return stored;
      const running = inBatch.get(sha);
      if (running) {
        await running;
        const again = await secure(sha);
        if (again) return again;
      }
      const work = decodeAndStore(file.path, format, sha, decoded);
      inBatch.set(sha, work);
      return work;
    }

    const outcomes: Array<Promise<Outcome>> = [];
    const starters: Array<() => void> = [];
    /** Per file: settles when its decoding is over (or it needed none, or it failed): its pool slot is free again. */
    const slotsFreed: Array<Promise<void>> = [];
    files.forEach((file, index) => {
      let freeSlot = () => {};
      slotsFreed.push(new Promise<void>((resolve) => (freeSlot = resolve)));
      const outcome = new Promise<void>((resolve) => starters.push(resolve)).then(async (): Promise<Outcome> => {
        if (closed) return { ok: false, failure: new ImportFailure('FAILED', 'the studio closed before this file was imported') };
        progress(index, 'importing');
        try {
          return { ok: true, record: await prepare(file, freeSlot) };
        } catch (error) {
          return { ok: false, failure: error instanceof ImportFailure ? error : unexpectedFailure(error) };
        }
      });
      outcomes.push(outcome);
      void outcome.finally(freeSlot);
    });

    // A small worker pool: each worker starts the next file when its previous one is decoded (writing
    // it to disk goes on beside the next decode, so a disk flush never leaves a core waiting).
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const index = next++;
        starters[index]?.();
        await slotsFreed[index];
      }
    };
    const pool = Array.from({ length: Math.min(concurrency, files.length) }, worker);

    // Clips are added strictly in the order the files were given, whatever order decoding finishes in.
    const results: ImportFileResult[] = [];
    for (const [index, file] of files.entries()) {
      const outcome = await outcomes[index]!;
      completed += 1;
      if (!outcome.ok) {
        const message = `${file.name}: ${outcome.failure.reason}`;
        results.push({ index, file: file.name, ok: false, error: { code: outcome.failure.code, message } });
        progress(index, 'failed', { error: message });
        continue;
      }
      const { record } = outcome;
      try {
        const duplicateOf = clips.findByWorkingMedia(projectId, record.working.id);
        const clip = clips.append({
          projectId,
          sourceName: file.name,
          workingMediaId: record.working.id,
          width: record.working.width,
          height: record.working.height,
          thumbMediaId: record.thumb.id,
          thumbWidth: record.thumb.width,
          thumbHeight: record.thumb.height,
          focus: record.focus,
        });
        results.push({ index, file: file.name, ok: true, clip, ...(duplicateOf ? { duplicateOf } : {}) });
        progress(index, 'imported', { clipId: clip.id });
      } catch (error) {
        const reason = closed
          ? 'the studio closed before this file was imported'
          : projectGone(projectId)
            ? 'the project was deleted during the import'
            : unexpectedFailure(error).reason;
        const message = `${file.name}: ${reason}`;
        results.push({ index, file: file.name, ok: false, error: { code: 'FAILED', message } });
        progress(index, 'failed', { error: message });
      } finally {
        guard.unpin(mediaIds(record));
      }
    }
    await Promise.all(pool);

    if (results.some((r) => r.ok) && !closed) {
      events.emit({ type: 'clips.changed', payload: { projectId } });
      events.emit({ type: 'projects.changed', payload: { projectId } });
    }
    return { batchId, results };
  }

  function unexpectedFailure(error: unknown): ImportFailure {
    if (isDiskFull(error)) return new ImportFailure('FAILED', diskFullMessage(deps.spaceFolder ?? dirname(store.root)).replace(/^The/, 'the'));
    log(error);
    return new ImportFailure('FAILED', 'something went wrong inside the studio; details are in the log');
  }

  function projectGone(projectId: string): boolean {
    try {
      clips.assertProject(projectId);
      return false;
    } catch {
      return true;
    }
  }

  return {
    importFiles: importBatch,
    close() {
      closed = true;
    },
  };
}
