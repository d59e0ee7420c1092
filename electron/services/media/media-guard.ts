/**
 * Keeps the importer and the garbage collector from racing over the same stored file.
 * The importer pins the ids it is about to reference (under the lock, after making sure the files
 * exist) and unpins them once its clip row is committed; the collector runs under the same lock and
 * never deletes a pinned id.
 */
export interface MediaGuard {
  exclusive<T>(fn: () => Promise<T> | T): Promise<T>;
  pin(ids: readonly string[]): void;
  unpin(ids: readonly string[]): void;
  isPinned(id: string): boolean;
}

export function createMediaGuard(): MediaGuard {
  let tail: Promise<unknown> = Promise.resolve();
  const pins = new Map<string, number>();
  return {
    exclusive(fn) {
      const run = tail.then(fn, fn);
      tail = run.catch(() => undefined);
      return run;
    },
    pin(ids) {
      for (const id of ids) pins.set(id, (pins.get(id) ?? 0) + 1);
    },
    unpin(ids) {
      for (const id of ids) {
        const left = (pins.get(id) ?? 0) - 1;
        if (left > 0) pins.set(id, left);
        else pins.delete(id);
      }
    },
    isPinned: (id) => pins.has(id),
  };
}
