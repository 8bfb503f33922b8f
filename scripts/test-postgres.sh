#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the test suite and prints the
# CASEFILE_TEST_PG_URL for it. Installs Debian's server package first when it is missing
# and we may (root with apt). The server never runs as root.
set -euo pipefail
PORT="${CASEFILE_TEST_PG_PORT:-55432}"
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN="$(find_bin)"
if [ -z "$PGBIN" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing PostgreSQL server (Debian package)..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
    PGBIN="$(find_bin)"
  fi
fi
if [ -z "$PGBIN" ]; then
  echo "no PostgreSQL server binaries; PostgreSQL tests will be skipped" >&2
  exit 0
fi
DATA="$(mktemp -d /tmp/casefile-pg.XXXXXX)"
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres "$DATA"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
as_pg "$PGBIN/initdb" -D "$DATA/data" -A trust -U casefile -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
  start >/dev/null
echo "postgresql://casefile@127.0.0.1:$PORT/postgres $DATA/data"
