// The database: SUPABASE_DB_URL (provided to every Supabase function) through npm:pg.
import pg from 'npm:pg@8';
import { dbFromPool, type Db } from '../db.ts';
import { requireEnv } from './env.ts';

let db: Db | undefined;

export function database(): Db {
  db ??= dbFromPool(new pg.Pool({ connectionString: requireEnv('SUPABASE_DB_URL'), max: 3, idleTimeoutMillis: 10_000 }));
  return db;
}
