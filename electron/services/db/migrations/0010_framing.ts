import type { Migration } from '../migrate';

/**
 * Framing: one shape per project, subject-aware crops, per-clip framing.
 * - The project's shape is its output aspect (timeline_settings.output.aspect). Projects that never
 *   set one take the generation aspect they made their takes at (projects.aspect, no longer read).
 * - Each photo's focus point (0-1 of the upright working image), on the media row so a photo
 *   imported again keeps it, and on the clip, which generation and export read.
 * - A clip's own framing (JSON: fit, pad colour, crop box), NULL while it follows the project.
 * - The shape each take was made for, so takes of another shape can be marked; older takes get the
 *   shape nearest their size (4:5 did not exist before). And the framing a take was made with (JSON:
 *   the clip's framing and the focus mode), so a device take made with another framing is remade;
 *   NULL for older takes, which are left as they are.
 */
export const m0010Framing: Migration = {
  version: 10,
  name: 'framing',
  sql: `
    ALTER TABLE media ADD COLUMN focus_x REAL CHECK (focus_x IS NULL OR focus_x BETWEEN 0 AND 1);
    ALTER TABLE media ADD COLUMN focus_y REAL CHECK (focus_y IS NULL OR focus_y BETWEEN 0 AND 1);
    ALTER TABLE clips ADD COLUMN focus_x REAL CHECK (focus_x IS NULL OR focus_x BETWEEN 0 AND 1);
    ALTER TABLE clips ADD COLUMN focus_y REAL CHECK (focus_y IS NULL OR focus_y BETWEEN 0 AND 1);
    ALTER TABLE clips ADD COLUMN framing TEXT;
    ALTER TABLE takes ADD COLUMN aspect TEXT;
    ALTER TABLE takes ADD COLUMN framing TEXT;

    UPDATE takes SET aspect = CASE
      WHEN width * 1.0 / height > 1.9 THEN '21:9'
      WHEN width * 1.0 / height > 1.55 THEN '16:9'
      WHEN width * 1.0 / height > 1.16 THEN '4:3'
      WHEN width * 1.0 / height > 0.89 THEN '1:1'
      WHEN width * 1.0 / height > 0.65 THEN '3:4'
      ELSE '9:16' END;

    UPDATE projects SET timeline_settings = json_set(
        timeline_settings, '$.output', json(json_set(COALESCE(json_extract(timeline_settings, '$.output'), '{}'), '$.aspect', aspect)))
      WHERE json_valid(timeline_settings) AND json_type(timeline_settings) = 'object'
        AND json_extract(timeline_settings, '$.output.aspect') IS NULL;
  `,
};
