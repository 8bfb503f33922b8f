#!/usr/bin/env bash
# The main job on the embedded default (SQLite + local files): builds .venv, then runs the
# worked example into ./demo-workspace and prints what it found. Extra arguments go to
# 'casefile demo'.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/casefile demo demo-workspace "$@"
