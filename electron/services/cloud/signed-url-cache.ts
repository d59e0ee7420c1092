/** The part of supabase-js' storage client the cache uses. */
export interface SignedUrlSource {
  storage: {
    from(bucket: string): {
      createSignedUrls(
        paths: string[],
        expiresIn: number,
      ): Promise<{ data: Array<{ path: string | null; signedUrl: string | null; error: string | null }> | null; error: unknown }>;
    };
  };
}

export interface SignedUrlCacheOptions {
  source: () => SignedUrlSource | null;
  /** Validity asked of Storage. */
  expiresInSeconds?: number;
  /** A cached URL is dropped this long before its real expiry (5 min). */
  marginMs?: number;
  cleanupIntervalMs?: number;
  /** At most this many URLs are held; past it the least recently used go first (10,000). */
  maxEntries?: number;
  now?: () => number;
  /** Told after each lookup how many of its paths were answered from the cache (the hit-rate KPI). */
  onLookup?: (hits: number, paths: number) => void;
}

export interface SignedUrlCache {
  /** URLs for many paths of one bucket: cached ones at once, the rest in one createSignedUrls call. Unsignable paths map to null. */
  get(bucket: string, paths: readonly string[]): Promise<Map<string, string | null>>;
  /** Drops expired entries (also run periodically). */
  cleanup(): number;
  clear(): void;
  size(): number;
  close(): void;
}

/**
 * The storage optimizer of the web version: signed URLs cached in memory by bucket:path until
 * 5 minutes before they expire, fetched in batches, swept periodically, bounded (least recently
 * used first). A path Storage could not sign (createSignedUrls answers an error per item) is
 * answered null and not cached, so the next visit asks again.
 */
export function createSignedUrlCache(options: SignedUrlCacheOptions): SignedUrlCache {
  const expiresIn = options.expiresInSeconds ?? 60 * 60;
  const margin = options.marginMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  // in order of use: the first is the least recently used
  const entries = new Map<string, { url: string; usableUntil: number }>();
  function keep(key: string, entry: { url: string; usableUntil: number }) {
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  }
  const inFlight = new Map<string, Promise<string | null>>();
  const timer = setInterval(() => cleanup(), options.cleanupIntervalMs ?? 60_000);
  timer.unref();

  function cleanup(): number {
    let removed = 0;
    const t = now();
    for (const [key, entry] of entries) {
      if (entry.usableUntil <= t) {
        entries.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  async function fetchBatch(bucket: string, paths: string[]): Promise<Map<string, string | null>> {
    const source = options.source();
    if (!source) throw new Error('cloud storage is not configured');
    const requestedAt = now();
    const { data, error } = await source.storage.from(bucket).createSignedUrls(paths, expiresIn);
    if (error || !data) throw error instanceof Error ? error : new Error(`signing ${paths.length} paths in ${bucket} failed`);
    const out = new Map<string, string | null>();
    for (const item of data) {
      if (!item.path) continue;
      const url = item.error ? null : item.signedUrl;
      out.set(item.path, url);
      // the expiry counts from before the request left, so a slow answer never outlives its URL
      if (url) keep(`${bucket}:${item.path}`, { url, usableUntil: requestedAt + expiresIn * 1000 - margin });
    }
    for (const p of paths) if (!out.has(p)) out.set(p, null);
    return out;
  }

  return {
    async get(bucket, paths) {
      const t = now();
      const result = new Map<string, string | null>();
      const waits: Array<Promise<void>> = [];
      const missing: string[] = [];
      let hits = 0;
      for (const path of new Set(paths)) {
        const key = `${bucket}:${path}`;
        const cached = entries.get(key);
        if (cached && cached.usableUntil > t) {
          result.set(path, cached.url);
          keep(key, cached);
          hits++;
        }
        else if (inFlight.has(key)) waits.push(inFlight.get(key)!.then((url) => void result.set(path, url)));
        else missing.push(path);
      }
      if (missing.length) {
        const batch = fetchBatch(bucket, missing);
        for (const path of missing) {
          const key = `${bucket}:${path}`;
          const one = batch.then((m) => m.get(path) ?? null);
          inFlight.set(key, one);
          void one.catch(() => undefined).finally(() => inFlight.delete(key));
          waits.push(one.then((url) => void result.set(path, url)));
        }
      }
      if (hits + waits.length) options.onLookup?.(hits, hits + waits.length);
      await Promise.all(waits);
      return new Map(paths.map((p) => [p, result.get(p) ?? null]));
    },
    cleanup,
    clear: () => entries.clear(),
    size: () => entries.size,
    close: () => clearInterval(timer),
  };
}
