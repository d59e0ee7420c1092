import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryPage, LibraryProgress, LibraryProject, LibraryTake, LibraryVideo } from '../../../../shared/contract';
import { Button } from '../../components/Button';
import { ProgressBar } from '../../components/ProgressBar';
import { formatDuration } from '../../format';
import { useRoute } from '../../stores/route';
import { toastError, useToasts } from '../../stores/toasts';
import { mediaUrl, studio } from '../../transport/client';
import { openAccount } from './cloud-route';
import { useCloudStatus } from './use-cloud-status';
import { createThumbLoader, type ThumbLoader } from './thumb-loader';

const SHARE_LIFETIMES = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 7 * 86_400 },
];

/** A take's thumbnail: asked for only when it comes near the viewport (visible first), shown from the media store. */
function TakeThumb({ take, loader }: { take: LibraryTake; loader: ThumbLoader }) {
  const box = useRef<HTMLDivElement>(null);
  const [mediaId, setMediaId] = useState<string | null>(take.localThumbMediaId);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element || mediaId) return;
    let live = true;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        loader.request(take.id).then((id) => live && (id ? setMediaId(id) : setMissing(true)), () => live && setMissing(true));
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
    return () => {
      live = false;
      observer.disconnect();
    };
  }, [take.id, mediaId, loader]);
  const [w, h] = take.ratio.split(':').map(Number);
  return (
    <div
      ref={box}
      className="relative w-28 shrink-0 overflow-hidden rounded-md bg-ink-800"
      style={{ aspectRatio: `${w || 16} / ${h || 9}` }}
      data-testid="library-take"
      data-local={take.local ? 'true' : 'false'}
      title={take.prompt || `Clip ${take.position + 1}`}
    >
      {mediaId ? (
        <img src={mediaUrl(mediaId)} alt={`Clip ${take.position + 1}`} className="absolute inset-0 h-full w-full object-cover" draggable={false} data-testid="library-thumb" />
      ) : (
        missing && <span className="absolute inset-0 flex items-center justify-center text-[10px] text-ink-400">No preview</span>
      )}
      {take.local && <span className="absolute bottom-1 right-1 rounded bg-emerald-600/90 px-1 text-[10px] text-white">On this computer</span>}
    </div>
  );
}

function ProjectRow({ project, loader, offline, progress, onImported }: { project: LibraryProject; loader: ThumbLoader; offline: boolean; progress: LibraryProgress | null; onImported(): void }) {
  const { go } = useRoute();
  const [operationId, setOperationId] = useState<string | null>(null);
  const running = operationId !== null && progress?.operationId === operationId && progress.state === 'running';
  const allLocal = project.takes.length > 0 && project.takes.every((t) => t.local);
  async function bringIn() {
    const id = crypto.randomUUID();
    setOperationId(id);
    try {
      const result = await studio.api['library.import']({ projectId: project.id, operationId: id });
      const failed = result.failed.length ? ` ${result.failed.length} could not be brought in.` : '';
      useToasts.getState().push({ kind: result.failed.length ? 'error' : 'success', message: `${project.title}: ${result.imported} take${result.imported === 1 ? '' : 's'} brought in, ${result.alreadyLocal} already here.${failed}` });
      onImported();
    } catch (error) {
      toastError(error);
    } finally {
      setOperationId(null);
    }
  }
  return (
    <li className="flex flex-col gap-2 rounded-lg border border-ink-800 bg-ink-900/60 p-3" data-testid="library-project">
      <div className="flex items-center gap-3">
        <h3 className="text-sm font-semibold">{project.title}</h3>
        <span className="text-xs text-ink-400">
          {new Date(project.createdAt).toLocaleDateString()} · {project.takes.length} AI take{project.takes.length === 1 ? '' : 's'}
        </span>
        <div className="ml-auto flex gap-2">
          {project.localProjectId && (
            <Button variant="ghost" onClick={() => go({ screen: 'project', projectId: project.localProjectId! })}>
              Open
            </Button>
          )}
          {running ? (
            <Button variant="ghost" onClick={() => void studio.api['library.cancel']({ operationId: operationId! }).catch(toastError)}>
              Cancel
            </Button>
          ) : (
            !allLocal && (
              <Button onClick={() => void bringIn()} disabled={offline || operationId !== null} title={offline ? 'Needs a connection' : 'Download into your local library (no credits are charged)'}>
                Bring into my library
              </Button>
            )
          )}
        </div>
      </div>
      {running && progress && (
        <div className="flex flex-col gap-1" role="status">
          <span className="text-xs text-ink-300">
            {progress.message} · {(progress.doneBytes / 1e6).toFixed(1)} MB
          </span>
          {progress.totalBytes ? <ProgressBar percent={(progress.doneBytes / progress.totalBytes) * 100} label={progress.message} /> : null}
        </div>
      )}
      <div className="flex gap-2 overflow-x-auto pb-1">
        {project.takes.map((take) => (
          <TakeThumb key={take.id} take={take} loader={loader} />
        ))}
        {project.takes.length === 0 && <span className="text-xs text-ink-400">No finished AI takes yet.</span>}
      </div>
    </li>
  );
}

function VideoRow({ video, offline, onDeleted }: { video: LibraryVideo; offline: boolean; onDeleted(): void }) {
  const [lifetime, setLifetime] = useState(SHARE_LIFETIMES[1]!.seconds);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  async function share() {
    try {
      const next = await studio.api['library.share']({ videoId: video.id, lifetimeS: lifetime });
      setLink(next);
      await navigator.clipboard?.writeText(next.url).catch(() => undefined);
    } catch (error) {
      toastError(error);
    }
  }
  async function remove() {
    if (!window.confirm(`Delete the backup of “${video.title ?? 'this video'}” from the cloud? The copy on this computer stays.`)) return;
    try {
      await studio.api['library.deleteVideo']({ videoId: video.id });
      onDeleted();
    } catch (error) {
      toastError(error);
    }
  }
  return (
    <li className="flex flex-col gap-2 rounded-lg border border-ink-800 bg-ink-900/60 p-3" data-testid="library-video">
      <div className="flex flex-wrap items-center gap-3">
        <span className="text-sm font-medium">{video.title ?? 'Untitled video'}</span>
        <span className="text-xs text-ink-400">
          {new Date(video.createdAt).toLocaleString()} · {formatDuration(video.durationS ?? 0)} · {((video.sizeBytes ?? 0) / 1e6).toFixed(1)} MB
        </span>
        <div className="ml-auto flex items-center gap-2">
          <select aria-label="Link lifetime" value={lifetime} onChange={(e) => setLifetime(Number(e.target.value))} className="rounded-md border border-ink-700 bg-ink-850 px-2 py-1 text-sm">
            {SHARE_LIFETIMES.map((l) => (
              <option key={l.seconds} value={l.seconds}>
                {l.label}
              </option>
            ))}
          </select>
          <Button onClick={() => void share()} disabled={offline}>
            Share link
          </Button>
          <Button variant="ghost" onClick={() => void remove()} disabled={offline}>
            Delete backup
          </Button>
        </div>
      </div>
      {link && (
        <p className="mt-1 flex min-w-0 gap-2 text-xs text-ink-300" data-testid="share-link">
          <a href={link.url} title={link.url} target="_blank" rel="noreferrer" className="min-w-0 truncate text-accent-400 underline">
            {link.url}
          </a>
          <span className="shrink-0">copied; works until {new Date(link.expiresAt).toLocaleString()}</span>
        </p>
      )}
    </li>
  );
}

/** The cloud library: your cloud projects with their AI takes, and your backed-up videos. */
export function LibraryScreen() {
  const [status] = useCloudStatus();
  const [pages, setPages] = useState<LibraryPage[]>([]);
  const [loading, setLoading] = useState(false);
  const [progress, setProgress] = useState<LibraryProgress | null>(null);
  const newLoader = () => createThumbLoader((takeIds) => studio.api['library.thumbs']({ takeIds }).then((r) => r.thumbs));
  // a new loader on each refresh: thumbnails missing offline are asked for again
  const [loader, setLoader] = useState<ThumbLoader>(newLoader);
  const signedIn = status?.signedIn ?? false;

  const load = useCallback(async (cursor: string | null) => {
    setLoading(true);
    try {
      const page = await studio.api['library.list']({ cursor });
      if (!cursor) setLoader(newLoader);
      setPages((before) => (cursor ? [...before, page] : [page]));
    } catch (error) {
      toastError(error);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (signedIn) void load(null);
  }, [signedIn, load]);
  useEffect(() => studio.subscribe((e) => e.type === 'library.progress' && setProgress(e.payload)), []);

  // the next screenful loads when the end of the list comes into view
  const end = useRef<HTMLDivElement>(null);
  const last = pages.at(-1);
  useEffect(() => {
    const element = end.current;
    if (!element || !last?.nextCursor || last.offline || loading) return;
    const cursor = last.nextCursor;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void load(cursor), { rootMargin: '400px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [last, loading, load]);

  if (status && !status.signedIn) {
    return (
      <main className="mx-auto flex max-w-3xl flex-col gap-4 p-6">
        <h1 className="text-xl font-semibold">Cloud library</h1>
        <p className="text-sm text-ink-300">{status.configured ? 'Sign in to see the AI clips you made and the videos you backed up, on any computer.' : status.localOnlyMessage}</p>
        {status.configured && (
          <div>
            <Button variant="primary" onClick={openAccount}>
              Sign in…
            </Button>
          </div>
        )}
      </main>
    );
  }

  const first = pages[0];
  const offline = pages.some((p) => p.offline);
  const projects = pages.flatMap((p) => p.projects);
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-5 p-6" data-testid="library-screen">
      <div className="flex items-center gap-3">
        <h1 className="text-xl font-semibold">Cloud library</h1>
        <Button variant="ghost" className="ml-auto" onClick={() => void load(null)} disabled={loading}>
          Refresh
        </Button>
      </div>
      {offline && (
        <p role="status" className="rounded-lg border border-amber-500/40 bg-amber-950/30 p-3 text-sm text-amber-100" data-testid="library-offline">
          {pages.find((p) => p.message)?.message}
        </p>
      )}
      {first?.videos && first.videos.length > 0 && (
        <section className="flex flex-col gap-2">
          <h2 className="text-sm font-semibold text-ink-200">Backed-up videos</h2>
          <ul className="flex flex-col gap-2">
            {first.videos.map((v) => (
              <VideoRow key={v.id} video={v} offline={offline} onDeleted={() => void load(null)} />
            ))}
          </ul>
        </section>
      )}
      <section className="flex flex-col gap-2">
        <h2 className="text-sm font-semibold text-ink-200">Projects</h2>
        {first && projects.length === 0 && !offline && <p className="text-sm text-ink-400">Nothing in the cloud yet: AI clips you generate appear here, on every computer you sign in on.</p>}
        <ul className="flex flex-col gap-3">
          {projects.map((p) => (
            <ProjectRow key={p.id} project={p} loader={loader} offline={offline} progress={progress} onImported={() => void load(null)} />
          ))}
        </ul>
        <div ref={end} aria-hidden className="h-px" />
        {loading && <p className="text-xs text-ink-400">Loading…</p>}
      </section>
    </main>
  );
}
