#!/usr/bin/env bash
# Create .venv and install govcloud with the pinned versions in constraints.txt (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
started=$(date +%s)
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -c constraints.txt -e ".[test]"
.venv/bin/python -m pip check
echo "setup: govcloud installed in .venv in $(( $(date +%s) - started ))s ($(.venv/bin/govcloud --help >/dev/null && echo ok))"
