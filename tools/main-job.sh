#!/usr/bin/env bash
# The main job on the local default, as far as this machine can run it today:
#   admission of the example requests -> local OpenStack box up -> (Pulumi engine: blocked, see README)
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
echo "== 1. catalogue"
govcloud catalogue check
echo "== 2. admission of the example requests (schema + rules)"
govcloud validate requests/examples/
echo "== 3. the invalid corpus is refused (exit 1 expected)"
if govcloud validate --format markdown --output reports/invalid-requests.md requests/examples/invalid/; then
  echo "the invalid corpus passed admission: this is a bug" >&2
  exit 1
fi
echo "   findings written to reports/invalid-requests.md"
echo "== 4. local OpenStack box (needs root; installs Debian's OpenStack packages on first run)"
govcloud box up
govcloud box status
echo "== 5. Pulumi engine"
if ! govcloud engine status; then
  echo "   the Pulumi engine is not built (the Go module proxy refuses pulumi/pkg/v3@v3.272.0); see README" >&2
fi
