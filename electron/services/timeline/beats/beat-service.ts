import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { MusicSettings } from '../../../../shared/contract/timeline';
import { locateFfmpeg, type FfmpegLocation } from '../../ffmpeg/locate';
import type { BundledMusic } from '../bundled-music';
import type { TimelineSettingsRepository } from '../timeline-settings-repository';
import { ANALYSIS_RATE, decodeMonoPcm } from './decode-pcm';
import { detectBeats, type BeatAnalysis } from './beat-detect';
import type { BeatRepository } from './beat-repository';

export interface BeatServiceDeps {
  beats: BeatRepository;
  settings: Pick<TimelineSettingsRepository, 'get'>;
  music: BundledMusic;
  store: { path(mediaId: string): string; has(mediaId: string): boolean };
  ffmpeg?: () => Promise<FfmpegLocation>;
}

/** A track to analyse: its file and its content hash (the cache key). */
interface Track {
  file: string;
  hash: string;
  name: string;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The beats of a project's music, found on this device once per track (by its content hash, so a
 * track used by many projects, or imported twice, is analysed once) and kept in the library.
 */
export function createBeatService(deps: BeatServiceDeps) {
  const findFfmpeg = deps.ffmpeg ?? (() => locateFfmpeg());
  const bundledHashes = new Map<string, { key: string; hash: Promise<string> }>();
  /** Bundled tracks' hashes once known: what the synchronous look-up can use. */
  const knownHashes = new Map<string, string>();
  const running = new Map<string, Promise<BeatAnalysis>>();

  async function trackOf(music: MusicSettings): Promise<Track> {
    if (music.choice.source === 'file') {
      const mediaId = music.choice.mediaId;
      return { file: deps.store.path(mediaId), hash: mediaId.split('.')[0] as string, name: music.choice.name };
    }
    const file = deps.music.path(music.choice.trackId);
    const info = await stat(file);
    const key = `${info.size}:${info.mtimeMs}`;
    let known = bundledHashes.get(file);
    if (known?.key !== key) {
      known = { key, hash: sha256Of(file).then((hash) => (knownHashes.set(file, hash), hash)) };
      bundledHashes.set(file, known);
    }
    return { file, hash: await known.hash, name: music.choice.trackId };
  }

  async function analyse(track: Track): Promise<BeatAnalysis> {
    const kept = deps.beats.get(track.hash);
    if (kept) return kept;
    let pending = running.get(track.hash);
    if (!pending) {
      pending = (async () => {
        const { ffmpegPath } = await findFfmpeg();
        const samples = await decodeMonoPcm(ffmpegPath, track.file);
        const analysis = detectBeats(samples, ANALYSIS_RATE);
        deps.beats.put(track.hash, analysis);
        return analysis;
      })().finally(() => running.delete(track.hash));
      running.set(track.hash, pending);
    }
    return pending;
  }

  return {
    /** The project's music's beats if they are kept already (no analysis, no waiting: the projects list asks). */
    keptForProject(projectId: string): BeatAnalysis | null {
      const music = deps.settings.get(projectId).music;
      if (!music) return null;
      const hash = music.choice.source === 'file' ? music.choice.mediaId.split('.')[0] : knownHashes.get(deps.music.path(music.choice.trackId));
      return hash ? deps.beats.get(hash) : null;
    },

    /** The beats of the project's music (analysed now if they are not kept yet); null without music. */
    async forProject(projectId: string): Promise<(BeatAnalysis & { track: string }) | null> {
      const music = deps.settings.get(projectId).music;
      if (!music) return null;
      if (music.choice.source === 'file' && !deps.store.has(music.choice.mediaId)) return null;
      const track = await trackOf(music);
      return { ...(await analyse(track)), track: track.name };
    },
  };
}
export type BeatService = ReturnType<typeof createBeatService>;
