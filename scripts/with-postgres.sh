#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster in a temporary directory, removed afterwards.
# Without PostgreSQL binaries it says so in one line and exits 0, except under CI=true, where that is a failure.
set -euo pipefail

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local candidate
  candidate=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$candidate" ] && echo "$candidate"
}

INITDB=$(find_bin initdb || true)
PG_CTL=$(find_bin pg_ctl || true)
if [ -z "$INITDB" ] || [ -z "$PG_CTL" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL binaries (initdb, pg_ctl) not found: the PostgreSQL test run cannot be done under CI." >&2
    exit 1
  fi
  echo "PostgreSQL binaries not found: skipping the PostgreSQL test run (install the postgresql package to run it)."
  exit 0
fi

TMP=$(mktemp -d /tmp/luukku-pg.XXXXXX)
PORT=${LUUKKU_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  # initdb refuses to run as root; the cluster belongs to the postgres system user (or nobody).
  PGUSER_OS=postgres
  id -u postgres >/dev/null 2>&1 || PGUSER_OS=nobody
  chown "$PGUSER_OS" "$TMP"
  RUN_AS=(runuser -u "$PGUSER_OS" --)
fi

cleanup() {
  "${RUN_AS[@]}" "$PG_CTL" -D "$TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$INITDB" -D "$TMP/data" -U luukku_admin --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$PG_CTL" -D "$TMP/data" -l "$TMP/pg.log" -w \
  -o "-p $PORT -k $TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null

PSQL=$(find_bin psql)
# The owner role creates the schema; the application role is the one the tests and the app use, so that the
# audit log's grants and trigger (see docs/deployment.md) are tested as production runs them.
"$PSQL" -h 127.0.0.1 -p "$PORT" -U luukku_admin -d postgres -q -v ON_ERROR_STOP=1 <<SQL
CREATE ROLE luukku LOGIN CREATEDB PASSWORD 'luukku';
CREATE DATABASE luukku OWNER luukku;
SQL

export DATABASE_URL="postgres://luukku:luukku@127.0.0.1:$PORT/luukku"
export LUUKKU_PG_ADMIN_URL="postgres://luukku_admin@127.0.0.1:$PORT/postgres"
"$@"
