"""The check that the test rigs' ``testing`` extra is installed, before ``govcloud box`` or ``hosts`` runs.

The rigs (:mod:`govcloud.testing`: the local OpenStack box, the netns hosts, their pytest plugin) are
not part of the product: their dependencies are the package's ``testing`` extra, the two commands that
drive them register :func:`rig_handler` handlers, which import the rig only when the command runs and
stop with exit 2 and the ``pip install`` line when the extra is missing, instead of failing half-way.
"""

from __future__ import annotations

import importlib
import re
from importlib import metadata
from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.errors import GovcloudError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    Handler = Callable[[argparse.Namespace], int]

DISTRIBUTION = "govcloud-iac"
EXTRA = "testing"
RULE = "testing-extra-installed"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_IN_EXTRA = re.compile(rf"""extra\s*==\s*["']{EXTRA}["']""")


def extra_requirements() -> list[str]:
    """The distributions the ``testing`` extra names, from the installed package's own metadata.

    Run from a source tree that was never installed, there is no metadata and nothing to check.
    """
    try:
        requirements = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return []
    return [
        match.group()
        for requirement in requirements
        if ";" in requirement and _IN_EXTRA.search(requirement.split(";", 1)[1])
        if (match := _NAME.match(requirement))
    ]


def missing_requirements() -> list[str]:
    """Those of the extra's distributions that are not installed."""
    missing = []
    for name in extra_requirements():
        try:
            metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    return missing


def rig_handler(module: str, name: str) -> Handler:
    """A handler that imports ``module`` and runs its ``name`` only if the ``testing`` extra is installed.

    Otherwise it stops with exit 2 and the ``pip install`` line, before anything of the rig is imported.
    """

    def run(args: argparse.Namespace) -> int:
        missing = missing_requirements()
        if missing:
            names = ", ".join(missing)
            raise GovcloudError(
                RULE,
                Text(
                    f"测试装置（本地 OpenStack 与网络命名空间主机）需要 {EXTRA} 扩展，缺少 {names}："
                    f"请运行 pip install '{DISTRIBUTION}[{EXTRA}]'",
                    f"the test rigs (local OpenStack box, netns hosts) need the {EXTRA} extra, "
                    f"missing {names}: run pip install '{DISTRIBUTION}[{EXTRA}]'",
                ),
            )
        handler: Handler = getattr(importlib.import_module(module), name)
        return handler(args)

    return run
