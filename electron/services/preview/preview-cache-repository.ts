import type { Db } from '../db/database';

/** The segment cache's default size limit (preview and export pieces together). */
export const SEGMENT_CACHE_BYTES = 1024 ** 3;

export interface CachedSegment {
  key: string;
  mediaId: string;
  bytes: number;
}

export interface PreviewCacheRepository {
  /** The cached piece for a key, marked as used now. */
  use(key: string): CachedSegment | undefined;
  put(segment: CachedSegment): void;
  /** Forgets a row whose file has gone (removed by hand, a restored backup). */
  forget(key: string): void;
  totalBytes(): number;
  /**
   * Forgets the least recently used rows until the cache fits `budgetBytes`, never one of `keep`;
   * returns the media ids they pointed at (for the collector).
   */
  evict(budgetBytes: number, keep: ReadonlySet<string>): string[];
}

export function createPreviewCacheRepository(db: Db, now: () => Date = () => new Date()): PreviewCacheRepository {
  const getStmt = db.prepare<[string], { media_id: string; bytes: number }>('SELECT media_id, bytes FROM preview_segments WHERE key = ?');
  const touchStmt = db.prepare<[string, string]>('UPDATE preview_segments SET used_at = ? WHERE key = ?');
  const putStmt = db.prepare(
    `INSERT INTO preview_segments (key, media_id, bytes, used_at) VALUES (@key, @mediaId, @bytes, @at)
     ON CONFLICT (key) DO UPDATE SET media_id = excluded.media_id, bytes = excluded.bytes, used_at = excluded.used_at`,
  );
  const deleteStmt = db.prepare<[string]>('DELETE FROM preview_segments WHERE key = ?');
  const totalStmt = db.prepare<[], { total: number }>('SELECT COALESCE(SUM(bytes), 0) AS total FROM preview_segments');
  const oldestStmt = db.prepare<[], { key: string; media_id: string; bytes: number }>(
    'SELECT key, media_id, bytes FROM preview_segments ORDER BY used_at, key',
  );
  const evictMany = db.transaction((budgetBytes: number, keep: ReadonlySet<string>) => {
    let total = totalStmt.get()?.total ?? 0;
    const freed: string[] = [];
    for (const row of oldestStmt.all()) {
      if (total <= budgetBytes) break;
      if (keep.has(row.key)) continue;
      deleteStmt.run(row.key);
      total -= row.bytes;
      freed.push(row.media_id);
    }
    return freed;
  });

  return {
    use(key) {
      const row = getStmt.get(key);
      if (!row) return undefined;
      touchStmt.run(now().toISOString(), key);
      return { key, mediaId: row.media_id, bytes: row.bytes };
    },
    put(segment) {
      putStmt.run({ ...segment, at: now().toISOString() });
    },
    forget(key) {
      deleteStmt.run(key);
    },
    totalBytes: () => totalStmt.get()?.total ?? 0,
    evict: (budgetBytes, keep) => evictMany(budgetBytes, keep),
  };
}
