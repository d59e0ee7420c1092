import type { Migration } from '../migrate';

/**
 * A transition per boundary: `transition_out` is the transition from this clip into the next one on
 * the timeline (JSON {type, durationS}); NULL uses the project's transition. It travels with the
 * clip when the timeline is reordered, as a clip's outgoing transition does in other editors.
 */
export const m0006BoundaryTransitions: Migration = {
  version: 6,
  name: 'boundary transitions',
  sql: `ALTER TABLE clips ADD COLUMN transition_out TEXT;`,
};
