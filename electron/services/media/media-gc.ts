import type { MediaGuard } from './media-guard';
import type { MediaRepository } from './media-repository';
import type { LocalMediaStore } from './media-store';

/**
 * Frees imported media that no clip references any more: forgets the rows first (one transaction),
 * then deletes the files, so a crash in between leaves at worst an unlisted file, never a row
 * pointing at nothing. Ids an import in flight has pinned are kept.
 */
export function collectUnusedMedia(deps: { media: MediaRepository; store: LocalMediaStore; guard: MediaGuard }): Promise<string[]> {
  return deps.guard.exclusive(async () => {
    const unused = deps.media.listUnused().filter((id) => !deps.guard.isPinned(id));
    if (unused.length === 0) return [];
    deps.media.forget(unused);
    for (const id of unused) await deps.store.remove(id);
    return unused;
  });
}
