"""One module per CLI command group; each exposes ``register(subparsers: SubParsers)``.

Every command parses its arguments and calls the library; a ``GovcloudError`` it raises or lets pass
is turned into the exit code and the one error line by ``govcloud.cli.main``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]  # noqa: SLF001 - argparse exposes no public name
    """What ``govcloud.cli.build_parser`` hands each command module's ``register``."""
