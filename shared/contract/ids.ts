import { z } from 'zod';
import { MEDIA_ID_PATTERN } from '../values';

/** The ids every feature's schemas name; kept apart so the feature files do not import each other in a circle. */
const uuid = (what: string) => z.string().regex(/^[0-9a-f-]{36}$/i, `must be a ${what} id`);

export const ProjectId = uuid('project');
export const ClipId = z.string().min(1, 'must be a clip id').max(64, 'must be a clip id');
export const JobId = uuid('job');
export const TakeId = uuid('take');
export const BatchId = uuid('batch');
export const ExportId = uuid('export');
export const MediaId = z.string().regex(MEDIA_ID_PATTERN, 'must be a media id');
