import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations';
import { runMigrations } from './migrate';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the studio database: WAL (DELETE where WAL cannot work: a network
 * share or a synced folder, see journalModeFor), foreign keys on, migrated to the latest version.
 */
export function openDatabase(file: string, options: { journalMode?: 'WAL' | 'DELETE' } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma(`journal_mode = ${options.journalMode ?? 'WAL'}`);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  runMigrations(db, migrations);
  return db;
}
