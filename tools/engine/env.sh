# shellcheck shell=bash
# Source me (bash): `. tools/engine/env.sh` sets the environment the engine runs in:
# bin/ and .venv/bin first on PATH, no plugin downloads, no update check, the
# repo-local file backend and PULUMI_HOME, and the passphrase file for secrets.
#
# The values come from src/govcloud/engine.py (`govcloud engine env`), the one
# definition shared with the CLI and the tests. The work runs in a subshell
# under `set -euo pipefail`, so the caller's shell options are left untouched.
_govcloud_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if _govcloud_exports="$(
    set -euo pipefail
    "${_govcloud_root}/.venv/bin/python" -m govcloud.cli engine --repo "${_govcloud_root}" env
)"; then
    eval "${_govcloud_exports}"
    unset _govcloud_root _govcloud_exports
else
    echo "tools/engine/env.sh: could not compute the engine environment (is ${_govcloud_root}/.venv set up?)" >&2
    unset _govcloud_root _govcloud_exports
    return 1
fi
