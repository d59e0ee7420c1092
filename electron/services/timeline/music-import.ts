import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { StudioError } from '../../../shared/contract/errors';
import { locateFfmpeg, MediaProbeError, probeMedia } from '../ffmpeg';
import { MEDIA_DEMUXERS } from '../ffmpeg/input-guard';
import { displayName } from '../media/file-name';
import type { MediaStore } from '../media/media-store';
import { describeTextMedia } from '../media/sniff';
import { userFileProblem } from '../media/user-path';
import type { BundledMusic } from './bundled-music';
import { copyFileTo, removePath } from '../system/file-ops';

const AUDIO_EXTENSIONS = new Set(['mp3', 'm4a', 'aac', 'wav', 'flac', 'ogg', 'opus']);
export const MAX_MUSIC_BYTES = 500 * 1024 * 1024;
const READABLE = 'MP3, M4A, AAC, WAV, FLAC or OGG';
const HEAD_BYTES = 512;

/** music.importPath: a file the creator picked (absolute, not a link), checked and stored like an upload. */
export async function importMusicPath(store: MediaStore, path: string): Promise<{ mediaId: string; name: string; durationS: number }> {
  const name = displayName(path);
  const problem = await userFileProblem(path);
  if (problem) throw new StudioError(problem.includes('no longer exists') ? 'NOT_FOUND' : 'INVALID_INPUT', `${name}: ${problem}`);
  return importMusicFile(store, path, name);
}

/**
 * Copies the creator's own music file into the media store after checking what it is: not text
 * (a playlist or concat script named like a song would make FFmpeg read the files it lists), and
 * a container FFmpeg reads with an audio demuxer from the allow-list (the probe runs on the stored
 * copy, never on the creator's path). `name` is what the creator called it (an upload arrives
 * under a temp name); it decides the extension.
 */
export async function importMusicFile(store: MediaStore, path: string, name = displayName(path)): Promise<{ mediaId: string; name: string; durationS: number }> {
  const ext = extname(name).slice(1).toLowerCase();
  if (!AUDIO_EXTENSIONS.has(ext)) {
    throw new StudioError('INVALID_INPUT', `${name}: choose an audio file (${[...AUDIO_EXTENSIONS].join(', ')})`);
  }
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new StudioError('NOT_FOUND', `${name}: the file cannot be read`);
  if (info.size === 0 || info.size > MAX_MUSIC_BYTES) throw new StudioError('INVALID_INPUT', `${name}: the file is empty or larger than 500 MB`);
  const text = describeTextMedia(await readHead(path, name));
  if (text) throw new StudioError('INVALID_INPUT', `${name}: not an audio file: it is ${text}, whatever its name says`);

  const temp = store.tempPath(ext);
  try {
    await copyFileTo(path, temp);
    const { ffmpegPath } = await locateFfmpeg();
    const probed = await probeMedia(ffmpegPath, temp).catch((error: unknown) => {
      if (error instanceof MediaProbeError) throw new StudioError('INVALID_INPUT', `${name}: not an audio file Echoes can read (${READABLE})`);
      throw error;
    });
    if (!(MEDIA_DEMUXERS as readonly string[]).some((demuxer) => probed.container.split(',').includes(demuxer))) {
      throw new StudioError('INVALID_INPUT', `${name}: not an audio file Echoes can read (${READABLE})`);
    }
    if (!probed.audio || !probed.durationS) throw new StudioError('INVALID_INPUT', `${name}: the file has no audio track`);
    const mediaId = await store.put(temp, ext, { move: true });
    return { mediaId, name, durationS: probed.durationS };
  } finally {
    await removePath(temp);
  }
}

async function readHead(path: string, name: string): Promise<Buffer> {
  try {
    const handle = await open(path, 'r');
    try {
      const head = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
      return head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    throw new StudioError('NOT_FOUND', `${name}: the file cannot be read`);
  }
}

/**
 * A bundled track in the media store, stored the way the creator's own file is (content-addressed,
 * so asking again stores nothing new), so both transports can serve it to the preview player.
 */
export async function previewBundledTrack(store: MediaStore, music: BundledMusic, trackId: string): Promise<{ mediaId: string }> {
  const path = music.path(trackId);
  return { mediaId: await store.put(path, extname(path).slice(1).toLowerCase()) };
}
