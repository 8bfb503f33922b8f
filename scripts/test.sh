#!/usr/bin/env bash
# The whole test suite from a fresh checkout: builds .venv, installs casefile with its test
# tools, starts a throwaway PostgreSQL on 127.0.0.1 (tests then run on SQLite and PostgreSQL),
# and runs pytest. Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
bash scripts/system-packages.sh
read -r PG_URL PG_DATA < <(bash scripts/test-postgres.sh || true)
if [ -n "$PG_URL" ]; then
  export CASEFILE_TEST_PG_URL="$PG_URL"
  [ -n "${CI:-}" ] && export CASEFILE_REQUIRE_PG=1
fi
.venv/bin/python -m pytest "$@"
rc=$?
if [ -n "${PG_DATA:-}" ]; then
  PG_CTL="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)/pg_ctl"
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG_CTL" -D "$PG_DATA" -m fast stop >/dev/null 2>&1
  else "$PG_CTL" -D "$PG_DATA" -m fast stop >/dev/null 2>&1; fi
fi
# pytest exits 5 when it collected no tests: that is not a failure of the suite.
[ "$rc" = 5 ] && rc=0
exit "$rc"
