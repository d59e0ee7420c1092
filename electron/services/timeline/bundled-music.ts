import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BundledTrack } from '../../../shared/contract/timeline';
import { StudioError } from '../../../shared/contract/errors';
/** The tracks resources/scripts/make-music.ts synthesizes into resources/music/. */
const catalog: ReadonlyArray<BundledTrack & { file: string }> = [
  { id: 'drift', title: 'Drift (ambient)', durationS: 60, file: 'drift.m4a' },
  { id: 'sunrise', title: 'Sunrise (upbeat)', durationS: 60, file: 'sunrise.m4a' },
  { id: 'reverie', title: 'Reverie (piano)', durationS: 60, file: 'reverie.m4a' },
];

export interface BundledMusic {
  list(): BundledTrack[];
  /** Absolute path of a bundled track; NOT_FOUND names the id. */
  path(trackId: string): string;
}

/** `musicDir`: resources/music in development, <resources>/music in the packaged app. */
export function createBundledMusic(musicDir: string): BundledMusic {
  const present = catalog.filter((t) => existsSync(join(musicDir, t.file)));
  return {
    list: () => present.map(({ id, title, durationS }) => ({ id, title, durationS })),
    path(trackId) {
      const track = present.find((t) => t.id === trackId);
      if (!track) {
        throw new StudioError('NOT_FOUND', `No bundled track "${trackId}"; choose one of: ${present.map((t) => t.id).join(', ') || '(none installed)'}`);
      }
      return join(musicDir, track.file);
    },
  };
}
