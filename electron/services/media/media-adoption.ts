import { stat } from 'node:fs/promises';
import { collectUnusedMedia } from './media-gc';
import type { MediaGuard } from './media-guard';
import type { MediaRepository, MediaRole } from './media-repository';
import type { LocalMediaStore } from './media-store';

/** What a generated file is, for its media row. */
export interface OwnedFile {
  role: MediaRole;
  ext: string;
  mime: string;
  width: number;
  height: number;
}

export interface Adopted {
  mediaId: string;
  /** False when `attach` declined: the file was freed again unless other media rows use it. */
  attached: boolean;
}

/**
 * Moves a finished file (a take's video) into the store as registered media, then lets `attach`
 * record what uses it (a take row). The id is pinned from the moment the file is in the store until
 * attach has run, so a collection in between keeps it; if attach declines or throws (the job was
 * cancelled, its clip is gone) the file is collected at once, so nothing is left behind.
 */
export type Adopt = (sourcePath: string, file: OwnedFile, attach: (mediaId: string) => boolean) => Promise<Adopted>;

export function createAdopter(deps: { media: MediaRepository; store: LocalMediaStore; guard: MediaGuard }): Adopt {
  const { media, store, guard } = deps;
  return async (sourcePath, file, attach) => {
    const bytes = (await stat(sourcePath)).size;
    const mediaId = await guard.exclusive(async () => {
      // Preview pieces are a cache: made again if a power cut loses one, so not flushed to disk.
      const id = await store.put(sourcePath, file.ext, { move: true, durable: file.role !== 'preview' });
      guard.pin([id]);
      return id;
    });
    let attached = false;
    try {
      media.register({ id: mediaId, role: file.role, mime: file.mime, bytes, width: file.width, height: file.height });
      attached = attach(mediaId);
    } finally {
      guard.unpin([mediaId]);
      if (!attached) await collectUnusedMedia(deps, [mediaId]);
    }
    return { mediaId, attached };
  };
}
