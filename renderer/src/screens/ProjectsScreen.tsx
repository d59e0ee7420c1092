import { startTransition, useEffect, useState } from 'react';
import type { ProjectSummary } from '../../../shared/contract';
import { Button } from '../components/Button';
import { LazyImage } from '../components/LazyImage';
import { NameForm } from '../components/NameForm';
import { formatDate, formatTime, formatWhen, plural } from '../format';
import { useProjects, visibleProjects, type ProjectSort } from '../stores/projects';
import { useRoute } from '../stores/route';
import { toastError } from '../stores/toasts';

/** Cards in the first commit: what a laptop window shows at once; the rest follow a frame later. */
const FIRST_CARDS = 12;

function ProjectCard({ project }: { project: ProjectSummary }) {
  const { rename, remove, duplicate } = useProjects();
  const go = useRoute((s) => s.go);
  const [renaming, setRenaming] = useState(false);
  const open = () => go({ screen: 'project', projectId: project.id });

  return (
    <li
      className="group flex flex-col overflow-hidden rounded-xl border border-ink-800 bg-ink-900 transition-colors [contain-intrinsic-size:auto_280px] [content-visibility:auto] hover:border-ink-700"
      data-testid="project-card"
    >
      <button className="relative block text-left" onClick={open} aria-label={`Open ${project.name}`} tabIndex={-1}>
        {project.cover ? (
          <LazyImage mediaId={project.cover.mediaId} width={project.cover.width} height={project.cover.height} boxAspect="16 / 9" alt="" className="w-full" />
        ) : (
          <div className="flex aspect-video items-center justify-center bg-gradient-to-br from-ink-800 to-ink-850 text-sm text-ink-300">No photos yet</div>
        )}
        {project.durationS > 0 && (
          <span className="absolute bottom-2 right-2 rounded bg-black/75 px-1.5 py-0.5 text-xs font-medium tabular-nums text-white">{formatTime(project.durationS)}</span>
        )}
      </button>
      <div className="flex flex-1 flex-col gap-1.5 p-4">
        {renaming ? (
          <NameForm
            label="Project name"
            initial={project.name}
            submitLabel="Save"
            onCancel={() => setRenaming(false)}
            onSubmit={async (name) => {
              await rename(project.id, name);
              setRenaming(false);
            }}
          />
        ) : (
          <>
            <h2 className="truncate text-base font-semibold" title={project.name}>
              <button className="rounded-sm text-left hover:underline focus-visible:underline" onClick={open}>
                {project.name}
              </button>
            </h2>
            <p className="text-xs text-ink-300">
              {plural(project.clipCount, 'clip')}
              {project.clipCount > 0 && ` · ${project.approvedCount} on the timeline`}
              <br />
              <time dateTime={project.updatedAt} title={formatDate(project.updatedAt)}>
                Edited {formatWhen(project.updatedAt)}
              </time>
            </p>
            <div className="mt-auto flex gap-1 pt-2">
              <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setRenaming(true)} aria-label={`Rename ${project.name}`}>
                Rename
              </Button>
              <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => duplicate(project.id).catch(toastError)} aria-label={`Duplicate ${project.name}`}>
                Duplicate
              </Button>
              <Button
                variant="ghost"
                className="ml-auto px-2 py-1 text-xs hover:!bg-red-950 hover:!text-red-200"
                onClick={() => remove(project.id).catch(toastError)}
                aria-label={`Delete ${project.name}`}
              >
                Delete
              </Button>
            </div>
          </>
        )}
      </div>
    </li>
  );
}

function Skeleton() {
  return (
    <ul className="grid grid-cols-[repeat(auto-fill,minmax(250px,1fr))] gap-4" aria-hidden>
      {Array.from({ length: 8 }, (_, i) => (
        <li key={i} className="flex flex-col overflow-hidden rounded-xl border border-ink-800 bg-ink-900">
          <div className="aspect-video animate-pulse bg-ink-850" />
          <div className="flex flex-col gap-2 p-4">
            <div className="h-4 w-2/3 rounded bg-ink-800" />
            <div className="h-3 w-1/2 rounded bg-ink-850" />
          </div>
        </li>
      ))}
    </ul>
  );
}

export function ProjectsScreen() {
  const { projects, status, error, load, takePrefetched, create, query, sort, setQuery, setSort } = useProjects();
  const go = useRoute((s) => s.go);
  const [creating, setCreating] = useState(false);
  const [limit, setLimit] = useState(FIRST_CARDS);

  useEffect(() => {
    if (!takePrefetched()) void load();
  }, [load, takePrefetched]);

  const shown = visibleProjects(projects, query, sort);

  // The first cards paint at once; the rest of a long list renders right after, without blocking them.
  useEffect(() => {
    if (shown.length <= limit) return;
    const timer = setTimeout(() => startTransition(() => setLimit(Number.POSITIVE_INFINITY)));
    return () => clearTimeout(timer);
  }, [shown.length, limit]);

  return (
    <main className="mx-auto flex w-full max-w-7xl flex-col gap-6 px-8 py-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
          <p className="text-sm text-ink-300">Each project turns a set of photos into one finished video.</p>
        </div>
        <div className="flex items-center gap-3">
          {projects.length > 0 && (
            <>
              <input
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder="Search projects"
                aria-label="Search projects"
                className="w-56 rounded-md border border-ink-700 bg-ink-900 px-3 py-1.5 text-sm placeholder:text-ink-500"
              />
              <label className="flex items-center gap-2 text-xs text-ink-300">
                Sort
                <select
                  value={sort}
                  onChange={(e) => setSort(e.target.value as ProjectSort)}
                  className="rounded-md border border-ink-700 bg-ink-900 px-2 py-1.5 text-sm text-ink-100"
                >
                  <option value="recent">Last edited</option>
                  <option value="created">Newest</option>
                  <option value="name">Name</option>
                  <option value="clips">Most clips</option>
                </select>
              </label>
            </>
          )}
          {!creating && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              New project
            </Button>
          )}
        </div>
      </header>

      {creating && (
        <section className="max-w-md rounded-xl border border-ink-800 bg-ink-900 p-4" aria-label="New project">
          <NameForm
            label="Project name"
            submitLabel="Create project"
            onCancel={() => setCreating(false)}
            onSubmit={async (name) => {
              const project = await create(name);
              setCreating(false);
              go({ screen: 'project', projectId: project.id });
            }}
          />
        </section>
      )}

      {status === 'error' && (
        <div role="alert" className="flex items-center gap-3 rounded-lg border border-red-500/40 bg-red-950/50 p-4 text-sm text-red-100">
          <p className="flex-1">Could not load projects: {error}</p>
          <Button onClick={() => void load()}>Try again</Button>
        </div>
      )}

      {status === 'loading' && projects.length === 0 && <Skeleton />}

      {status === 'ready' && projects.length === 0 && !creating && (
        <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed border-ink-700 py-20 text-center">
          <p className="text-lg font-medium">No projects yet</p>
          <p className="max-w-sm text-sm text-ink-300">Create a project, add photos, and Echoes turns them into a video with motion, music and transitions.</p>
          <Button variant="primary" onClick={() => setCreating(true)}>
            Create your first project
          </Button>
        </div>
      )}

      {projects.length > 0 && shown.length === 0 && (
        <p className="text-sm text-ink-300">
          No project matches “{query}”.{' '}
          <button className="underline" onClick={() => setQuery('')}>
            Clear the search
          </button>
        </p>
      )}

      {shown.length > 0 && (
        <ul className="grid grid-cols-[repeat(auto-fill,minmax(250px,1fr))] gap-4" aria-label="Projects">
          {shown.slice(0, limit).map((project) => (
            <ProjectCard key={project.id} project={project} />
          ))}
        </ul>
      )}
    </main>
  );
}
