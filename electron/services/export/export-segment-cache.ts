import { stat } from 'node:fs/promises';
import { statSync } from 'node:fs';
import type { SegmentCache } from './compile/segmented';
import type { LibraryStore } from '../media/media-library';
import type { PreviewCacheRepository } from '../preview/preview-cache-repository';

export interface ExportSegmentCacheDeps {
  store: LibraryStore;
  /** The segment cache's rows (the preview's table: one budget for every piece, LRU). */
  cache: PreviewCacheRepository;
  /** Frees media ids the cache let go of (the media library's collector). */
  collect(only: readonly string[]): Promise<unknown>;
  budgetBytes: number;
}

/**
 * The segmented export's pieces kept between exports, in the media store beside the preview's
 * pieces and under the same bounded, least-recently-used budget. Keys differ from the preview's
 * (they name the export's encoder settings), so the two never mix. A row whose file is gone or has
 * another size is forgotten and the piece is encoded again.
 */
export function createExportSegmentCache(deps: ExportSegmentCacheDeps): SegmentCache {
  const sizeOf = (file: string) => {
    try {
      return statSync(file).size;
    } catch {
      return -1;
    }
  };
  return {
    async lookup(key) {
      const row = deps.cache.use(key);
      if (!row) return null;
      const file = deps.store.has(row.mediaId) ? deps.store.path(row.mediaId) : null;
      if (file && sizeOf(file) === row.bytes) return file;
      deps.cache.forget(key);
      return null;
    },
    async store(key, file, kind, inUse) {
      const bytes = (await stat(file)).size;
      const { mediaId } = await deps.store.adopt(file, { role: 'preview', ext: 'mp4', mime: kind === 'audio' ? 'audio/mp4' : 'video/mp4', width: 0, height: 0 }, (id) => {
        deps.cache.put({ key, mediaId: id, bytes });
        return true;
      });
      const freed = deps.cache.evict(deps.budgetBytes, inUse);
      if (freed.length > 0) await deps.collect(freed);
      return deps.store.path(mediaId);
    },
  };
}
