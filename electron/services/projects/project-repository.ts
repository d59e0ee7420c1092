import { randomUUID } from 'node:crypto';
import type { ProjectSummary } from '../../../shared/api';
import { StudioError } from '../../../shared/errors';
import type { Db } from '../db/database';

interface ProjectRow {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  clip_count: number;
  approved_count: number;
}

const summarySelect = `
  SELECT p.id, p.name, p.created_at, p.updated_at,
         COUNT(c.id) AS clip_count,
         COALESCE(SUM(c.approved), 0) AS approved_count
  FROM projects p LEFT JOIN clips c ON c.project_id = p.id`;

function toSummary(row: ProjectRow): ProjectSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    clipCount: row.clip_count,
    approvedCount: row.approved_count,
  };
}

export interface ProjectRepository {
  list(): ProjectSummary[];
  get(id: string): ProjectSummary;
  create(name: string): ProjectSummary;
  rename(id: string, name: string): ProjectSummary;
  delete(id: string): void;
}

export function createProjectRepository(db: Db, now: () => Date = () => new Date()): ProjectRepository {
  const listStmt = db.prepare<[], ProjectRow>(`${summarySelect} GROUP BY p.id ORDER BY p.updated_at DESC, p.id`);
  const getStmt = db.prepare<[string], ProjectRow>(`${summarySelect} WHERE p.id = ? GROUP BY p.id`);
  const insertStmt = db.prepare('INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const renameStmt = db.prepare('UPDATE projects SET name = ?, updated_at = ? WHERE id = ?');
  const deleteStmt = db.prepare('DELETE FROM projects WHERE id = ?');

  function get(id: string): ProjectSummary {
    const row = getStmt.get(id);
    if (!row) throw new StudioError('NOT_FOUND', `No project with id ${id}`);
    return toSummary(row);
  }

  return {
    list: () => listStmt.all().map(toSummary),
    get,
    create(name) {
      const id = randomUUID();
      const at = now().toISOString();
      insertStmt.run(id, name, at, at);
      return get(id);
    },
    rename(id, name) {
      const changed = renameStmt.run(name, now().toISOString(), id).changes;
      if (changed === 0) throw new StudioError('NOT_FOUND', `No project with id ${id}`);
      return get(id);
    },
    delete(id) {
      const changed = deleteStmt.run(id).changes;
      if (changed === 0) throw new StudioError('NOT_FOUND', `No project with id ${id}`);
    },
  };
}
