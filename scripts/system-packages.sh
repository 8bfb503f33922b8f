#!/usr/bin/env bash
# Debian packages the test suite uses beyond Python: Chromium for the browser tests, poppler
# to render PDF reports to PNG, pango for WeasyPrint. Installed only when missing and when we
# are root with apt; otherwise the tests that need them say what is missing.
set -uo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ "${#need[@]}" -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages: ${need[*]}" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
else
  echo "missing Debian packages (tests needing them will say so): ${need[*]}" >&2
fi
