import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { StudioError } from '../../../shared/contract/errors';
import { locateFfmpeg, MediaProbeError, probeMedia } from '../ffmpeg/index';
import type { MediaStore } from '../media/media-store';
import type { BundledMusic } from './bundled-music';

const AUDIO_EXTENSIONS = new Set(['mp3', 'm4a', 'aac', 'wav', 'flac', 'ogg', 'opus']);
export const MAX_MUSIC_BYTES = 500 * 1024 * 1024;

/**
 * Copies the creator's own music file into the media store after FFmpeg confirms it has audio.
 * `name` is what the creator called it (an upload arrives under a temp name); it decides the extension.
 */
export async function importMusicFile(store: MediaStore, path: string, name = basename(path)): Promise<{ mediaId: string; name: string; durationS: number }> {
  const ext = extname(name).slice(1).toLowerCase();
  if (!AUDIO_EXTENSIONS.has(ext)) {
    throw new StudioError('INVALID_INPUT', `${name}: choose an audio file (${[...AUDIO_EXTENSIONS].join(', ')})`);
  }
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new StudioError('NOT_FOUND', `${name}: the file cannot be read`);
  if (info.size === 0 || info.size > MAX_MUSIC_BYTES) throw new StudioError('INVALID_INPUT', `${name}: the file is empty or larger than 500 MB`);
  const { ffmpegPath } = await locateFfmpeg();
  const probed = await probeMedia(ffmpegPath, path).catch((error: unknown) => {
    if (error instanceof MediaProbeError) throw new StudioError('INVALID_INPUT', `${name}: not a readable audio file`);
    throw error;
  });
  if (!probed.audio || !probed.durationS) throw new StudioError('INVALID_INPUT', `${name}: the file has no audio track`);
  const mediaId = await store.put(path, ext);
  return { mediaId, name, durationS: probed.durationS };
}

/**
 * A bundled track in the media store, stored the way the creator's own file is (content-addressed,
 * so asking again stores nothing new), so both transports can serve it to the preview player.
 */
export async function previewBundledTrack(store: MediaStore, music: BundledMusic, trackId: string): Promise<{ mediaId: string }> {
  const path = music.path(trackId);
  return { mediaId: await store.put(path, extname(path).slice(1).toLowerCase()) };
}
