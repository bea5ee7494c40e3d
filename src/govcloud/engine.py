"""Where the Pulumi engine binaries are and the environment they must run in.

The engine is built from source into ``<repo>/bin`` by ``tools/engine/build.sh``
(no registry we reach ships it). Every caller — the CLI, tests, stack runs, the
sourced ``tools/engine/env.sh`` — takes the environment from here, so the engine
runs the same way everywhere: plugins only from ``bin/`` (never downloaded), a
repo-local file backend, and a local passphrase for secrets.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

BUILD_SCRIPT = Path("tools/engine/build.sh")
VERSIONS_FILE = Path("tools/engine/versions.env")
BIN_DIR = "bin"
STATE_DIR = ".pulumi-state"
HOME_DIR = ".pulumi-home"
PASSPHRASE_FILE = ".pulumi-passphrase"  # noqa: S105 - a file name, not a secret
PASSPHRASE_MODE = 0o600

# The four programs the engine needs, and for the Go ones the module whose
# version identifies the build (read back from the binary's build info).
ENGINE_MODULES: dict[str, str | None] = {
    "pulumi": "github.com/pulumi/pulumi/pkg/v3",
    "pulumi-language-python": "github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3",
    "pulumi-resource-openstack": "github.com/pulumi/pulumi-openstack/provider/v5",
    "pulumi-analyzer-policy-python": None,  # a shell launcher for the venv's pulumi.policy
}
ENGINE_BINARIES: tuple[str, ...] = tuple(ENGINE_MODULES)

_GO_TIMEOUT_S = 30


class EngineNotBuiltError(RuntimeError):
    """A required engine binary is not in ``bin/``: the build has not been run."""


@dataclass(frozen=True)
class Engine:
    """The engine programs found for one repo: a path per name, ``None`` when absent."""

    repo_root: Path
    binaries: dict[str, Path | None]

    @property
    def missing(self) -> list[str]:
        """Names of the programs that were not found."""
        return [name for name, path in self.binaries.items() if path is None]

    def require(self, name: str = "pulumi") -> Path:
        """Return the path of ``name`` or explain how to build it."""
        path = self.binaries.get(name)
        if path is None:
            msg = f"{BIN_DIR}/{name} is missing: run {BUILD_SCRIPT} (in {self.repo_root})"
            raise EngineNotBuiltError(msg)
        return path


def find_repo_root(start: Path | None = None) -> Path:
    """Find the checkout that holds ``tools/engine`` from ``start`` (or cwd), then from this file."""
    candidates = [(start or Path.cwd()).resolve(), Path(__file__).resolve()]
    for candidate in candidates:
        for directory in (candidate, *candidate.parents):
            if (directory / VERSIONS_FILE).is_file():
                return directory
    msg = f"no {VERSIONS_FILE} above {candidates[0]}: not inside a govcloud-iac checkout"
    raise FileNotFoundError(msg)


def pinned_versions(repo_root: Path) -> dict[str, str]:
    """Read the ``KEY=VALUE`` pins that build.sh builds (one file, shared with the shell)."""
    pins: dict[str, str] = {}
    for raw in (repo_root / VERSIONS_FILE).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            pins[key.strip()] = value.strip()
    return pins


def ensure_passphrase_file(path: Path) -> Path:
    """Create a random passphrase file readable by its owner only; never replace one.

    Secrets in the file backend are encrypted with it: replacing it would make
    every existing stack's secrets unreadable.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PASSPHRASE_MODE)
    except FileExistsError:
        return path
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(32) + "\n")
    return path


def engine_env(repo_root: Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return the variables to set (on top of ``environ``) for running the engine.

    ``PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION`` is the switch the engine
    checks before installing a missing plugin; with ``bin/`` first on PATH the
    engine finds our plugins there ("ambient" plugins), so it never downloads.
    A passphrase given in ``PULUMI_CONFIG_PASSPHRASE`` (or a file given in
    ``PULUMI_CONFIG_PASSPHRASE_FILE``) wins over the repo's generated file.
    """
    base = os.environ if environ is None else environ
    root = repo_root.resolve()
    state = root / STATE_DIR
    home = root / HOME_DIR
    state.mkdir(exist_ok=True)
    home.mkdir(exist_ok=True)
    first = [str(root / BIN_DIR), str(root / ".venv" / "bin")]
    rest = [entry for entry in base.get("PATH", os.defpath).split(os.pathsep) if entry and entry not in first]
    env = {
        "PATH": os.pathsep.join([*first, *rest]),
        "PULUMI_HOME": str(home),
        "PULUMI_BACKEND_URL": state.as_uri(),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
    }
    if "PULUMI_CONFIG_PASSPHRASE" not in base:
        explicit_file = base.get("PULUMI_CONFIG_PASSPHRASE_FILE")
        passphrase = Path(explicit_file) if explicit_file else ensure_passphrase_file(root / PASSPHRASE_FILE)
        env["PULUMI_CONFIG_PASSPHRASE_FILE"] = str(passphrase)
    return env


def engine_environ(repo_root: Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return a complete environment for a subprocess that runs the engine."""
    base = dict(os.environ if environ is None else environ)
    return base | engine_env(repo_root, base)


def find_engine(repo_root: Path, environ: Mapping[str, str] | None = None) -> Engine:
    """Locate each engine program: ``bin/`` first, then the caller's PATH (an engine installed otherwise)."""
    base = os.environ if environ is None else environ
    root = repo_root.resolve()
    found: dict[str, Path | None] = {}
    for name in ENGINE_BINARIES:
        local = root / BIN_DIR / name
        if local.is_file() and os.access(local, os.X_OK):
            found[name] = local
            continue
        on_path = shutil.which(name, path=base.get("PATH", os.defpath))
        found[name] = Path(on_path) if on_path else None
    return Engine(repo_root=root, binaries=found)


_BUILD_INFO_LINE = re.compile(r"^\s+(?:mod|dep)\s+(\S+)\s+(\S+)")


def parse_build_info(text: str) -> dict[str, str]:
    """Map module path to version from ``go version -m`` output."""
    versions: dict[str, str] = {}
    for line in text.splitlines():
        match = _BUILD_INFO_LINE.match(line)
        if match:
            versions[match.group(1)] = match.group(2)
    return versions


def binary_version(name: str, path: Path) -> str:
    """Say which release a program was built from, read from the binary itself where possible."""
    module = ENGINE_MODULES.get(name)
    if module is None:
        try:
            return f"pulumi-policy {metadata.version('pulumi-policy')} (launcher)"
        except metadata.PackageNotFoundError:
            return "launcher (pulumi-policy not installed)"
    go = shutil.which("go")
    if go is None:
        return "unknown (go not on PATH to read the build info)"
    result = subprocess.run(
        [go, "version", "-m", str(path)], capture_output=True, text=True, check=False, timeout=_GO_TIMEOUT_S
    )
    if result.returncode != 0:
        return f"unknown ({result.stderr.strip() or 'go version -m failed'})"
    return parse_build_info(result.stdout).get(module, "unknown (module not in build info)")
