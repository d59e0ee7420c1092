import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';

type Row = Record<string, unknown>;

/** Column names of a table, so copies keep every column later migrations add. */
function columnsOf(db: Db, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
}

function insertRow(db: Db, table: string, row: Row): void {
  const names = Object.keys(row);
  db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(row);
}

/**
 * Copies a project row, its clips and their takes under new ids (run inside a transaction).
 * Media files are content-addressed and shared; jobs and exports are history and stay behind.
 */
export function duplicateProjectRows(db: Db, projectId: string, name: string, at: string): string {
  const newProjectId = randomUUID();
  const project = db.prepare('SELECT * FROM projects WHERE id = ?').get(projectId) as Row;
  insertRow(db, 'projects', { ...project, id: newProjectId, name, created_at: at, updated_at: at, deleted_at: null });

  const clipIds = new Map<string, string>();
  const takeIds = new Map<string, string>();
  const clips = db.prepare('SELECT * FROM clips WHERE project_id = ? AND deleted_at IS NULL ORDER BY position').all(projectId) as Row[];
  const takeColumns = columnsOf(db, 'takes');
  for (const clip of clips) {
    const newClipId = randomUUID();
    clipIds.set(clip.id as string, newClipId);
    insertRow(db, 'clips', { ...clip, id: newClipId, project_id: newProjectId, approved_take_id: null, created_at: at, updated_at: at });
    const takes = db.prepare('SELECT * FROM takes WHERE clip_id = ? ORDER BY created_at, rowid').all(clip.id) as Row[];
    for (const take of takes) {
      const newTakeId = randomUUID();
      takeIds.set(take.id as string, newTakeId);
      const copy: Row = Object.fromEntries(takeColumns.map((c) => [c, take[c]]));
      insertRow(db, 'takes', { ...copy, id: newTakeId, clip_id: newClipId, job_id: null });
    }
  }
  const approve = db.prepare('UPDATE clips SET approved_take_id = ? WHERE id = ?');
  for (const clip of clips) {
    const approved = clip.approved_take_id as string | null;
    if (approved && takeIds.has(approved)) approve.run(takeIds.get(approved), clipIds.get(clip.id as string));
  }
  return newProjectId;
}
