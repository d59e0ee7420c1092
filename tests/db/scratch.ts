// Scratch PostgreSQL databases for the suites that need a real server: each suite creates a
// uniquely named database from DATABASE_URL, applies the Supabase stand-in and every
// migration in order, and drops it at the end, so runs never depend on each other.
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, it } from 'vitest';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const migrationsDir = join(repoRoot, 'supabase', 'migrations');
export const standInFile = join(repoRoot, 'tests', 'db', 'supabase-standin.sql');

export const databaseUrl: string | undefined = process.env.DATABASE_URL || undefined;

const missingUrlMessage =
  'DATABASE_URL not set: start PostgreSQL with `eval "$(bash tests/db/start-postgres.sh)"` (or point DATABASE_URL at a PostgreSQL 15 server)';

/**
 * describe() for suites that need PostgreSQL. Without DATABASE_URL the suite fails with a
 * clear message on CI (CI=true) and is skipped elsewhere, with the reason in its name.
 */
export function describeWithDatabase(name: string, body: (url: string) => void): void {
  if (databaseUrl) {
    describe(name, () => body(databaseUrl));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a PostgreSQL server', () => {
        throw new Error(missingUrlMessage);
      });
    });
    return;
  }
  describe.skip(`${name} (skipped: DATABASE_URL not set)`, () => {
    it('needs PostgreSQL', () => undefined);
  });
}

/** The migration files in the order `supabase db push` applies them (timestamp prefix). */
export function migrationFiles(): string[] {
  return readdirSync(migrationsDir)
    .filter((name) => /^\d{14}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => join(migrationsDir, name));
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface ScratchDatabase {
  name: string;
  url: string;
  /** Connects a new client to the scratch database (as the DATABASE_URL user). */
  connect(): Promise<pg.Client>;
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Creates a fresh database, applies the stand-in and all migrations in order. */
export async function createScratchDatabase(adminUrl: string, label: string): Promise<ScratchDatabase> {
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  const name = `echoes_${safeLabel}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = withDatabaseName(adminUrl, name);
  await withAdmin(adminUrl, (admin) => admin.query(`create database "${name}"`));

  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  };
  const drop = async (): Promise<void> => {
    await withAdmin(adminUrl, (admin) => admin.query(`drop database if exists "${name}" with (force)`));
  };

  const client = await connect();
  try {
    await client.query(readFileSync(standInFile, 'utf8'));
    for (const file of migrationFiles()) {
      try {
        await client.query(`begin;\n${readFileSync(file, 'utf8')}\ncommit;`);
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw new Error(`migration ${file} failed: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    await client.end();
    await drop();
    throw error;
  }
  await client.end();
  return { name, url, connect, drop };
}

export type ApiRole = 'anon' | 'authenticated' | 'service_role';

/**
 * Makes the current transaction act as Supabase's request path does for a caller:
 * SET LOCAL ROLE plus the JWT claims auth.uid() / auth.role() read. Call inside BEGIN.
 */
export async function actAs(client: pg.ClientBase, role: ApiRole, userId?: string): Promise<void> {
  const claims: Record<string, string> = { role };
  if (userId) claims.sub = userId;
  await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
  // role names come from the fixed union above, never from input
  await client.query(`set local role ${role}`);
}

/** Inserts an auth user (the signup trigger then creates the profile with 1 credit). */
export async function createAuthUser(client: pg.ClientBase, id: string, email = `${id}@test.local`): Promise<void> {
  await client.query('insert into auth.users (id, email) values ($1, $2)', [id, email]);
}
