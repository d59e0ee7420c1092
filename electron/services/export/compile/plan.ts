import type { ClipMeta } from './clip-meta';
import type * as shared from '../../../../shared/timeline-plan';

/** The shared frame planner, over probed clips. */
export { planTimeline, TimelinePlanError, type PlannedBoundary } from '../../../../shared/timeline-plan';
export type PlannedClip = shared.PlannedClip<ClipMeta>;
export type TimelinePlan = shared.TimelinePlan<ClipMeta>;
