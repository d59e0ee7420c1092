#!/usr/bin/env bash
# Runs the pgTAP suites (supabase/tests/database/*.test.sql) with pg_prove against a scratch
# database: created from DATABASE_URL, given the Supabase stand-in and every migration in
# order, dropped at the end whatever happened.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ -z "${DATABASE_URL:-}" ]; then
  echo "run-pgtap: DATABASE_URL not set (start the server with: eval \"\$(bash tests/db/start-postgres.sh)\")" >&2
  exit 1
fi
command -v pg_prove >/dev/null || { echo "run-pgtap: pg_prove not found (apt-get install libtap-parser-sourcehandler-pgtap-perl)" >&2; exit 1; }

scratch="echoes_pgtap_$(date +%s)_$$"
# DATABASE_URL with its database name replaced by the scratch one (query string kept)
scratch_url=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$DATABASE_URL" "$scratch")

psql_admin() { psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }
cleanup() { psql_admin -c "drop database if exists \"$scratch\" with (force)" >/dev/null 2>&1 || true; }
trap cleanup EXIT

psql_admin -c "create database \"$scratch\""
psql "$scratch_url" -X -q -v ON_ERROR_STOP=1 -f "$root/tests/db/supabase-standin.sql" >/dev/null
for migration in "$root"/supabase/migrations/*.sql; do
  psql "$scratch_url" -X -q -v ON_ERROR_STOP=1 -1 -f "$migration" >/dev/null
done
psql "$scratch_url" -X -q -v ON_ERROR_STOP=1 -c "create extension if not exists pgtap with schema extensions" >/dev/null

pg_prove --dbname "$scratch_url" --ext .sql "$root"/supabase/tests/database/*.test.sql
