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

# Debian packages the test suites need, one installer for all: add an "apt_ensure COMMAND PACKAGE" line.
apt_ensure() {
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" != 0 ]; then echo "setup: $1 is missing; as root: apt-get install $2" >&2; return 0; fi
  echo "setup: installing Debian's $2 (for $1)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}
apt_ensure chromium chromium  # headless rendering of the lifecycle's HTML statements (CAT-3, EVAL-3)
# and of the audit report (SEC-7); a CJK font so Chinese text renders in its screenshot, not as boxes.
apt_ensure nft nftables  # the hardening suite checks the hosts' firewalls leave the root namespace's alone
apt_ensure ebtables-nft iptables  # ebtables-nft: the fast suite runs the box's ebtables shim against it
if [ "$(id -u)" = 0 ] && ! dpkg -s fonts-wqy-zenhei >/dev/null 2>&1; then
  echo "setup: installing Debian's fonts-wqy-zenhei (Chinese text in headless Chromium)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-wqy-zenhei >/dev/null
fi
echo "setup: govcloud installed in .venv in $(( $(date +%s) - started ))s ($(.venv/bin/govcloud --help >/dev/null && echo ok))"
