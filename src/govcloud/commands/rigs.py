"""Handlers of ``govcloud box`` and ``govcloud hosts`` that load their rig only when they run.

The rigs (:mod:`govcloud.testing`: the local OpenStack box, the netns hosts, their pytest plugin) are
not part of the product's code paths: the two commands register :func:`rig_handler` handlers that name
the rig's module as a string, so building the CLI or running any other command never imports a rig.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    Handler = Callable[[argparse.Namespace], int]


def rig_handler(module: str, name: str) -> Handler:
    """A handler that imports ``module`` and runs its ``name``, at the moment the command runs."""

    def run(args: argparse.Namespace) -> int:
        handler: Handler = getattr(importlib.import_module(module), name)
        return handler(args)

    return run
