"""Where the Pulumi engine binaries are and the environment they must run in.

The engine is built from source into ``<repo>/bin`` by ``tools/engine/build.sh``
(no registry we reach ships it). Every caller — the CLI, tests, stack runs, the
sourced ``tools/engine/env.sh`` — takes the environment from here, so the engine
runs the same way everywhere: plugins only from ``bin/`` and the repo's plugin
cache (never downloaded), a repo-local file backend, and a local passphrase for
secrets.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.errors import ExitCode, GovcloudError

if TYPE_CHECKING:
    from collections.abc import Mapping

BUILD_SCRIPT = Path("tools/engine/build.sh")
VERSIONS_FILE = Path("tools/engine/versions.env")
BIN_DIR = "bin"
STATE_DIR = ".pulumi-state"
HOME_DIR = ".pulumi-home"
PASSPHRASE_FILE = ".pulumi-passphrase"  # noqa: S105 - a file name, not a secret
PASSPHRASE_MODE = 0o600

ENGINE_BINARIES: tuple[str, ...] = (
    "pulumi",
    "pulumi-language-python",
    "pulumi-language-python-exec",
    "pulumi-resource-openstack",
)
"""What ``bin/`` holds after a build: the CLI, our language host's launcher and the SDK's exec script, the provider."""


class EngineNotBuiltError(GovcloudError):
    """A required engine binary is not in ``bin/``: the build has not been run (exit 3)."""

    exit_code = ExitCode.NO_ENGINE


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
            text = Text(
                f"缺少 {BIN_DIR}/{name}：请运行 {BUILD_SCRIPT}（在 {self.repo_root} 中）",
                f"{BIN_DIR}/{name} is missing: run {BUILD_SCRIPT} (in {self.repo_root})",
            )
            raise EngineNotBuiltError("engine-built", text)
        return path


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
    checks before installing a missing plugin, so it never downloads one. With
    ``PULUMI_IGNORE_AMBIENT_PLUGINS`` the provider comes from the plugin cache in
    ``PULUMI_HOME`` (build.sh installs it there) and the language host from beside
    ``bin/pulumi``, without a "using … from $PATH" warning in every run.
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
        # An explicit backend wins (CI keeps state in the provider's object store); else the repo's.
        "PULUMI_BACKEND_URL": base.get("PULUMI_BACKEND_URL") or state.as_uri(),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_IGNORE_AMBIENT_PLUGINS": "true",
        # Shows the CLI's --event-log flag (as the Automation API does): reviews read the event stream.
        "PULUMI_DEBUG_COMMANDS": "true",
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
