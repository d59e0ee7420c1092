import type { JumpListCategory, MenuItemConstructorOptions } from 'electron';
import { ProjectId } from '../../shared/contract/ids';

/** A project the creator opened lately, as the dock menu (macOS) and the jump list (Windows) list it. */
export interface RecentProject {
  id: string;
  name: string;
}

export const RECENT_LIMIT = 8;
/** The jump list starts the app with this switch; a running app receives it through 'second-instance'. */
export const OPEN_PROJECT_SWITCH = '--open-project=';

/** Puts the project first (once), keeping at most RECENT_LIMIT. */
export function rememberProject(list: readonly RecentProject[], project: RecentProject): RecentProject[] {
  return [project, ...list.filter((p) => p.id !== project.id)].slice(0, RECENT_LIMIT);
}

/** Drops deleted projects and follows renames, from the studio's current project list. */
export function reconcileRecent(list: readonly RecentProject[], current: readonly RecentProject[]): RecentProject[] {
  const byId = new Map(current.map((p) => [p.id, p]));
  return list.flatMap((p) => {
    const now = byId.get(p.id);
    return now ? [{ id: p.id, name: now.name }] : [];
  });
}

/** The recent list read back from its file: anything malformed is left out, never a failure. */
export function parseRecent(text: string | null): RecentProject[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value
      .filter((p): p is RecentProject => typeof p === 'object' && p !== null && ProjectId.safeParse((p as RecentProject).id).success && typeof (p as RecentProject).name === 'string')
      .map((p) => ({ id: p.id, name: p.name.slice(0, 200) }))
      .slice(0, RECENT_LIMIT);
  } catch {
    return [];
  }
}

/** The project id in a launch's arguments (`--open-project=<id>`, from the jump list); null when there is none or it is not an id. */
export function projectFromArgv(argv: readonly string[]): string | null {
  const arg = argv.find((a) => a.startsWith(OPEN_PROJECT_SWITCH));
  const id = arg?.slice(OPEN_PROJECT_SWITCH.length) ?? '';
  return ProjectId.safeParse(id).success ? id : null;
}

/**
 * Windows' jump list: a "Recent projects" category whose entries start the app (a second launch,
 * handed to the running one) with the project's id. `launch` is the program and, in development,
 * the script it runs (`electron .`).
 */
export function jumpListCategories(list: readonly RecentProject[], launch: { program: string; scriptArgs: string[] }): JumpListCategory[] {
  if (list.length === 0) return [];
  const quoted = launch.scriptArgs.map((a) => `"${a}"`);
  return [
    {
      type: 'custom',
      name: 'Recent projects',
      items: list.map((p) => ({
        type: 'task',
        title: p.name,
        description: `Open ${p.name} in Echoes Studio`,
        program: launch.program,
        args: [...quoted, `${OPEN_PROJECT_SWITCH}${p.id}`].join(' '),
        iconPath: launch.program,
        iconIndex: 0,
      })),
    },
  ];
}

/** macOS' dock menu: the recent projects, each opening its project. */
export function dockMenuTemplate(list: readonly RecentProject[], open: (projectId: string) => void): MenuItemConstructorOptions[] {
  return list.map((p) => ({ label: p.name, click: () => open(p.id) }));
}

/** The project an `editor.open` call answered with (the page opened it), else null. */
export function openedProject(method: unknown, result: { ok: boolean; value?: unknown }): RecentProject | null {
  if (method !== 'editor.open' || !result.ok) return null;
  const project = (result.value as { project?: { id?: unknown; name?: unknown } } | undefined)?.project;
  return typeof project?.id === 'string' && typeof project.name === 'string' ? { id: project.id, name: project.name } : null;
}
