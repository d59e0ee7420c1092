#!/usr/bin/env bash
# Starts the local PostgreSQL 15 cluster for the database tests (idempotent; run as root on Debian).
# Progress goes to stderr; stdout is only the export line, so callers can `eval "$(bash tests/db/start-postgres.sh)"`.
set -euo pipefail

log() { echo "start-postgres: $*" >&2; }

need_pkgs=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || need_pkgs+=(postgresql-15)
ls /usr/share/postgresql/15/extension/pgtap.control >/dev/null 2>&1 || need_pkgs+=(postgresql-15-pgtap)
command -v pg_prove >/dev/null 2>&1 || need_pkgs+=(libtap-parser-sourcehandler-pgtap-perl)
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need_pkgs[@]}" >&2
fi

if ! pg_lsclusters -h 2>/dev/null | awk '$1 == "15" && $2 == "main"' | grep -q .; then
  log "creating cluster 15/main"
  pg_createcluster 15 main >&2
fi

if ! pg_lsclusters -h | awk '$1 == "15" && $2 == "main" { print $4 }' | grep -q online; then
  log "starting cluster 15/main"
  pg_ctlcluster 15 main start >&2
fi

for _ in $(seq 1 30); do
  if runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p 5432; then break; fi
  sleep 1
done
runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p 5432 || { log "server did not become ready"; exit 1; }

# A password so TCP (md5 / scram) logins from the test drivers work.
runuser -u postgres -- psql -q -X -v ON_ERROR_STOP=1 -d postgres -c "alter user postgres with password 'postgres';" >&2

echo "export DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres"
