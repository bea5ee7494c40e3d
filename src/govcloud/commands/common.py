"""Pieces several commands share: the catalogue option, the stack names, the engine, report output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud import paths
from govcloud.bilingual import Text
from govcloud.errors import GovcloudError
from govcloud.files import write_atomic

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterable

    from govcloud.catalogue.model import Catalogue

    CatalogueHandler = Callable[[argparse.Namespace, Catalogue], int]


def with_catalogue(parser: argparse.ArgumentParser, handler: CatalogueHandler) -> None:
    """``--catalogue PATH`` (default: the project's), loaded before ``handler`` runs with it.

    A broken catalogue is unusable input (``CatalogueError``, exit 2) before the command reads or
    writes anything else.
    """
    parser.add_argument(
        "--catalogue",
        type=Path,
        default=paths.default_catalogue_path(),
        help="service catalogue file (default: catalog/catalogue.yaml)",
    )

    def run(args: argparse.Namespace) -> int:
        from govcloud.catalogue.model import load_catalogue  # noqa: PLC0415 - keep the CLI's start fast

        return handler(args, load_catalogue(args.catalogue))

    parser.set_defaults(handler=run)


def require_stacks(root: Path, stacks: Iterable[str]) -> None:
    """Unusable input unless each name is a plain stack name with a ``Pulumi.<stack>.yaml`` in ``root``.

    Checked before anything else runs, since a stack name ends up in paths (``reports/<stack>/``).
    """
    from govcloud.provisioning.inventory import STACK_NAME  # noqa: PLC0415 - only the stack commands

    unknown = [
        stack
        for stack in stacks
        if not STACK_NAME.match(stack) or not (root / f"Pulumi.{stack}.yaml").is_file()
    ]
    if unknown:
        names = [repr(stack) for stack in unknown]
        text = Text(
            f"没有名为 {'、'.join(names)} 的栈（需要 Pulumi.<栈>.yaml）",
            f"no stack {', '.join(names)}: a stack is a plain name with a Pulumi.<stack>.yaml in {root}",
        )
        raise GovcloudError("stack-known", text, where="stack")


def engine_environ(root: Path) -> dict[str, str]:
    """The environment that runs the engine in ``bin/``; exit 3 naming what is missing when it is not built."""
    from govcloud import engine  # noqa: PLC0415 - only the engine commands

    missing = engine.find_engine(root).missing
    if missing:
        names = ", ".join(missing)
        text = Text(
            f"Pulumi 引擎尚未构建（缺少 {names}）：请运行 {engine.BUILD_SCRIPT}",
            f"the Pulumi engine is not built ({names}): run {engine.BUILD_SCRIPT}",
        )
        raise engine.EngineNotBuiltError("engine-built", text, where=str(root / engine.BIN_DIR))
    return engine.engine_environ(root)


def write_output(report: str, output: Path | None) -> None:
    """Print the report, or replace ``output`` atomically so a failed run never leaves half a file."""
    if output is None:
        sys.stdout.write(report)
        return
    try:
        write_atomic(output, report)
    except OSError as exc:  # a folder of that name, no permission, a full disk: nothing was replaced
        text = Text(
            f"无法写入输出文件（{exc.strerror}）", f"the output file cannot be written ({exc.strerror})"
        )
        raise GovcloudError("output-writable", text, where=str(output)) from exc
