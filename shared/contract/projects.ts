import { z } from 'zod';
import { cleanName } from '../clean-name';
import { defineMethods } from './define';
import { ProjectId } from './ids';

export const ProjectName = z
  .string({ error: 'name must be text' })
  .overwrite(cleanName)
  .min(1, 'name must not be empty')
  .max(120, 'name must be at most 120 characters');

export const Project = z.object({
  id: ProjectId,
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Project = z.infer<typeof Project>;

export const ProjectSummary = Project.extend({
  clipCount: z.number().int().nonnegative(),
  approvedCount: z.number().int().nonnegative(),
  /** Seconds of approved, trimmed clips (before transitions overlap them). */
  durationS: z.number().nonnegative(),
  /** The first clip's thumbnail and its size, so the card reserves its box before it loads. */
  cover: z.object({ mediaId: z.string(), width: z.number().int(), height: z.number().int() }).nullable(),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

export const projectMethods = defineMethods({
  'projects.list': {
    input: z.object({}).strict(),
    output: z.array(ProjectSummary),
  },
  'projects.get': {
    input: z.object({ id: ProjectId }).strict(),
    output: ProjectSummary,
  },
  'projects.create': {
    input: z.object({ name: ProjectName }).strict(),
    output: ProjectSummary,
  },
  'projects.rename': {
    input: z.object({ id: ProjectId, name: ProjectName }).strict(),
    output: ProjectSummary,
  },
  /** Moves the project to the trash (restorable for 7 days, then purged). */
  'projects.delete': {
    input: z.object({ id: ProjectId }).strict(),
    output: z.object({ id: ProjectId }),
  },
  'projects.restore': {
    input: z.object({ id: ProjectId }).strict(),
    output: ProjectSummary,
  },
  /** Copies the project with its clips and takes (media files are shared, not copied). */
  'projects.duplicate': {
    input: z.object({ id: ProjectId, name: ProjectName.optional() }).strict(),
    output: ProjectSummary,
  },
});
