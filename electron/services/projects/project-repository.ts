import { randomUUID } from 'node:crypto';
import type { ProjectSummary } from '../../../shared/contract';
import { StudioError } from '../../../shared/contract/errors';
import type { Db } from '../db/database';
import { duplicateProjectRows } from './project-copy-repository';

interface ProjectRow {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  clip_count: number;
  approved_count: number;
  cover_media_id: string | null;
  cover_width: number | null;
  cover_height: number | null;
}

const TRASH_DAYS = 7;

const summarySelect = `
  SELECT p.id, p.name, p.created_at, p.updated_at,
    (SELECT COUNT(*) FROM clips c WHERE c.project_id = p.id AND c.deleted_at IS NULL) AS clip_count,
    (SELECT COUNT(*) FROM clips c WHERE c.project_id = p.id AND c.deleted_at IS NULL AND c.approved = 1) AS approved_count,
    cover.thumb_media_id AS cover_media_id, cover.thumb_width AS cover_width, cover.thumb_height AS cover_height
  FROM projects p
  LEFT JOIN clips cover ON cover.id = (
    SELECT c.id FROM clips c WHERE c.project_id = p.id AND c.deleted_at IS NULL AND c.thumb_media_id IS NOT NULL ORDER BY c.position LIMIT 1)`;

function toSummary(row: ProjectRow): ProjectSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    clipCount: row.clip_count,
    approvedCount: row.approved_count,
    // The planned length is added by project-length.ts (the shared planner, not a sum in SQL).
    durationS: 0,
    cover:
      row.cover_media_id && row.cover_width && row.cover_height
        ? { mediaId: row.cover_media_id, width: row.cover_width, height: row.cover_height }
        : null,
  };
}

export interface ProjectRepository {
  list(): ProjectSummary[];
  get(id: string): ProjectSummary;
  create(name: string): ProjectSummary;
  rename(id: string, name: string): ProjectSummary;
  /** Soft delete: the project leaves every list but can be restored until it is purged. */
  delete(id: string): void;
  restore(id: string): ProjectSummary;
  duplicate(id: string, name?: string): ProjectSummary;
  /** Removes projects that have been in the trash longer than `days`; returns how many. */
  purgeTrash(days?: number): number;
  /** How many projects wait in the trash. */
  trashCount(): number;
}

export function createProjectRepository(db: Db, now: () => Date = () => new Date()): ProjectRepository {
  const listStmt = db.prepare<[], ProjectRow>(`${summarySelect} WHERE p.deleted_at IS NULL ORDER BY p.updated_at DESC, p.id`);
  const getStmt = db.prepare<[string], ProjectRow>(`${summarySelect} WHERE p.id = ? AND p.deleted_at IS NULL`);
  const insertStmt = db.prepare('INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const renameStmt = db.prepare('UPDATE projects SET name = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL');
  const trashStmt = db.prepare('UPDATE projects SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL');
  const restoreStmt = db.prepare('UPDATE projects SET deleted_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL');
  const purgeStmt = db.prepare('DELETE FROM projects WHERE deleted_at IS NOT NULL AND deleted_at < ?');
  const trashCountStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM projects WHERE deleted_at IS NOT NULL');

  const notFound = (id: string) => new StudioError('NOT_FOUND', `No project with id ${id}`);

  function get(id: string): ProjectSummary {
    const row = getStmt.get(id);
    if (!row) throw notFound(id);
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
      if (renameStmt.run(name, now().toISOString(), id).changes === 0) throw notFound(id);
      return get(id);
    },
    delete(id) {
      if (trashStmt.run(now().toISOString(), id).changes === 0) throw notFound(id);
    },
    restore(id) {
      if (restoreStmt.run(now().toISOString(), id).changes === 0) throw new StudioError('NOT_FOUND', `No deleted project with id ${id}`);
      return get(id);
    },
    duplicate(id, name) {
      const source = get(id);
      const copyName = name ?? `${source.name.slice(0, 113)} (copy)`;
      const newId = db.transaction(() => duplicateProjectRows(db, id, copyName, now().toISOString()))();
      return get(newId);
    },
    purgeTrash(days = TRASH_DAYS) {
      const cutoff = new Date(now().getTime() - days * 86_400_000 + (days === 0 ? 1 : 0)).toISOString();
      return purgeStmt.run(cutoff).changes;
    },
    trashCount: () => trashCountStmt.get()?.n ?? 0,
  };
}
