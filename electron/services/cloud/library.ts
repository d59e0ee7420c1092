// The cloud library (issue 22): the creator's cloud projects with their paid takes and the
// backed-up final videos, on any machine they sign in on.
//   list      one `library` function call per screenful, then one createSignedUrls call for the
//             page's thumbnails through the signed-URL cache (a second visit within the expiry signs
//             nothing). The last listing is kept on disk per user, so offline the library still
//             shows what it had and which takes are local.
//   import    takes (or a whole project) into the local library: the photo through the importer,
//             the video adopted into the content-addressed media store (the same bytes are stored
//             once), a take row with provider `runway`; no generation, so no credits. Downloads
//             resume from their `.part` file after a failure.
//   backup    an export uploaded to final-videos/{user}/{id}.mp4 with progress and cancel, then
//             recorded by the function (final_videos row); share links are signed URLs; delete
//             removes object and row.
//   music     the catalogue (music_tracks), a track kept in the media store once used.
// Nothing local is ever deleted here, whatever the cloud answers.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import type { AdminMusic, LibraryPage, LibraryProgress, LibraryProject, LibraryVideo, CloudMusicTrack } from '../../../shared/contract/cloud';
import { StudioError } from '../../../shared/contract/errors';
import { nearestShape } from '../../../shared/values';
import { FINAL_VIDEOS_BUCKET, LIBRARY_LIMITS, MUSIC_BUCKET, PHOTOS_BUCKET, type AdminMusicBody, type AdminMusicRequestBody, type MUSIC_CONTENT_TYPES } from '../../../supabase/functions/_shared/wire';
import type { ClipRepository } from '../clips/clip-repository';
import type { ExportRepository } from '../export/export-repository';
import type { TakeRepository } from '../generate/take-repository';
import type { Importer } from '../media/importer';
import type { LibraryStore } from '../media/media-library';
import type { ProjectRepository } from '../projects/project-repository';
import type { EventBus } from '../rpc/event-bus';
import { removePath } from '../system/file-ops';
import { importMusicFile } from '../timeline/music-import';
import type { TimelineSettingsRepository } from '../timeline/timeline-settings-repository';
import type { CloudAccess } from './cloud-service';
import { adminMusic } from './admin';
import { keepThumbs } from './kept-thumbs';
import { invokeFunction } from './functions';
import { resumableDownload, TransferError, uploadFile } from './transfer';

/** Projects per screenful. */
export const LIBRARY_PAGE = 8;

// What the `library` function answers, checked before use (the boundary) -----------------------
const TakeBody = z.object({
  id: z.string().uuid(),
  clipId: z.string().uuid(),
  position: z.number().int(),
  prompt: z.string(),
  durationS: z.number(),
  ratio: z.string(),
  videoPath: z.string().min(1),
  photoPath: z.string().min(1).nullable(),
  credits: z.number().int(),
  createdAt: z.string(),
});
const ProjectBody = z.object({ id: z.string().uuid(), title: z.string(), createdAt: z.string(), updatedAt: z.string(), takes: z.array(TakeBody) });
const VideoBody = z.object({
  id: z.string().uuid(),
  projectId: z.string().uuid(),
  title: z.string().nullable(),
  filePath: z.string(),
  durationS: z.number().nullable(),
  sizeBytes: z.number().nullable(),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
const ListBody = z.object({ projects: z.array(ProjectBody), videos: z.array(VideoBody).nullable(), nextCursor: z.string().nullable() });
const MusicBody = z.object({
  tracks: z.array(z.object({ id: z.string().uuid(), title: z.string(), artist: z.string().nullable(), filePath: z.string(), durationS: z.number(), contentType: z.string(), position: z.number() })),
});
type ListBody = z.infer<typeof ListBody>;
type TakeBody = z.infer<typeof TakeBody>;
type MusicBody = z.infer<typeof MusicBody>;

/** What this machine knows of the cloud: which cloud things are local, and the last listing per user. */
const Links = z.object({
  projects: z.record(z.string(), z.string()).default({}),
  /** local project id -> cloud project id (a backup of an imported project goes to its cloud project) */
  cloudOf: z.record(z.string(), z.string()).default({}),
  clips: z.record(z.string(), z.string()).default({}),
  takes: z.record(z.string(), z.object({ localTakeId: z.string(), localClipId: z.string() })).default({}),
  backups: z.record(z.string(), z.string()).default({}),
  /** photo path -> the small thumbnail kept in the media store */
  thumbs: z.record(z.string(), z.string()).default({}),
  music: z.record(z.string(), z.object({ mediaId: z.string(), name: z.string(), durationS: z.number() })).default({}),
});
type Links = z.infer<typeof Links>;
const Cache = z.object({
  cachedAt: z.string(),
  pages: z.record(z.string(), ListBody),
  music: MusicBody.shape.tracks.nullable().default(null),
});
type Cache = z.infer<typeof Cache>;

export interface CloudLibraryDeps {
  access: CloudAccess;
  dataDir: string;
  events: EventBus;
  store: LibraryStore;
  importer: Pick<Importer, 'importFiles'>;
  projects: Pick<ProjectRepository, 'get' | 'create'>;
  clips: Pick<ClipRepository, 'get'>;
  takes: Pick<TakeRepository, 'insert' | 'approve' | 'approvedOf' | 'list'>;
  exports: Pick<ExportRepository, 'get'>;
  timeline?: Pick<TimelineSettingsRepository, 'get'>;
  log?: (message: string, error?: unknown) => void;
}

export interface CloudLibrary {
  list(cursor: string | null): Promise<LibraryPage>;
  thumbs(takeIds: readonly string[]): Promise<Record<string, string | null>>;
  importProject(projectId: string, takeIds?: readonly string[], operationId?: string): Promise<{ localProjectId: string; imported: number; alreadyLocal: number; failed: string[] }>;
  backup(exportId: string, operationId?: string): Promise<LibraryVideo>;
  cancel(operationId: string): boolean;
  share(videoId: string, lifetimeS: number): Promise<{ url: string; expiresAt: string }>;
  deleteVideo(videoId: string): Promise<{ deleted: boolean }>;
  music(): Promise<{ tracks: CloudMusicTrack[]; offline: boolean }>;
  musicTrack(trackId: string): Promise<{ mediaId: string; name: string; durationS: number }>;
  /** The admin screen's catalogue management (the admin function, behind its password). */
  adminMusic(password: string, request: AdminMusicRequestBody | null): Promise<AdminMusic>;
  /** Adds a track from a file in the media store: a row and a signed upload URL, then the file. */
  adminMusicAdd(password: string, input: { mediaId: string; title: string; artist?: string; durationS: number }): Promise<AdminMusic>;
}

const MUSIC_TYPES: Record<string, (typeof MUSIC_CONTENT_TYPES)[number]> = { mp3: 'audio/mpeg', m4a: 'audio/mp4', aac: 'audio/aac', wav: 'audio/wav' };

/** Storage signs any path it is given for the service role; the app only ever signs its own folder. */
const ownPath = (userId: string, p: string | null): p is string => !!p && p.startsWith(`${userId}/`) && !p.split('/').includes('..');

function jsonFile<T>(file: string, schema: z.ZodType<T>, empty: () => T) {
  let value: T | null = null;
  let writing = Promise.resolve();
  return {
    get(): T {
      if (value) return value;
      try {
        const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
        value = parsed.success ? parsed.data : empty();
      } catch {
        value = empty();
      }
      return value;
    },
    set(next: T): Promise<void> {
      value = next;
      const text = JSON.stringify(next);
      // written in order, each through a temp file and a rename
      writing = writing.then(async () => {
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, text);
        await rename(temp, file);
      }).catch(() => undefined);
      return writing;
    },
  };
}

function ratioSize(ratio: string): { width: number; height: number } {
  const m = /^(\d{2,5}):(\d{2,5})$/.exec(ratio);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : { width: 1280, height: 720 };
}

const offlineMessage = (cachedAt: string | null, localTakes: number) =>
  cachedAt
    ? `You are offline. This is your cloud library as of ${new Date(cachedAt).toLocaleString()}: ${localTakes} take${localTakes === 1 ? ' is' : 's are'} in your local library and work offline; bringing in other takes, thumbnails, backups and share links need a connection.`
    : 'You are offline and this library was never opened on this machine: it needs a connection. Your local projects are untouched.';

const toAdminMusic = (body: AdminMusicBody): AdminMusic => ({
  tracks: body.tracks.map((t) => ({ id: t.id, title: t.title, artist: t.artist, durationS: t.durationS, position: t.position })),
});

export function createCloudLibrary(deps: CloudLibraryDeps): CloudLibrary {
  const { access, events, store } = deps;
  const folder = join(deps.dataDir, 'cloud');
  const downloads = join(folder, 'downloads');
  mkdirSync(downloads, { recursive: true });
  const links = jsonFile(join(folder, 'links.json'), Links, () => Links.parse({}));
  const caches = new Map<string, ReturnType<typeof jsonFile<Cache>>>();
  const cacheOf = (userId: string) => {
    let c = caches.get(userId);
    if (!c) caches.set(userId, (c = jsonFile(join(folder, `library-${userId}.json`), Cache, () => ({ cachedAt: '', pages: {}, music: null }))));
    return c;
  };
  const operations = new Map<string, AbortController>();
  const log = deps.log ?? (() => undefined);

  function user(): string {
    const id = access.userId();
    if (!id) throw new StudioError('FORBIDDEN', 'Sign in to your Echoes account to see your cloud library (Settings › Account).');
    return id;
  }

  const isUnavailable = (error: unknown) => error instanceof StudioError && error.code === 'UNAVAILABLE';

  function progress(p: LibraryProgress) {
    events.emit({ type: 'library.progress', payload: p });
  }

  function liveClip(id: string | undefined) {
    if (!id) return null;
    try {
      return deps.clips.get(id);
    } catch {
      return null;
    }
  }
  function liveProject(id: string | undefined): string | null {
    if (!id) return null;
    try {
      return deps.projects.get(id).id;
    } catch {
      return null;
    }
  }
  function localTake(takeId: string): { localClipId: string; thumb: string | null } | null {
    const link = links.get().takes[takeId];
    const clip = liveClip(link?.localClipId);
    if (!link || !clip) return null;
    try {
      if (!deps.takes.list(clip.id).some((t) => t.id === link.localTakeId)) return null;
    } catch {
      return null;
    }
    return { localClipId: clip.id, thumb: clip.thumbMediaId };
  }

  function toPage(userId: string, body: ListBody, urls: Map<string, string | null>, offline: boolean, cachedAt: string | null): LibraryPage {
    const known = links.get();
    const projects: LibraryProject[] = body.projects.map((p) => ({
      id: p.id,
      title: p.title,
      createdAt: p.createdAt,
      localProjectId: liveProject(known.projects[p.id]),
      takes: p.takes.map((t) => {
        const local = localTake(t.id);
        return {
          id: t.id,
          clipId: t.clipId,
          position: t.position,
          prompt: t.prompt,
          durationS: t.durationS,
          ratio: t.ratio,
          credits: t.credits,
          createdAt: t.createdAt,
          thumbUrl: ownPath(userId, t.photoPath) ? (urls.get(t.photoPath) ?? null) : null,
          localThumbMediaId: local?.thumb ?? null,
          local: local !== null,
        };
      }),
    }));
    const videos = body.videos?.map(({ filePath: _path, ...v }) => v) ?? null;
    const localTakes = projects.reduce((n, p) => n + p.takes.filter((t) => t.local).length, 0);
    return { projects, videos, nextCursor: body.nextCursor, offline, cachedAt, message: offline ? offlineMessage(cachedAt, localTakes) : null };
  }

  /** The project's listing: from the last page that had it (memory and disk), else asked afresh page by page. */
  async function cloudProject(userId: string, projectId: string): Promise<ListBody['projects'][number]> {
    const cached = Object.values(cacheOf(userId).get().pages).flatMap((p) => p.projects).find((p) => p.id === projectId);
    if (cached) return cached;
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page = await fetchPage(userId, cursor);
      const found = page.projects.find((p) => p.id === projectId);
      if (found) return found;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    throw new StudioError('NOT_FOUND', 'That project is not in your cloud library.');
  }

  async function fetchPage(userId: string, cursor: string | null): Promise<ListBody> {
    const raw = await access.call((client) => invokeFunction<unknown>(client, 'library', { body: { action: 'list', cursor: cursor ?? undefined, limit: LIBRARY_PAGE } }));
    const parsed = ListBody.safeParse(raw);
    if (!parsed.success) throw new StudioError('UNAVAILABLE', 'The cloud library answered something this version does not understand.');
    const cache = cacheOf(userId);
    const current = cache.get();
    // a fresh first page starts the cache over (projects deleted elsewhere drop out)
    const pages = cursor ? { ...current.pages, [cursor]: parsed.data } : { '': parsed.data };
    void cache.set({ cachedAt: new Date().toISOString(), pages, music: current.music });
    return parsed.data;
  }

  /** A signed URL for one of the user's own private objects (through the cache). */
  async function signedUrl(bucket: string, path: string): Promise<string> {
    const url = (await access.signedUrls(bucket, [path])).get(path);
    if (!url) throw new StudioError('NOT_FOUND', 'That file is no longer in your cloud storage.');
    return url;
  }

  /** Downloads a stored object into a `.part` file that survives failures; returns its path. */
  async function download(bucket: string, path: string, signal: AbortSignal, onBytes: (done: number, total: number | null) => void, publicUrl?: string): Promise<string> {
    const part = join(downloads, `${createHash('sha256').update(`${bucket}/${path}`).digest('hex').slice(0, 32)}.part`);
    const url = publicUrl ?? (await signedUrl(bucket, path));
    try {
      await resumableDownload(access.fetch, url, part, { signal, onBytes });
    } catch (error) {
      if (error instanceof TransferError && error.kind === 'network') access.markOffline();
      if (error instanceof TransferError && error.kind === 'network') throw new StudioError('UNAVAILABLE', `The download stopped (${error.message}); it goes on from there when you try again.`);
      if (error instanceof TransferError) throw new StudioError('UNAVAILABLE', `The cloud refused the download: ${error.message}.`);
      throw error;
    }
    return part;
  }

  function operation(id: string | undefined): { id: string; controller: AbortController; done: () => void } {
    const opId = id ?? randomUUID();
    if (operations.has(opId)) throw new StudioError('CONFLICT', 'That operation is already running.');
    const controller = new AbortController();
    operations.set(opId, controller);
    return { id: opId, controller, done: () => operations.delete(opId) };
  }

  /** The local project is made only once something was downloaded for it (offline, nothing appears). */
  interface LocalProject {
    current(): string | null;
    ensure(): Promise<string>;
  }

  async function importTake(project: LocalProject, take: TakeBody, userId: string, signal: AbortSignal, onBytes: (n: number) => void): Promise<'imported' | 'local'> {
    if (localTake(take.id)) return 'local';
    const known = links.get();
    let clip = liveClip(known.clips[take.clipId]);
    if (clip && clip.projectId !== project.current()) clip = null;
    if (!clip) {
      if (!ownPath(userId, take.photoPath)) throw new Error('the take has no photo in the cloud');
      const part = await download(PHOTOS_BUCKET, take.photoPath, signal, (d) => onBytes(d));
      try {
        const localProjectId = await project.ensure();
        const name = `Clip ${take.position + 1}${/\.(jpe?g|png|webp)$/i.exec(take.photoPath)?.[0] ?? '.jpg'}`;
        const { results } = await deps.importer.importFiles({ projectId: localProjectId, files: [{ path: part, name }] });
        const result = results[0];
        if (!result?.ok) throw new Error(result ? result.error.message : 'the photo could not be imported');
        clip = result.clip;
      } finally {
        await removePath(part);
      }
      await links.set({ ...links.get(), clips: { ...links.get().clips, [take.clipId]: clip.id } });
    }
    if (!ownPath(userId, take.videoPath)) throw new Error('the take has no video in the cloud');
    const video = await download(PHOTOS_BUCKET, take.videoPath, signal, (d) => onBytes(d));
    const { width, height } = ratioSize(take.ratio);
    const clipId = clip.id;
    let localTakeId = '';
    try {
      signal.throwIfAborted();
      // the same video bytes are one file in the store, whichever take or machine brought them
      const { attached } = await store.adopt(video, { role: 'take', ext: 'mp4', mime: 'video/mp4', width, height }, (mediaId) => {
        localTakeId = deps.takes.insert({
          clipId,
          jobId: null,
          provider: 'runway',
          prompt: take.prompt,
          motion: null,
          seed: 0,
          durationS: take.durationS,
          fps: 24,
          width,
          height,
          aspect: nearestShape(width, height),
          madeWith: { framing: null, focusMode: 'subject' },
          mediaId,
        });
        if (!deps.takes.approvedOf(clipId)) deps.takes.approve(clipId, localTakeId);
        return true;
      });
      if (!attached) throw new Error('the clip was removed meanwhile');
    } finally {
      await removePath(video);
    }
    const now = links.get();
    await links.set({ ...now, takes: { ...now.takes, [take.id]: { localTakeId, localClipId: clipId } } });
    return 'imported';
  }

  /** Takes of the pages listed so far: take id -> photo path. */
  const photoOf = new Map<string, string>();
  function remember(body: ListBody) {
    for (const p of body.projects) for (const t of p.takes) if (t.photoPath) photoOf.set(t.id, t.photoPath);
  }
  const THUMB_WIDTH = 320;
  const THUMB_PARALLEL = 6;

  async function makeThumb(url: string): Promise<string> {
    const res = await access.fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const small = await sharp(Buffer.from(await res.arrayBuffer()), { limitInputPixels: 100_000_000 })
      .rotate()
      .resize({ width: THUMB_WIDTH, withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer();
    return store.putBuffer(small, 'webp');
  }

  const library: CloudLibrary = {
    async thumbs(takeIds) {
      const userId = user();
      if (photoOf.size === 0) for (const page of Object.values(cacheOf(userId).get().pages)) remember(page);
      const out: Record<string, string | null> = {};
      const kept = links.get().thumbs;
      const wanted = new Map<string, string[]>();
      /** Kept thumbnails this screen shows: the newest kept, never the ones dropped for room. */
      const shown: Record<string, string> = {};
      for (const id of takeIds) {
        const path = photoOf.get(id);
        out[id] = null;
        if (!path || !ownPath(userId, path)) continue;
        if (kept[path] && store.has(kept[path])) {
          out[id] = kept[path];
          shown[path] = kept[path];
        } else wanted.set(path, [...(wanted.get(path) ?? []), id]);
      }
      if (wanted.size === 0) return out;
      let urls: Map<string, string | null>;
      try {
        // the list signed these: the cache answers without a call
        urls = await access.signedUrls(PHOTOS_BUCKET, [...wanted.keys()]);
      } catch (error) {
        if (isUnavailable(error)) return out;
        throw error;
      }
      const made: Record<string, string> = {};
      const queue = [...wanted.keys()];
      let failures = 0;
      await Promise.all(
        Array.from({ length: Math.min(THUMB_PARALLEL, queue.length) }, async () => {
          for (let path = queue.shift(); path; path = queue.shift()) {
            const url = urls.get(path);
            if (!url) continue;
            try {
              made[path] = await makeThumb(url);
              for (const id of wanted.get(path)!) out[id] = made[path]!;
            } catch (error) {
              failures++;
              if (failures === 1) log('a cloud thumbnail could not be made', error);
            }
          }
        }),
      );
      if (Object.keys(made).length) {
        const now = links.get();
        const { thumbs, dropped } = keepThumbs(now.thumbs, { ...shown, ...made });
        void links.set({ ...now, thumbs });
        for (const file of dropped) void store.remove(file).catch((error: unknown) => log('an old cloud thumbnail could not be deleted', error));
      }
      return out;
    },

    async list(cursor) {
      const userId = user();
      try {
        const body = await fetchPage(userId, cursor);
        remember(body);
        // one signing call for the whole screenful (the cache answers what it still holds)
        const paths = [...new Set(body.projects.flatMap((p) => p.takes.map((t) => t.photoPath)).filter((p): p is string => ownPath(userId, p)))];
        let urls = new Map<string, string | null>();
        try {
          if (paths.length) urls = await access.signedUrls(PHOTOS_BUCKET, paths);
        } catch (error) {
          // Storage refusing the batch costs the thumbnails, not the page
          if (isUnavailable(error)) throw error;
          log('the thumbnails of a library page could not be signed', error);
        }
        return toPage(userId, body, urls, false, null);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        const cache = cacheOf(userId).get();
        const page = cache.pages[cursor ?? ''];
        if (!page) return { projects: [], videos: cursor ? null : [], nextCursor: null, offline: true, cachedAt: null, message: offlineMessage(null, 0) };
        remember(page);
        return toPage(userId, page, new Map(), true, cache.cachedAt);
      }
    },

    async importProject(projectId, takeIds, operationId) {
      const userId = user();
      const op = operation(operationId);
      let doneBytes = 0;
      const report = (state: LibraryProgress['state'], message: string) =>
        progress({ operationId: op.id, kind: 'import', state, doneBytes, totalBytes: null, message });
      try {
        const project = await cloudProject(userId, projectId);
        const wanted = takeIds ? new Set(takeIds) : null;
        const takes = project.takes.filter((t) => !wanted || wanted.has(t.id));
        if (wanted && takes.length !== wanted.size) throw new StudioError('NOT_FOUND', 'Some of those takes are not in this cloud project.');
        let localProjectId = liveProject(links.get().projects[projectId]);
        const local: LocalProject = {
          current: () => localProjectId,
          async ensure() {
            if (localProjectId) return localProjectId;
            const id = deps.projects.create(project.title.slice(0, 120) || 'From the cloud').id;
            localProjectId = id;
            const now = links.get();
            await links.set({ ...now, projects: { ...now.projects, [projectId]: id }, cloudOf: { ...now.cloudOf, [id]: projectId } });
            events.emit({ type: 'projects.changed', payload: { projectId: id } });
            return id;
          },
        };
        let imported = 0;
        let alreadyLocal = 0;
        const failed: string[] = [];
        // the clips in order, each clip's newest take first (it becomes the approved one)
        const ordered = [...takes].sort((a, b) => a.position - b.position || b.createdAt.localeCompare(a.createdAt));
        for (const [i, take] of ordered.entries()) {
          op.controller.signal.throwIfAborted();
          report('running', `Bringing in take ${i + 1} of ${ordered.length}…`);
          let base = doneBytes;
          try {
            const outcome = await importTake(local, take, userId, op.controller.signal, (d) => {
              doneBytes = base + d;
              report('running', `Bringing in take ${i + 1} of ${ordered.length}…`);
            });
            base = doneBytes;
            if (outcome === 'local') alreadyLocal++;
            else imported++;
          } catch (error) {
            if (op.controller.signal.aborted || isUnavailable(error)) throw error;
            log(`could not bring take ${take.id} into the library`, error);
            failed.push(`Clip ${take.position + 1}: ${(error as Error).message}`);
          }
        }
        const finalId = await local.ensure();
        events.emit({ type: 'clips.changed', payload: { projectId: finalId } });
        events.emit({ type: 'projects.changed', payload: { projectId: finalId } });
        report(failed.length ? 'failed' : 'succeeded', `${imported} brought in, ${alreadyLocal} already here${failed.length ? `, ${failed.length} failed` : ''}`);
        return { localProjectId: finalId, imported, alreadyLocal, failed };
      } catch (error) {
        const cancelled = op.controller.signal.aborted;
        report(cancelled ? 'cancelled' : 'failed', cancelled ? 'Cancelled: what was downloaded is kept and the next try goes on from there.' : (error as Error).message);
        if (cancelled) throw new StudioError('CANCELLED', 'Cancelled.');
        throw error;
      } finally {
        op.done();
      }
    },

    async backup(exportId, operationId) {
      const userId = user();
      const exp = deps.exports.get(exportId);
      if (exp.state !== 'succeeded' || !exp.mediaId) throw new StudioError('INVALID_INPUT', 'Only a finished export can be backed up.');
      const file = store.path(exp.mediaId);
      const title = deps.projects.get(exp.projectId).name.slice(0, LIBRARY_LIMITS.titleMax);
      const known = links.get();
      const videoId = known.backups[exportId] ?? randomUUID();
      if (!known.backups[exportId]) await links.set({ ...known, backups: { ...known.backups, [exportId]: videoId } });
      const cloudProjectId = known.cloudOf[exp.projectId] ?? exp.projectId;
      const timeline = (() => {
        try {
          return deps.timeline?.get(exp.projectId) ?? null;
        } catch {
          return null;
        }
      })();
      const settings = { ...exp.settings, transition: timeline?.transition.type ?? null, musicVolume: timeline?.music?.volume ?? null, width: exp.width, height: exp.height };
      const path = `${userId}/${videoId}.mp4`;
      const op = operation(operationId);
      const total = exp.sizeBytes ?? null;
      const report = (state: LibraryProgress['state'], doneBytes: number, message: string) =>
        progress({ operationId: op.id, kind: 'backup', state, doneBytes, totalBytes: total, message });
      let sent = 0;
      try {
        report('running', 0, 'Backing up…');
        const upload = await access.call(async (client) => {
          const { data, error } = await client.storage.from(FINAL_VIDEOS_BUCKET).createSignedUploadUrl(path, { upsert: true });
          if (error || !data) throw error ?? new Error('no upload URL');
          return data;
        });
        try {
          await uploadFile(access.fetch, upload.signedUrl, file, 'video/mp4', {
            signal: op.controller.signal,
            onBytes: (done) => {
              sent = done;
              report('running', done, `Backing up… ${Math.round((done / Math.max(1, total ?? done)) * 100)} %`);
            },
          });
        } catch (error) {
          if (error instanceof TransferError && error.kind === 'network') access.markOffline();
          if (error instanceof TransferError) throw new StudioError('UNAVAILABLE', `The backup stopped: ${error.message}. Try again.`);
          throw error;
        }
        op.controller.signal.throwIfAborted();
        const raw = await access.call((client) =>
          invokeFunction<unknown>(client, 'library', {
            body: { action: 'backup', id: videoId, projectId: cloudProjectId, title, durationS: Math.round(exp.durationS ?? 0), sizeBytes: exp.sizeBytes ?? sent, settings },
          }),
        );
        const parsed = z.object({ video: VideoBody }).safeParse(raw);
        if (!parsed.success) throw new StudioError('UNAVAILABLE', 'The cloud library answered something this version does not understand.');
        report('succeeded', sent, 'Backed up');
        const { filePath: _f, ...video } = parsed.data.video;
        return video;
      } catch (error) {
        const cancelled = op.controller.signal.aborted;
        report(cancelled ? 'cancelled' : 'failed', sent, cancelled ? 'Backup cancelled.' : (error as Error).message);
        if (cancelled) throw new StudioError('CANCELLED', 'Backup cancelled.');
        throw error;
      } finally {
        op.done();
      }
    },

    cancel(operationId) {
      const controller = operations.get(operationId);
      controller?.abort();
      return controller !== undefined;
    },

    async share(videoId, lifetimeS) {
      const userId = user();
      const path = `${userId}/${videoId}.mp4`;
      // not through the cache: each share link has the lifetime the creator chose
      const url = await access.call(async (client) => {
        const { data, error } = await client.storage.from(FINAL_VIDEOS_BUCKET).createSignedUrl(path, lifetimeS);
        if (error || !data) {
          if (/not.?found|does not exist/i.test((error as Error | null)?.message ?? '')) throw new StudioError('NOT_FOUND', 'That video is no longer backed up.');
          throw error ?? new Error('no URL');
        }
        return data.signedUrl;
      });
      return { url, expiresAt: new Date(Date.now() + lifetimeS * 1000).toISOString() };
    },

    async deleteVideo(videoId) {
      user();
      const raw = await access.call((client) => invokeFunction<unknown>(client, 'library', { body: { action: 'delete_video', id: videoId } }));
      return z.object({ deleted: z.boolean() }).parse(raw);
    },

    async music() {
      const userId = user();
      const known = links.get().music;
      const withCache = (tracks: MusicBody['tracks']): CloudMusicTrack[] =>
        tracks.map((t) => {
          const cached = known[t.id];
          return { id: t.id, title: t.title, artist: t.artist, durationS: t.durationS, cachedMediaId: cached && store.has(cached.mediaId) ? cached.mediaId : null };
        });
      try {
        const raw = await access.call((client) => invokeFunction<unknown>(client, 'library', { body: { action: 'music' } }));
        const parsed = MusicBody.safeParse(raw);
        if (!parsed.success) throw new StudioError('UNAVAILABLE', 'The music catalogue answered something this version does not understand.');
        const cache = cacheOf(userId);
        void cache.set({ ...cache.get(), cachedAt: cache.get().cachedAt || new Date().toISOString(), music: parsed.data.tracks });
        return { tracks: withCache(parsed.data.tracks), offline: false };
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        // offline: only the tracks kept on this machine can be used
        return { tracks: withCache(cacheOf(userId).get().music ?? []).filter((t) => t.cachedMediaId), offline: true };
      }
    },

    async adminMusic(password, request) {
      return toAdminMusic(await access.callAnonymous((client) => adminMusic(client, password, request)));
    },

    async adminMusicAdd(password, input) {
      const ext = /\.([a-z0-9]+)$/.exec(input.mediaId)?.[1] ?? '';
      const contentType = MUSIC_TYPES[ext];
      if (!contentType) throw new StudioError('INVALID_INPUT', 'The catalogue takes MP3, M4A, AAC or WAV files.');
      const file = store.path(input.mediaId);
      const added = await access.callAnonymous((client) =>
        adminMusic(client, password, { music: 'add', title: input.title, ...(input.artist ? { artist: input.artist } : {}), durationS: Math.max(1, Math.round(input.durationS)), contentType }),
      );
      if (!added.upload) throw new StudioError('UNAVAILABLE', 'The admin function gave no upload URL.');
      const id = /([0-9a-f-]{36})\.[a-z0-9]+$/.exec(added.upload.path)?.[1];
      try {
        await uploadFile(access.fetch, added.upload.signedUrl, file, contentType);
      } catch (error) {
        // no track without its file
        if (id) await access.callAnonymous((client) => adminMusic(client, password, { music: 'remove', id })).catch(() => undefined);
        if (error instanceof TransferError) throw new StudioError('UNAVAILABLE', `The track could not be uploaded: ${error.message}`);
        throw error;
      }
      return toAdminMusic(added);
    },

    async musicTrack(trackId) {
      const cached = links.get().music[trackId];
      if (cached && store.has(cached.mediaId)) return cached;
      const userId = user();
      const inCatalogue = () => cacheOf(userId).get().music?.find((t) => t.id === trackId);
      // the catalogue as last listed; asked afresh when the track is not in it
      let track = inCatalogue();
      if (!track) {
        await library.music();
        track = inCatalogue();
      }
      if (!track) throw new StudioError('NOT_FOUND', 'That track is no longer in the catalogue.');
      const found = track;
      const publicUrl = await access.call(async (client) => client.storage.from(MUSIC_BUCKET).getPublicUrl(found.filePath).data.publicUrl);
      const controller = new AbortController();
      const part = await download(MUSIC_BUCKET, found.filePath, controller.signal, () => undefined, publicUrl);
      try {
        const ext = /\.([a-z0-9]{2,4})$/.exec(found.filePath)?.[1] ?? 'mp3';
        const stored = await importMusicFile(store, part, `${found.title.replace(/[\\/:*?"<>|]/g, ' ').slice(0, 120)}.${ext}`);
        const now = links.get();
        await links.set({ ...now, music: { ...now.music, [trackId]: stored } });
        return stored;
      } finally {
        await removePath(part);
      }
    },
  };
  return library;
}
