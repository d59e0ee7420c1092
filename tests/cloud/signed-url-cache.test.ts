// The signed-URL cache on its own, against a source that answers like Storage's createSignedUrls
// (one result per path, an error per item for a path it cannot sign): batching, expiry with the
// safety margin, the periodic sweep, the bound, and concurrent asks sharing one request.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSignedUrlCache, type SignedUrlSource } from '../../electron/services/cloud/signed-url-cache';

function storage(missing: Set<string> = new Set()) {
  const calls: string[][] = [];
  const source: SignedUrlSource = {
    storage: {
      from: (bucket) => ({
        async createSignedUrls(paths) {
          calls.push(paths);
          await new Promise((r) => setTimeout(r, 1));
          return {
            data: paths.map((p) =>
              missing.has(p) ? { path: p, signedUrl: null, error: 'Either the object does not exist or you do not have access to it' } : { path: p, signedUrl: `https://s/${bucket}/${p}?token=${calls.length}`, error: null },
            ),
            error: null,
          };
        },
      }),
    },
  };
  return { source, calls };
}

describe('signed-URL cache', () => {
  afterEach(() => vi.useRealTimers());

  it('signs a screenful in one call, answers the next visit from memory, and reports the hit rate', async () => {
    const { source, calls } = storage();
    const lookups: Array<[number, number]> = [];
    const cache = createSignedUrlCache({ source: () => source, onLookup: (hits, paths) => lookups.push([hits, paths]) });
    const paths = Array.from({ length: 40 }, (_, i) => `u/p/${i}.jpg`);
    const first = await cache.get('private-photos', paths);
    expect(calls).toEqual([paths]);
    const second = await cache.get('private-photos', paths);
    expect(calls).toHaveLength(1);
    expect([...second]).toEqual([...first]);
    expect(lookups).toEqual([
      [0, 40],
      [40, 40],
    ]);
    cache.close();
  });

  it('a path Storage cannot sign is null and asked again next time; the others are cached', async () => {
    const missing = new Set(['u/p/gone.jpg']);
    const { source, calls } = storage(missing);
    const cache = createSignedUrlCache({ source: () => source });
    const urls = await cache.get('private-photos', ['u/p/a.jpg', 'u/p/gone.jpg']);
    expect(urls.get('u/p/gone.jpg')).toBeNull();
    expect(urls.get('u/p/a.jpg')).toMatch(/^https:/);
    missing.clear();
    const again = await cache.get('private-photos', ['u/p/a.jpg', 'u/p/gone.jpg']);
    expect(calls.at(-1)).toEqual(['u/p/gone.jpg']);
    expect(again.get('u/p/gone.jpg')).toMatch(/^https:/);
    cache.close();
  });

  it('asks made at once share one request', async () => {
    const { source, calls } = storage();
    const cache = createSignedUrlCache({ source: () => source });
    const [a, b] = await Promise.all([cache.get('b', ['x', 'y']), cache.get('b', ['y', 'z'])]);
    expect(calls).toEqual([['x', 'y'], ['z']]);
    expect(a.get('y')).toBe(b.get('y'));
    cache.close();
  });

  it('drops a URL the safety margin before it expires, and the timer sweeps expired ones', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { source, calls } = storage();
    const cache = createSignedUrlCache({ source: () => source, expiresInSeconds: 600, marginMs: 60_000, cleanupIntervalMs: 30_000 });
    await cache.get('b', ['x']);
    vi.advanceTimersByTime(540_000 - 1);
    await cache.get('b', ['x']);
    expect(calls).toHaveLength(1);
    vi.advanceTimersByTime(30_000);
    expect(cache.size()).toBe(0);
    await cache.get('b', ['x']);
    expect(calls).toHaveLength(2);
    cache.close();
  });

  it('holds at most maxEntries, dropping the least recently used', async () => {
    const { source, calls } = storage();
    const cache = createSignedUrlCache({ source: () => source, maxEntries: 3 });
    await cache.get('b', ['1', '2', '3']);
    await cache.get('b', ['1']); // used again: now the most recent
    await cache.get('b', ['4']);
    expect(cache.size()).toBe(3);
    await cache.get('b', ['1', '3', '4']);
    expect(calls.at(-1)).toEqual(['4']);
    await cache.get('b', ['2']);
    expect(calls.at(-1)).toEqual(['2']);
    cache.close();
  });
});
