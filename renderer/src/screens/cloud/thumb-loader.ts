/**
 * Batches the thumbnails the cloud library asks for: the ones that came into view within one frame
 * go to the studio in one library.thumbs call (at most 60), so a screenful costs a call or two and
 * what is visible comes first. Each take is asked for once.
 */
export interface ThumbLoader {
  request(takeId: string): Promise<string | null>;
}

const MAX_BATCH = 60;

export function createThumbLoader(fetchThumbs: (takeIds: string[]) => Promise<Record<string, string | null>>, delayMs = 16): ThumbLoader {
  const known = new Map<string, Promise<string | null>>();
  let waiting: Array<{ id: string; resolve(v: string | null): void; reject(e: unknown): void }> = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  function flush() {
    timer = null;
    const batch = waiting;
    waiting = [];
    for (let i = 0; i < batch.length; i += MAX_BATCH) {
      const part = batch.slice(i, i + MAX_BATCH);
      fetchThumbs(part.map((w) => w.id)).then(
        (thumbs) => part.forEach((w) => w.resolve(thumbs[w.id] ?? null)),
        (error: unknown) => {
          // asked again next time it is seen
          for (const w of part) known.delete(w.id);
          part.forEach((w) => w.reject(error));
        },
      );
    }
  }

  return {
    request(takeId) {
      const seen = known.get(takeId);
      if (seen) return seen;
      const promise = new Promise<string | null>((resolve, reject) => waiting.push({ id: takeId, resolve, reject }));
      known.set(takeId, promise);
      timer ??= setTimeout(flush, delayMs);
      return promise;
    },
  };
}
