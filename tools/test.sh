#!/usr/bin/env bash
# The project's checks: lint, types, the fast suite, then every slow integration suite: the real
# OpenStack box, real netns hosts, and the real Pulumi engine on the box (root needed). The engine is
# built first if bin/ lacks it (a no-op when it is up to date).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
echo "== lint and types"
ruff check src tests bench stacks policies
ruff format --check src tests bench stacks policies
mypy
echo "== fast suite"
python -m pytest -m "not slow" -q
echo "== the Pulumi engine (tools/engine/build.sh)"
bash tools/engine/build.sh
echo "== slow integration suites (OpenStack box, netns hosts, the real engine)"
python -m pytest -m "slow" -q --durations=25  # the slowest, to see where CI time goes
