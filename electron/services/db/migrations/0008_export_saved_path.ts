import type { Migration } from '../migrate';

/** Where the creator saved an export with Save As, so Show in folder and dragging it out use that file. */
export const m0008ExportSavedPath: Migration = {
  version: 8,
  name: 'export saved path',
  sql: `ALTER TABLE exports ADD COLUMN saved_path TEXT;`,
};
