import { randomUUID } from 'node:crypto';
import type { Export } from '../../../shared/contract/export';
import { OutputSettingsSchema } from '../../../shared/output';
import type { OutputSettings } from '../../../shared/values';
import { StudioError } from '../../../shared/contract/errors';
import type { Db } from '../db/database';

interface ExportRow {
  id: string;
  project_id: string;
  state: Export['state'];
  settings: string;
  progress: number;
  message: string;
  media_id: string | null;
  duration_s: number | null;
  size_bytes: number | null;
  width: number | null;
  height: number | null;
  created_at: string;
  finished_at: string | null;
}

function toExport(row: ExportRow, etaS: number | null = null): Export {
  return {
    id: row.id,
    projectId: row.project_id,
    state: row.state,
    progress: row.progress,
    etaS,
    message: row.message,
    settings: OutputSettingsSchema.parse(JSON.parse(row.settings)),
    mediaId: row.media_id,
    durationS: row.duration_s,
    sizeBytes: row.size_bytes,
    width: row.width,
    height: row.height,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export interface FinishedExport {
  mediaId: string;
  durationS: number;
  sizeBytes: number;
  width: number;
  height: number;
  /** What the export says when done (default "Done"). */
  message?: string;
}

export function createExportRepository(db: Db, now: () => Date = () => new Date()) {
  const byId = db.prepare<[string], ExportRow>('SELECT * FROM exports WHERE id = ?');
  const byProject = db.prepare<[string], ExportRow>('SELECT * FROM exports WHERE project_id = ? ORDER BY created_at DESC, id LIMIT 20');
  const running = db.prepare<[string], ExportRow>("SELECT * FROM exports WHERE project_id = ? AND state = 'running'");

  function get(id: string): Export {
    const row = byId.get(id);
    if (!row) throw new StudioError('NOT_FOUND', `No export with id ${id}`);
    return toExport(row);
  }

  return {
    get,
    list: (projectId: string) => byProject.all(projectId).map((row) => toExport(row)),
    runningFor: (projectId: string) => running.get(projectId),
    create(projectId: string, settings: OutputSettings): Export {
      const id = randomUUID();
      db.prepare("INSERT INTO exports (id, project_id, state, settings, message, created_at) VALUES (?, ?, 'running', ?, 'Starting…', ?)").run(
        id,
        projectId,
        JSON.stringify(settings),
        now().toISOString(),
      );
      return get(id);
    },
    progress(id: string, percent: number, message: string, etaS: number | null): Export {
      db.prepare('UPDATE exports SET progress = ?, message = ? WHERE id = ?').run(Math.min(100, Math.max(0, percent)), message, id);
      return toExport(byId.get(id) as ExportRow, etaS);
    },
    succeed(id: string, result: FinishedExport): Export {
      db.prepare(
        "UPDATE exports SET state = 'succeeded', progress = 100, message = ?, media_id = ?, duration_s = ?, size_bytes = ?, width = ?, height = ?, finished_at = ? WHERE id = ?",
      ).run(result.message ?? 'Done', result.mediaId, result.durationS, result.sizeBytes, result.width, result.height, now().toISOString(), id);
      return get(id);
    },
    end(id: string, state: 'failed' | 'cancelled', message: string): Export {
      db.prepare('UPDATE exports SET state = ?, message = ?, finished_at = ? WHERE id = ?').run(state, message, now().toISOString(), id);
      return get(id);
    },
    /** Remembers where Save As wrote the video (the file Show in folder and dragging out use). */
    setSavedPath(id: string, path: string): void {
      db.prepare('UPDATE exports SET saved_path = ? WHERE id = ?').run(path, id);
    },
    savedPath(id: string): string | null {
      return db.prepare<[string], { saved_path: string | null }>('SELECT saved_path FROM exports WHERE id = ?').get(id)?.saved_path ?? null;
    },
    /** After a crash or quit mid-export: those runs cannot resume, say so instead of "running" forever. */
    failInterrupted(): number {
      return db
        .prepare("UPDATE exports SET state = 'failed', message = 'Interrupted: the studio closed during the export. Export again.', finished_at = ? WHERE state = 'running'")
        .run(now().toISOString()).changes;
    },
  };
}
export type ExportRepository = ReturnType<typeof createExportRepository>;
