import type { MediaGuard } from './media-guard';
import type { MediaRepository } from './media-repository';
import type { LocalMediaStore } from './media-store';

export interface CollectionResult {
  /** Files deleted by this collection (newly unused ones and ones left by earlier collections). */
  deleted: string[];
  /** Files that could not be deleted now; they stay queued for the next collection. */
  kept: { id: string; error: string }[];
}

/**
 * Frees registered media nothing refers to any more (imported images, take videos). The rows are
 * forgotten and their files queued for deletion in one transaction; then the queue is worked file
 * by file. A file that cannot be deleted (Windows: still open in the FFmpeg of a cancelled render,
 * held by antivirus) is kept in the queue for the next collection and the others still go, so
 * nothing is ever left on disk without a record of it and a crash in between loses nothing.
 * Ids pinned by work in flight (an import, a take being stored) are kept. `only` limits the
 * newly collected ids to these (queued files of earlier collections are always retried).
 */
export async function collectUnusedMedia(
  deps: { media: MediaRepository; store: LocalMediaStore; guard: MediaGuard },
  only?: readonly string[],
): Promise<string[]> {
  return (await collectUnusedMediaFiles(deps, only)).deleted;
}

export function collectUnusedMediaFiles(
  deps: { media: MediaRepository; store: LocalMediaStore; guard: MediaGuard },
  only?: readonly string[],
): Promise<CollectionResult> {
  return deps.guard.exclusive(async () => {
    const wanted = only ? new Set(only) : null;
    const unused = deps.media.listUnused().filter((id) => !deps.guard.isPinned(id) && (!wanted || wanted.has(id)));
    if (unused.length > 0) deps.media.forget(unused);
    const result: CollectionResult = { deleted: [], kept: [] };
    for (const id of deps.media.pendingDeletions()) {
      // In use again (the same content imported anew, or pinned by work in flight): the file stays.
      if (deps.guard.isPinned(id)) continue;
      if (deps.media.isReferenced(id)) {
        deps.media.deletionDone(id);
        continue;
      }
      try {
        await deps.store.remove(id);
        deps.media.deletionDone(id);
        result.deleted.push(id);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        const text = (error as Error).message ?? String(error);
        const message = text.startsWith(code) ? text : `${code}: ${text}`;
        deps.media.deletionFailed(id, message);
        result.kept.push({ id, error: message });
      }
    }
    if (result.kept.length > 0) console.warn(`media collector: ${result.kept.length} file(s) could not be deleted yet; they are retried next time`, result.kept);
    return result;
  });
}
