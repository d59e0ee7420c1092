import type { EditorClip, EditorView } from '../../../shared/contract/editor';
import type { Job } from '../../../shared/contract/generate';
import type { ClipRepository } from '../clips/clip-repository';
import type { GenerationService } from '../generate/generation-service';
import { toJob } from '../generate/job-repository';
import type { ProjectRepository } from '../projects/project-repository';
import type { ExportRepository } from '../export/export-repository';
import type { TimelineSettingsRepository } from '../timeline/timeline-settings-repository';
import type { BeatService } from '../timeline/beats/beat-service';

export interface EditorViewDeps {
  projects: ProjectRepository;
  clips: ClipRepository;
  generation: GenerationService;
  settings: TimelineSettingsRepository;
  exports: ExportRepository;
  beats: Pick<BeatService, 'keptForProject'>;
}

/** Everything the project editor shows in one StudioApi call (the screen budget is three calls). */
export function createEditorView(deps: EditorViewDeps) {
  return function open(projectId: string): EditorView {
    const project = deps.projects.get(projectId);
    const trimById = new Map(deps.clips.trims(projectId).map((t) => [t.clipId, t]));
    const latestJob = new Map<string, Job>();
    for (const row of deps.generation.jobs.listByProject(projectId, false)) {
      const job = toJob(row);
      const seen = latestJob.get(job.clipId);
      if (!seen || seen.createdAt <= job.createdAt) latestJob.set(job.clipId, job);
    }
    const clips: EditorClip[] = deps.clips.list(projectId).map((clip) => ({
      ...clip,
      trimInS: trimById.get(clip.id)?.trimInS ?? 0,
      trimOutS: trimById.get(clip.id)?.trimOutS ?? null,
      transitionOut: trimById.get(clip.id)?.transitionOut ?? null,
      takes: deps.generation.takes.list(clip.id),
      job: latestJob.get(clip.id) ?? null,
    }));
    return {
      project,
      defaults: deps.generation.settings.defaults(projectId),
      settings: deps.settings.get(projectId),
      clips,
      exports: deps.exports.list(projectId),
      beats: deps.beats.keptForProject(projectId),
    };
  };
}
