import { editedClipInputs, planTimeline } from '../../../shared/timeline-plan';
import type { ProjectSummary } from '../../../shared/contract';
import type { ClipRepository } from '../clips/clip-repository';
import type { ProjectRepository } from './project-repository';
import type { TimelineSettingsRepository } from '../timeline/timeline-settings-repository';
import type { BeatService } from '../timeline/beats/beat-service';
import { beatGridOf } from '../../../shared/beat-fit';
import { beatFittedEntries } from '../export/compile-request';

/**
 * A project's length as its export will have it: the approved clips planned by the shared planner
 * (trims, transitions overlapping, the project's rate), so the projects screen shows the editor's
 * and the file's duration. Clips without a recorded take length are left out, as the editor does.
 */
export function createProjectLength(deps: {
  clips: Pick<ClipRepository, 'timelineEntries'>;
  settings: Pick<TimelineSettingsRepository, 'get'>;
  /** The music's beats when already found ("Cut to the beat" changes the length a little). */
  beats?: Pick<BeatService, 'keptForProject'>;
}) {
  return (projectId: string): number => {
    const settings = deps.settings.get(projectId);
    const entries = deps.clips.timelineEntries(projectId).filter((e) => e.takeDurationS && e.takeDurationS > 0);
    const grid = settings.beatSync && deps.beats ? beatGridOf(deps.beats.keptForProject(projectId)) : null;
    const clips = beatFittedEntries(entries, settings, grid).map((e) => ({ ...e, durationS: e.takeDurationS as number }));
    if (clips.length === 0) return 0;
    const sources = clips.map((c, i) => ({ durationS: c.durationS, label: `Clip ${i + 1}` }));
    const plan = planTimeline({ clips: editedClipInputs(clips), transition: settings.transition }, sources, settings.output.fps);
    return Math.round(plan.durationS * 1000) / 1000;
  };
}

/** The project repository whose summaries carry the planned length (durationS). */
export function withPlannedLength(projects: ProjectRepository, lengthOf: (projectId: string) => number): ProjectRepository {
  const withLength = (p: ProjectSummary): ProjectSummary => ({ ...p, durationS: lengthOf(p.id) });
  return {
    ...projects,
    list: () => projects.list().map(withLength),
    get: (id) => withLength(projects.get(id)),
    create: (name) => withLength(projects.create(name)),
    rename: (id, name) => withLength(projects.rename(id, name)),
    restore: (id) => withLength(projects.restore(id)),
    duplicate: (id, name) => withLength(projects.duplicate(id, name)),
  };
}
