import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Rebuilds a table other tables reference (the SQLite way: create, copy, drop, rename), so it
   * runs with foreign key enforcement off; references to `rebuilds` are checked before it commits.
   */
  rebuilds?: string;
}

/**
 * Applies every migration newer than the database's user_version, each in its own transaction,
 * so a crash mid-way leaves the database at the last complete version.
 */
export function runMigrations(db: Database.Database, migrations: readonly Migration[]): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration versions must be 1..n without gaps; found ${m.version} (${m.name}) at position ${i + 1}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = sorted.length;
  if (current > latest) {
    throw new Error(`the database is at version ${current}, newer than this app knows (${latest}); update Echoes Studio`);
  }
  for (const m of sorted.slice(current)) {
    const apply = db.transaction(() => {
      db.exec(m.sql);
      if (m.rebuilds) assertReferencesIntact(db, m);
      db.pragma(`user_version = ${m.version}`);
    });
    if (m.rebuilds) withoutForeignKeys(db, apply);
    else apply();
  }
  return latest;
}

/** PRAGMA foreign_keys cannot change inside a transaction, so it is switched around it and restored. */
function withoutForeignKeys(db: Database.Database, fn: () => void): void {
  const enforced = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    fn();
  } finally {
    db.pragma(`foreign_keys = ${enforced ? 'ON' : 'OFF'}`);
  }
}

function assertReferencesIntact(db: Database.Database, m: Migration): void {
  const broken = (db.pragma('foreign_key_check') as Array<{ table: string; parent: string }>).filter((r) => r.parent === m.rebuilds);
  if (broken.length > 0) {
    throw new Error(`migration ${m.version} (${m.name}) left ${broken.length} rows of ${broken[0]!.table} pointing at missing ${m.rebuilds} rows`);
  }
}
