/**
 * `npm run test:db`: runs the pgTAP suites (supabase/tests/database/*.test.sql) with pg_prove
 * against a scratch database: created from DATABASE_URL, given the Supabase stand-in and every
 * migration in order, dropped at the end whatever happened. Plain Node (no bash), so it runs the
 * same from cmd, PowerShell and a POSIX shell; it needs psql and pg_prove on PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function fail(message: string): never {
  console.error(`run-pgtap: ${message}`);
  process.exit(1);
}

/** A program on PATH. On Windows pg_prove is a Perl script beside its .bat wrapper: Node spawns no .bat, so perl runs the script. */
function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const file of process.platform === 'win32' ? [`${name}.exe`, name] : [name]) {
      if (existsSync(join(dir, file))) return join(dir, file);
    }
  }
  return null;
}

function run(command: string, args: string[], options: { quiet?: boolean } = {}): number {
  const result = spawnSync(command, args, { stdio: options.quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
  if (result.error) fail(`${command} could not be started: ${result.error.message}`);
  return result.status ?? 1;
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) fail('DATABASE_URL not set (start the server with: eval "$(bash tests/db/start-postgres.sh)", or point it at a PostgreSQL 15 with pgTAP)');
const psql = onPath('psql') ?? fail('psql not found on PATH');
const pgProve = onPath('pg_prove') ?? fail('pg_prove not found (apt-get install libtap-parser-sourcehandler-pgtap-perl; elsewhere `cpan TAP::Parser::SourceHandler::pgTAP`)');
const prove = pgProve.endsWith('.exe') || process.platform !== 'win32' ? { command: pgProve, args: [] } : { command: 'perl', args: [pgProve] };

const scratch = `echoes_pgtap_${Math.floor(Date.now() / 1000)}_${process.pid}`;
const scratchUrl = new URL(databaseUrl);
scratchUrl.pathname = `/${scratch}`;
const sql = (url: string, args: string[]) => run(psql, [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args], { quiet: true });

class Stop extends Error {}
const stop = (message: string): never => {
  throw new Stop(message);
};

let code = 1;
try {
  if (sql(databaseUrl, ['-c', `create database "${scratch}"`]) !== 0) stop('could not create the scratch database');
  if (sql(scratchUrl.toString(), ['-f', join(root, 'tests', 'db', 'supabase-standin.sql')]) !== 0) stop('the Supabase stand-in failed');
  const migrations = readdirSync(join(root, 'supabase', 'migrations')).filter((f) => f.endsWith('.sql')).sort();
  for (const m of migrations) {
    if (sql(scratchUrl.toString(), ['-1', '-f', join(root, 'supabase', 'migrations', m)]) !== 0) stop(`migration ${m} failed`);
  }
  if (sql(scratchUrl.toString(), ['-c', 'create extension if not exists pgtap with schema extensions']) !== 0) stop('pgTAP is not installed in this server');
  const suites = readdirSync(join(root, 'supabase', 'tests', 'database')).filter((f) => f.endsWith('.test.sql')).sort();
  code = run(prove.command, [...prove.args, '--dbname', scratchUrl.toString(), '--ext', '.sql', ...suites.map((f) => join(root, 'supabase', 'tests', 'database', f))]);
} catch (error) {
  if (!(error instanceof Stop)) throw error;
  console.error(`run-pgtap: ${error.message}`);
  code = 1;
} finally {
  sql(databaseUrl, ['-c', `drop database if exists "${scratch}" with (force)`]);
}
process.exit(code);
