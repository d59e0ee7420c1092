import type { EditorClip, EditorView } from '../../../shared/api/editor';
import type { Job } from '../../../shared/api/generate';
import type { ClipRepository } from '../clips/clip-repository';
import type { Db } from '../db/database';
import type { GenerationService } from '../generate/generation-service';
import { toJob } from '../generate/job-repository';
import type { ProjectRepository } from '../projects/project-repository';
import type { ExportRepository } from './export-repository';
import type { TimelineSettingsRepository } from './timeline-settings';

export interface EditorViewDeps {
  db: Db;
  projects: ProjectRepository;
  clips: ClipRepository;
  generation: GenerationService;
  settings: TimelineSettingsRepository;
  exports: ExportRepository;
}

/** Everything the project editor shows in one StudioApi call (the screen budget is three calls). */
export function createEditorView(deps: EditorViewDeps) {
  const trims = deps.db.prepare<[string], { id: string; trim_in_s: number; trim_out_s: number | null }>(
    'SELECT id, trim_in_s, trim_out_s FROM clips WHERE project_id = ? AND deleted_at IS NULL',
  );

  return function open(projectId: string): EditorView {
    const project = deps.projects.get(projectId);
    const trimById = new Map(trims.all(projectId).map((t) => [t.id, t]));
    const latestJob = new Map<string, Job>();
    for (const row of deps.generation.jobs.listByProject(projectId, false)) {
      const job = toJob(row);
      const seen = latestJob.get(job.clipId);
      if (!seen || seen.createdAt <= job.createdAt) latestJob.set(job.clipId, job);
    }
    const clips: EditorClip[] = deps.clips.list(projectId).map((clip) => ({
      ...clip,
      trimInS: trimById.get(clip.id)?.trim_in_s ?? 0,
      trimOutS: trimById.get(clip.id)?.trim_out_s ?? null,
      takes: deps.generation.takes.list(clip.id),
      job: latestJob.get(clip.id) ?? null,
    }));
    return {
      project,
      defaults: deps.generation.settings.defaults(projectId),
      settings: deps.settings.get(projectId),
      clips,
      exports: deps.exports.list(projectId),
    };
  };
}
