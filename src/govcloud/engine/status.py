"""What each engine piece is, which release it came from and where: ``govcloud engine status``.

Versions are read from the programs themselves (Go build info, ``-version``, the installed SDK), not
from our pins, so the status shows what will actually run; a provider in the plugin cache that differs
from ``bin/`` is reported, because the engine runs the cached one.
"""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.engine import Engine

CLI_MODULE = "github.com/pulumi/pulumi/pkg/v3"
SDK_MODULE = "github.com/pulumi/pulumi/sdk/v3"
BRIDGE_MODULE = "github.com/pulumi/pulumi-terraform-bridge/v3"
UPSTREAM_MODULE = "github.com/terraform-provider-openstack/terraform-provider-openstack/v3"
PROVIDER = "pulumi-resource-openstack"
_TIMEOUT_S = 30
_BUILD_INFO_LINE = re.compile(r"^\s+(?:mod|dep)\s+(\S+)\s+(\S+)")


@dataclass(frozen=True, slots=True)
class Piece:
    """One row of the status: a program, its version, where it came from, where it is."""

    name: str
    version: str
    origin: str
    path: Path | None


def parse_build_info(text: str) -> dict[str, str]:
    """Map module path to version from ``go version -m`` output."""
    versions: dict[str, str] = {}
    for line in text.splitlines():
        match = _BUILD_INFO_LINE.match(line)
        if match:
            versions[match.group(1)] = match.group(2)
    return versions


def build_info(path: Path) -> dict[str, str]:
    """The module versions a Go binary was linked from (empty when ``go`` cannot tell)."""
    go = shutil.which("go")
    if go is None:
        return {}
    result = subprocess.run(
        [go, "version", "-m", str(path)], capture_output=True, text=True, check=False, timeout=_TIMEOUT_S
    )
    return parse_build_info(result.stdout) if result.returncode == 0 else {}


def _run_version(path: Path, flag: str) -> str:
    result = subprocess.run(
        [str(path), flag], capture_output=True, text=True, check=False, timeout=_TIMEOUT_S
    )
    return result.stdout.strip() if result.returncode == 0 else f"unknown ({result.stderr.strip()[:80]})"


def _modules(info: dict[str, str], *modules: str) -> str:
    if not info:
        return "Go build info unreadable (go not on PATH?)"
    return " + ".join(f"{module}@{info.get(module, '?')}" for module in modules)


def describe(engine: Engine, plugin_cache: Path, provider_version: str) -> list[Piece]:
    """One ``Piece`` per program, plus the provider copy the engine will load from the plugin cache."""
    paths = engine.binaries
    pieces: list[Piece] = []
    cli = paths["pulumi"]
    cli_info = build_info(cli) if cli else {}
    pieces.append(
        Piece(
            "pulumi", _run_version(cli, "version") if cli else "missing", _modules(cli_info, CLI_MODULE), cli
        )
    )
    host = paths["pulumi-language-python"]
    pieces.append(
        Piece(
            "pulumi-language-python",
            f"sdk {metadata.version('pulumi')}" if host else "missing",
            "govcloud.engine.language_host (Python, the project's .venv)",
            host,
        )
    )
    exec_script = paths["pulumi-language-python-exec"]
    pieces.append(
        Piece(
            "pulumi-language-python-exec",
            cli_info.get(SDK_MODULE, "?") if exec_script else "missing",
            f"{SDK_MODULE} python/cmd (same release as the CLI's SDK)",
            exec_script,
        )
    )
    provider = paths[PROVIDER]
    pieces.append(
        Piece(
            PROVIDER,
            _run_version(provider, "-version") if provider else "missing",
            _modules(build_info(provider), BRIDGE_MODULE, UPSTREAM_MODULE) if provider else "",
            provider,
        )
    )
    cached = plugin_cache / f"resource-openstack-v{provider_version}" / PROVIDER
    if not cached.is_file():
        state = "missing: run tools/engine/build.sh"
    elif provider is not None and filecmp.cmp(cached, provider, shallow=False):
        state = "same as bin/"
    else:
        state = "DIFFERS from bin/: run tools/engine/build.sh"
    pieces.append(
        Piece("plugin cache: openstack", provider_version, state, cached if cached.is_file() else None)
    )
    return pieces
