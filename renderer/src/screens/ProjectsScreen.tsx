import { useEffect, useState } from 'react';
import type { ProjectSummary } from '../../../shared/api';
import { NameForm } from '../components/NameForm';
import { useProjects } from '../stores/projects';
import { toastError } from '../stores/toasts';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function ProjectCard({ project }: { project: ProjectSummary }) {
  const { rename, remove } = useProjects();
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm-delete'>('view');

  return (
    <li className="group flex flex-col rounded-xl border border-ink-800 bg-ink-900 transition hover:border-ink-700" data-testid="project-card">
      <div className="flex aspect-video items-center justify-center rounded-t-xl bg-gradient-to-br from-ink-800 to-ink-850 text-4xl text-ink-700" aria-hidden>
        ▶
      </div>
      <div className="flex flex-1 flex-col gap-2 p-4">
        {mode === 'rename' ? (
          <NameForm
            label="Project name"
            initial={project.name}
            submitLabel="Save"
            onCancel={() => setMode('view')}
            onSubmit={async (name) => {
              await rename(project.id, name);
              setMode('view');
            }}
          />
        ) : (
          <>
            <h2 className="truncate text-base font-semibold" title={project.name}>
              {project.name}
            </h2>
            <p className="text-xs text-ink-300">
              {project.clipCount} {project.clipCount === 1 ? 'clip' : 'clips'} · edited {dateFormat.format(new Date(project.updatedAt))}
            </p>
          </>
        )}
        {mode === 'confirm-delete' && (
          <div className="flex flex-col gap-2 rounded-md border border-red-500/30 bg-red-950/40 p-3 text-sm" role="alertdialog" aria-label={`Delete ${project.name}?`}>
            <p>Delete “{project.name}” and its clips? This cannot be undone.</p>
            <div className="flex gap-2">
              <button
                className="rounded-md bg-red-600 px-3 py-1 text-sm font-medium text-white hover:bg-red-500"
                onClick={() => remove(project.id).catch(toastError)}
              >
                Delete
              </button>
              <button className="rounded-md px-3 py-1 text-sm text-ink-300 hover:bg-ink-800" onClick={() => setMode('view')}>
                Keep
              </button>
            </div>
          </div>
        )}
        {mode === 'view' && (
          <div className="mt-auto flex gap-1 pt-1 opacity-80 group-hover:opacity-100">
            <button className="rounded-md px-2 py-1 text-xs text-ink-300 hover:bg-ink-800 hover:text-ink-100" onClick={() => setMode('rename')} aria-label={`Rename ${project.name}`}>
              Rename
            </button>
            <button className="rounded-md px-2 py-1 text-xs text-ink-300 hover:bg-red-950 hover:text-red-200" onClick={() => setMode('confirm-delete')} aria-label={`Delete ${project.name}`}>
              Delete
            </button>
          </div>
        )}
      </div>
    </li>
  );
}

export function ProjectsScreen() {
  const { projects, status, error, load, create } = useProjects();
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <main className="mx-auto flex w-full max-w-6xl flex-col gap-6 px-8 py-8">
      <header className="flex items-center justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
          <p className="text-sm text-ink-300">Each project turns a set of photos into one finished video.</p>
        </div>
        {!creating && (
          <button className="rounded-lg bg-accent-500 px-4 py-2 text-sm font-medium text-white shadow hover:bg-accent-400" onClick={() => setCreating(true)}>
            New project
          </button>
        )}
      </header>

      {creating && (
        <section className="max-w-md rounded-xl border border-ink-800 bg-ink-900 p-4" aria-label="New project">
          <NameForm
            label="Project name"
            submitLabel="Create project"
            onCancel={() => setCreating(false)}
            onSubmit={async (name) => {
              await create(name);
              setCreating(false);
            }}
          />
        </section>
      )}

      {status === 'error' && (
        <div role="alert" className="rounded-lg border border-red-500/40 bg-red-950/50 p-4 text-sm text-red-100">
          Could not load projects: {error}{' '}
          <button className="font-medium underline" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}

      {status === 'ready' && projects.length === 0 && !creating && (
        <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed border-ink-700 py-20 text-center">
          <p className="text-lg font-medium">No projects yet</p>
          <p className="max-w-sm text-sm text-ink-300">Create a project, add photos, and Echoes turns them into a video with motion, music and transitions.</p>
          <button className="rounded-lg bg-accent-500 px-4 py-2 text-sm font-medium text-white hover:bg-accent-400" onClick={() => setCreating(true)}>
            Create your first project
          </button>
        </div>
      )}

      {projects.length > 0 && (
        <ul className="grid grid-cols-[repeat(auto-fill,minmax(240px,1fr))] gap-4" aria-label="Projects">
          {projects.map((project) => (
            <ProjectCard key={project.id} project={project} />
          ))}
        </ul>
      )}
    </main>
  );
}
