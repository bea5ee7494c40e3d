"""What ``govcloud harden`` and ``govcloud audit`` share: which hosts, how to reach them, which values.

Both commands resolve the same options the same way, so the audit judges exactly what hardening was
told to apply: the stack's inventory, the catalogue's platform facts, an optional ``--vars`` file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcloud import paths
from govcloud.bilingual import Text
from govcloud.catalogue.model import CatalogueError, load_catalogue
from govcloud.hardening.connection import Connection
from govcloud.hardening.errors import HardeningInputError
from govcloud.hardening.settings import (
    Target,
    load_targets,
    load_vars_file,
    platform_vars,
    request_vars,
    role_defaults,
)
from govcloud.provisioning import settings
from govcloud.provisioning.inventory import STACK_NAME
from govcloud.provisioning.refusals import RefusedError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping


@dataclass(frozen=True)
class Job:
    """A resolved run: targets with their settings, the extra vars that produced them, the connection."""

    stack: str
    inventory: Path
    extravars: Mapping[str, Any]
    connection: Connection
    targets: list[Target]
    reports: Path

    @property
    def audit_dir(self) -> Path:
        """Where harden runs and audit evidence are kept."""
        return self.reports / "audit"


def add_options(parser: argparse.ArgumentParser) -> None:
    """The options both commands take."""
    parser.add_argument("stack", help="stack name (the system code, e.g. gov-portal)")
    parser.add_argument("--inventory", type=Path, default=None, help="default: inventories/<stack>.yml")
    parser.add_argument("--ssh-config", type=Path, default=None, help="ssh_config reaching the hosts")
    parser.add_argument(
        "--private-key", type=Path, default=None, help="ops private key (default: the stack's key pair)"
    )
    parser.add_argument(
        "--vars",
        type=Path,
        default=None,
        help="YAML of role variables for this environment (playbooks/environments/)",
    )
    parser.add_argument("--catalogue", type=Path, default=None, help="default: catalog/catalogue.yaml")
    parser.add_argument("--reports", type=Path, default=None, help="default: reports/<stack>/")


def resolve(args: argparse.Namespace) -> Job:
    """Check every input before anything runs; raise :class:`HardeningInputError` on the first bad one."""
    root = paths.project_root()
    stack = str(args.stack)
    if not STACK_NAME.match(stack):
        raise HardeningInputError(
            stack, "stack", "SEC-10", Text("栈名不是简单名称", "the stack name is not a plain name")
        )
    inventory: Path = args.inventory or root / "inventories" / f"{stack}.yml"
    try:
        catalogue = load_catalogue(args.catalogue or paths.default_catalogue_path())
    except CatalogueError as exc:
        raise HardeningInputError(
            str(exc.source), "spec.platform", "CAT-2", Text("服务目录无效", "the catalogue is invalid")
        ) from exc
    extravars: dict[str, Any] = {**platform_vars(catalogue), **request_vars(root, stack)}
    if args.vars is not None:
        extravars.update(load_vars_file(args.vars, role_defaults()))
    connection = Connection(args.ssh_config, args.private_key or _stack_key(root, stack)).validate()
    extravars.update(connection.ansible_vars())
    targets = load_targets(inventory, extravars)
    return Job(stack, inventory, extravars, connection, targets, args.reports or root / "reports" / stack)


def _stack_key(root: Path, stack: str) -> Path | None:
    """The private half of the stack's ``sshPublicKeyFile``, when the stack names one that exists."""
    try:
        public = settings.read(root, stack).ssh_public_key_file
    except RefusedError:
        return None
    key = public.with_suffix("") if public else None
    return key if key and key.is_file() else None
