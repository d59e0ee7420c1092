import type { MediaGuard } from './media-guard';
import type { MediaRepository } from './media-repository';
import type { LocalMediaStore } from './media-store';

/**
 * Frees registered media nothing refers to any more (imported images, take videos): forgets the
 * rows first (one transaction), then deletes the files, so a crash in between leaves at worst an
 * unlisted file, never a row pointing at nothing. Ids pinned by work in flight (an import, a take
 * being stored) are kept. `only` limits the collection to these ids.
 */
export function collectUnusedMedia(
  deps: { media: MediaRepository; store: LocalMediaStore; guard: MediaGuard },
  only?: readonly string[],
): Promise<string[]> {
  return deps.guard.exclusive(async () => {
    const wanted = only ? new Set(only) : null;
    const unused = deps.media.listUnused().filter((id) => !deps.guard.isPinned(id) && (!wanted || wanted.has(id)));
    if (unused.length === 0) return [];
    deps.media.forget(unused);
    for (const id of unused) await deps.store.remove(id);
    return unused;
  });
}
